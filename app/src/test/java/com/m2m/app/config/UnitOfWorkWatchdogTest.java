package com.m2m.app.config;

import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UnitOfWorkWatchdogTest {

    final AtomicLong now = new AtomicLong();
    final UnitOfWorkWatchdog watchdog = new UnitOfWorkWatchdog(now::get, null);
    final MessageHandlerInterceptor<Message<?>> interceptor = watchdog.interceptor("CommandBus");

    @Test
    void watchesARootUnitOfWorkWhileItRunsAndNestedOnesWithIt() throws Exception {
        AtomicInteger seenInside = new AtomicInteger();
        run(() -> {
            // A subscribing projection's unit of work nested in the command's: the same watch.
            run(() -> {
                seenInside.set(watchdog.inFlight());
                return null;
            });
            return null;
        });
        assertThat(seenInside).hasValue(1);
        assertThat(watchdog.inFlight()).isZero();
    }

    @Test
    void forgetsAUnitOfWorkThatFailed() {
        AtomicInteger seenInside = new AtomicInteger();
        try {
            run(() -> {
                seenInside.set(watchdog.inFlight());
                throw new IllegalStateException("handler failed");
            });
        } catch (Exception | Error rolledBack) {
            // how the failure surfaces is Axon's business; that it is no longer watched is this test's
        }
        assertThat(seenInside).hasValue(1);
        assertThat(watchdog.inFlight()).isZero();
    }

    @Test
    void interruptsOnlyPastTheTimeoutAndOnce() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger interrupts = new AtomicInteger();
        Thread stuck = new Thread(() -> {
            try {
                run(() -> {
                    inside.countDown();
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                            if (interrupts.incrementAndGet() == 1) {
                                return null;
                            }
                        }
                    }
                });
            } catch (Exception ignored) {
                // the handler returns normally once interrupted
            }
        });
        stuck.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        now.set(UnitOfWorkWatchdog.WARN_AFTER.toNanos());
        watchdog.check();
        now.set(UnitOfWorkWatchdog.INTERRUPT_AFTER.toNanos() - 1);
        watchdog.check();
        assertThat(interrupted).isFalse();

        now.set(UnitOfWorkWatchdog.INTERRUPT_AFTER.toNanos());
        watchdog.check();
        watchdog.check();
        stuck.join(10_000);
        assertThat(stuck.isAlive()).isFalse();
        assertThat(interrupts).hasValue(1);
        assertThat(watchdog.inFlight()).isZero();
    }

    private interface Work {
        Object call() throws Exception;
    }

    private Object run(Work work) throws Exception {
        UnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("payload"));
        return unitOfWork.executeWithResult(() -> interceptor.handle(unitOfWork, work::call)).getPayload();
    }
}
