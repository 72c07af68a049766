package com.m2m.domain.testing;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;

import java.util.List;

/**
 * The commonest aggregate expectation: a command, on an aggregate with a given history, is refused with a typed
 * exception and records nothing. Returned so a test can add what it checks beyond that (the message, say).
 */
public final class Refusals {

    private Refusals() {
    }

    public static <T> ResultValidator<T> refused(FixtureConfiguration<T> fixture, Object command,
                                                 Class<? extends Throwable> refusal, Object... history) {
        return fixture.given(history).when(command).expectException(refusal).expectNoEvents();
    }

    public static <T> ResultValidator<T> refused(FixtureConfiguration<T> fixture, Object command,
                                                 Class<? extends Throwable> refusal, List<?> history) {
        return fixture.given(history).when(command).expectException(refusal).expectNoEvents();
    }
}
