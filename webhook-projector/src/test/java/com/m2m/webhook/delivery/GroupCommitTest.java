package com.m2m.webhook.delivery;

import com.m2m.domain.testing.Pause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Group commit of attempt results: what gathers during a write goes together in the next one. */
class GroupCommitTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(8);
    private final List<List<Integer>> writes = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void aLoneItemIsWrittenAtOnceAndWhatGathersDuringAWriteGoesInTheNextOne() throws Exception {
        List<String> results = whileTheFirstWriteRuns(5, items -> items);

        assertThat(results).containsExactly("done 0", "done 1", "done 2", "done 3", "done 4", "done 5");
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)).containsExactly(0);
        assertThat(writes.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void whenASharedWriteFailsEachItemIsWrittenAloneAndOnlyTheBadOneFails() throws Exception {
        List<String> results = whileTheFirstWriteRuns(4, items -> {
            if (items.contains(3)) {
                throw new IllegalStateException("item 3 cannot be written");
            }
            return items;
        });

        assertThat(results).containsExactly("done 0", "done 1", "done 2", "failed: item 3 cannot be written",
                "done 4");
        assertThat(writes.subList(2, writes.size())).as("after the failed shared write, one write per item")
                .allMatch(write -> write.size() == 1).hasSize(4);
    }

    /**
     * Item 0 is written first and held until {@code gathering} more callers have handed theirs in meanwhile; then
     * every caller's result in item order ("done i", or "failed: " and the message). {@code check} sees each write's
     * items and may throw.
     */
    private List<String> whileTheFirstWriteRuns(int gathering, UnaryOperator<List<Integer>> check) throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        GroupCommit<Integer, String> group = new GroupCommit<>(items -> {
            writes.add(List.copyOf(items));
            if (items.contains(0)) {
                firstWriting.countDown();
                Pause.until(releaseFirst);
            }
            return check.apply(items).stream().map(i -> "done " + i).toList();
        });
        List<Future<String>> calls = new ArrayList<>();
        calls.add(callers.submit(() -> group.write(0)));
        Pause.until(firstWriting);
        for (int i = 1; i <= gathering; i++) {
            int item = i;
            calls.add(callers.submit(() -> group.write(item)));
        }
        waitUntilParked(gathering);
        releaseFirst.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> call : calls) {
            try {
                results.add(call.get(10, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                results.add("failed: " + e.getCause().getMessage());
            }
        }
        return results;
    }

    /** Until {@code callers} threads wait for the write under way (their items handed in). */
    private void waitUntilParked(int callers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getState() == Thread.State.WAITING)
                .filter(t -> waitsInGroupCommit(t.getStackTrace()))
                .count() < callers) {
            assertThat(System.nanoTime()).as("callers waiting").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** In {@code Object.wait} called by {@link GroupCommit} (not the writer's own wait on a latch). */
    private static boolean waitsInGroupCommit(StackTraceElement[] stack) {
        for (int i = 0; i + 1 < stack.length; i++) {
            if (stack[i].getClassName().equals(Object.class.getName()) && stack[i].getMethodName().startsWith("wait")
                    && List.of(stack).subList(i + 1, stack.length).stream().anyMatch(frame ->
                    frame.getClassName().equals(GroupCommit.class.getName()))) {
                return true;
            }
        }
        return false;
    }
}
