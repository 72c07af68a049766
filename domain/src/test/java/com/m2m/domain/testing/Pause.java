package com.m2m.domain.testing;

/** The pause between two probes of a test's bounded wait. */
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
}
