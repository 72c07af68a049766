package com.m2m.webhook.delivery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        GroupCommit<Integer, String> group = new GroupCommit<>(items -> {
            writes.add(List.copyOf(items));
            if (items.contains(0)) {
                firstWriting.countDown();
                await(releaseFirst);
            }
            return items.stream().map(i -> "done " + i).toList();
        });

        Future<String> first = callers.submit(() -> group.write(0));
        await(firstWriting);
        List<Future<String>> gathered = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int item = i;
            gathered.add(callers.submit(() -> group.write(item)));
        }
        waitUntilParked(5);
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done 0");
        for (int i = 0; i < gathered.size(); i++) {
            assertThat(gathered.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("done " + (i + 1));
        }
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)).containsExactly(0);
        assertThat(writes.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void whenASharedWriteFailsEachItemIsWrittenAloneAndOnlyTheBadOneFails() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        GroupCommit<Integer, String> group = new GroupCommit<>(items -> {
            writes.add(List.copyOf(items));
            if (items.contains(0)) {
                firstWriting.countDown();
                await(releaseFirst);
            }
            if (items.contains(3)) {
                throw new IllegalStateException("item 3 cannot be written");
            }
            return items.stream().map(i -> "done " + i).toList();
        });
        Future<String> first = callers.submit(() -> group.write(0));
        await(firstWriting);
        List<Future<String>> gathered = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int item = i;
            gathered.add(callers.submit(() -> group.write(item)));
        }
        waitUntilParked(4);
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done 0");
        assertThat(gathered.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("done 1");
        assertThat(gathered.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("done 2");
        assertThatThrownBy(() -> gathered.get(2).get(10, TimeUnit.SECONDS)).hasRootCauseMessage(
                "item 3 cannot be written");
        assertThat(gathered.get(3).get(10, TimeUnit.SECONDS)).isEqualTo("done 4");
        assertThat(writes.subList(2, writes.size())).as("after the failed shared write, one write per item")
                .allMatch(write -> write.size() == 1).hasSize(4);
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

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
