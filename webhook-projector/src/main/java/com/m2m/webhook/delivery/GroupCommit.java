package com.m2m.webhook.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lets concurrent callers share one transaction (group commit): a caller hands its item in and waits; the first
 * caller to find no write under way writes everything handed in so far, in one call of the writer, and hands each
 * caller its own result. While that write runs, new items gather for the next one, so under load each transaction
 * carries many items and idle, it carries one, written at once: no timer, no added wait.
 *
 * <p>Why for attempt results: each result moves the tenant's totals' rows ({@link DeliveryCounts}), which stay locked
 * until the transaction commits, so one transaction a result made the workers of one tenant queue on those rows,
 * commit after commit (41.7 s of waits by the senders in a 13 s saturation run, docs/performance.md, "Webhooks").
 *
 * <p>When a shared write fails, each of its items is written again alone, so one item's failure is that item's only.
 *
 * @param <T> what a caller hands in
 * @param <R> what it gets back
 */
final class GroupCommit<T, R> {

    private final Function<List<T>, List<R>> writer;
    private final Object lock = new Object();
    private List<Waiting<T, R>> gathered = new ArrayList<>();
    private boolean writing;

    /** @param writer writes the items together (one transaction) and returns their results in the same order */
    GroupCommit(Function<List<T>, List<R>> writer) {
        this.writer = writer;
    }

    /** Writes {@code item} with whatever other callers hand in meanwhile and returns its result once committed. */
    R write(T item) {
        Waiting<T, R> mine = new Waiting<>(item);
        List<Waiting<T, R>> batch;
        boolean interrupted = false;
        synchronized (lock) {
            gathered.add(mine);
            while (writing && !mine.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // The result must still be recorded (or the delivery would be sent again): wait on, interrupt
                    // restored below for the caller.
                    interrupted = true;
                }
            }
            if (mine.done) {
                return mine.result(interrupted);
            }
            // The writer must not write interrupted (a pool's wait for a connection, a retry's pause would fail
            // everybody's results): the flag is held back until the write is done.
            interrupted |= Thread.interrupted();
            writing = true;
            batch = gathered;
            gathered = new ArrayList<>();
        }
        try {
            writeAll(batch);
        } finally {
            for (Waiting<T, R> waiting : batch) {
                if (!waiting.done) { // an Error out of the writer: nobody waits forever
                    waiting.fail(new IllegalStateException("Not written: the shared write failed"));
                }
            }
            synchronized (lock) {
                writing = false;
                lock.notifyAll();
            }
        }
        return mine.result(interrupted);
    }

    private void writeAll(List<Waiting<T, R>> batch) {
        try {
            List<R> results = writer.apply(batch.stream().map(Waiting::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).succeed(results.get(i));
            }
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
                return;
            }
        }
        for (Waiting<T, R> waiting : batch) {
            try {
                waiting.succeed(writer.apply(List.of(waiting.item())).get(0));
            } catch (RuntimeException e) {
                waiting.fail(e);
            }
        }
    }

    /** One caller's item and, once written, its result or failure (guarded by the lock's hand-over). */
    private static final class Waiting<T, R> {

        private final T item;
        private volatile boolean done;
        private R value;
        private RuntimeException failure;

        Waiting(T item) {
            this.item = item;
        }

        T item() {
            return item;
        }

        void succeed(R result) {
            value = result;
            done = true;
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }

        R result(boolean interrupted) {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }
}
