package com.m2m.domain.testing;

import java.time.Duration;
import java.time.Instant;

/** A clock the test moves by hand (visible across threads: projectors and dispatchers read it on their own). */
public final class MutableClock extends UtcClock {

    private volatile Instant now;

    public MutableClock(Instant now) {
        this.now = now;
    }

    public void set(Instant instant) {
        now = instant;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
