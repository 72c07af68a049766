package com.m2m.app.config;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Guards against a stuck unit of work (a command, a query, an event processor's batch, a deadline) the way Axon
 * 4.13's transaction timeouts do, at their defaults: a warning with the thread's stack after {@link #WARN_AFTER}
 * and every {@link #WARN_EVERY} after that, then an error and an interrupt at {@link #INTERRUPT_AFTER}.
 * <p>
 * It replaces Axon's own ({@code axon.timeout.enabled=false}) for its cost: Axon wraps every message handler as
 * well as every unit of work, and each start captures the whole stack of its thread ({@code Thread.getStackTrace})
 * and schedules a task on a shared executor — about fourteen of each for one create link, whose request thread
 * runs ten subscribing projections (docs/performance.md "CPU of one create link"). Here a start is one set insert,
 * and one thread looks at what is in flight once a second. The handler-level timeouts Axon adds inside a unit of
 * work are not repeated: every handler runs within one of the units of work guarded here.
 */
public final class UnitOfWorkWatchdog implements AutoCloseable {

    static final Duration WARN_AFTER = Duration.ofSeconds(10);
    static final Duration WARN_EVERY = Duration.ofSeconds(1);
    static final Duration INTERRUPT_AFTER = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(UnitOfWorkWatchdog.class);
    private static final String RESOURCE_KEY = UnitOfWorkWatchdog.class.getName();

    private final Set<Watched> inFlight = ConcurrentHashMap.newKeySet();
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService checker;

    /** Checks once per {@link #WARN_EVERY} on a daemon thread of its own. */
    public static UnitOfWorkWatchdog started() {
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "unit-of-work-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        UnitOfWorkWatchdog watchdog = new UnitOfWorkWatchdog(System::nanoTime, checker);
        checker.scheduleWithFixedDelay(watchdog::check, WARN_EVERY.toMillis(), WARN_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return watchdog;
    }

    /** @param checker what to stop on {@link #close()}, or null (tests call {@link #check()} themselves) */
    UnitOfWorkWatchdog(LongSupplier nanoTime, ScheduledExecutorService checker) {
        this.nanoTime = nanoTime;
        this.checker = checker;
    }

    /** Watches each root unit of work that passes through it, named after {@code component} in the logs. */
    public MessageHandlerInterceptor<Message<?>> interceptor(String component) {
        String task = "UnitOfWork of " + component;
        return (unitOfWork, chain) -> {
            UnitOfWork<?> root = unitOfWork.root();
            // Nested units of work (a subscribing projection inside a command's) share their root's watch.
            if (!root.resources().containsKey(RESOURCE_KEY)) {
                Watched watched = new Watched(task, Thread.currentThread(), nanoTime.getAsLong());
                root.resources().put(RESOURCE_KEY, watched);
                inFlight.add(watched);
                root.onCleanup(done -> inFlight.remove(watched));
            }
            return chain.proceed();
        };
    }

    /** Units of work being watched now. */
    int inFlight() {
        return inFlight.size();
    }

    /** Warns about, and at last interrupts, what has run too long. */
    void check() {
        long now = nanoTime.getAsLong();
        for (Watched watched : inFlight) {
            long elapsed = now - watched.startedNanos;
            if (elapsed >= INTERRUPT_AFTER.toNanos()) {
                if (!watched.interrupted) {
                    watched.interrupted = true;
                    log.error("{} on thread [{}] has exceeded its timeout of [{}ms]. Interrupting thread.\n{}",
                            watched.task, watched.thread.getName(), INTERRUPT_AFTER.toMillis(), stack(watched.thread));
                    watched.thread.interrupt();
                }
            } else if (elapsed >= watched.nextWarningNanos) {
                watched.nextWarningNanos = elapsed + WARN_EVERY.toNanos();
                log.warn("{} on thread [{}] is taking a long time to process: [{}ms]; it will be interrupted at"
                                + " [{}ms].\n{}", watched.task, watched.thread.getName(),
                        TimeUnit.NANOSECONDS.toMillis(elapsed), INTERRUPT_AFTER.toMillis(), stack(watched.thread));
            }
        }
    }

    private static String stack(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).map(StackTraceElement::toString)
                .collect(Collectors.joining("\n\tat ", "Stacktrace of the thread:\n\tat ", ""));
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    /** A unit of work in flight; its warning and interrupt state is only touched by the checking thread. */
    private static final class Watched {
        final String task;
        final Thread thread;
        final long startedNanos;
        long nextWarningNanos = WARN_AFTER.toNanos();
        boolean interrupted;

        Watched(String task, Thread thread, long startedNanos) {
            this.task = task;
            this.thread = thread;
            this.startedNanos = startedNanos;
        }
    }
}
