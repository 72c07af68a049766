package com.m2m.domain.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The pause between two probes of a test's bounded wait, and a bounded wait for another thread's signal. */
public final class Pause {

    private Pause() {
    }

    /**
     * Sleeps {@code millis}. An interrupt ends the wait with an error (the thread's interrupt flag set again)
     * rather than letting the loop go on probing without pauses.
     */
    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** Waits for {@code latch} at most 30 s; an error if it did not open by then or the wait was interrupted. */
    public static void until(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not signalled within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
