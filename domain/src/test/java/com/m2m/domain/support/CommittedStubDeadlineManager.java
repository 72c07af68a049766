package com.m2m.domain.support;

import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.test.deadline.DeadlineConsumer;
import org.axonframework.test.deadline.ScheduledDeadlineInfo;
import org.axonframework.test.deadline.StubDeadlineManager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Axon's {@link StubDeadlineManager} (simulated time, deadlines triggered by advancing it) with what the real
 * managers add: a deadline is scheduled only when the unit of work that asked for it commits, so a refused or
 * conflicting command schedules nothing; and it is safe to use from many threads.
 */
public final class CommittedStubDeadlineManager implements DeadlineManager {

    private final StubDeadlineManager stub;

    public CommittedStubDeadlineManager(Instant now) {
        this.stub = new StubDeadlineManager(now);
    }

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        onCommit(() -> stub.schedule(triggerDateTime, deadlineName, messageOrPayload, deadlineScope));
        return deadlineName + "@" + triggerDateTime;
    }

    @Override
    public String schedule(Duration triggerDuration, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        Instant trigger;
        synchronized (stub) {
            trigger = stub.getCurrentDateTime().plus(triggerDuration);
        }
        return schedule(trigger, deadlineName, messageOrPayload, deadlineScope);
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        onCommit(() -> stub.cancelSchedule(deadlineName, scheduleId));
    }

    @Override
    public void cancelAll(String deadlineName) {
        onCommit(() -> stub.cancelAll(deadlineName));
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        onCommit(() -> stub.cancelAllWithinScope(deadlineName, scope));
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super DeadlineMessage<?>> dispatchInterceptor) {
        return stub.registerDispatchInterceptor(dispatchInterceptor);
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super DeadlineMessage<?>> handlerInterceptor) {
        return stub.registerHandlerInterceptor(handlerInterceptor);
    }

    /** The deadlines not triggered yet, earliest first. */
    public List<ScheduledDeadlineInfo> scheduled() {
        synchronized (stub) {
            return List.copyOf(stub.getScheduledDeadlines());
        }
    }

    public Instant now() {
        synchronized (stub) {
            return stub.getCurrentDateTime();
        }
    }

    /** Moves the simulated time, handing every deadline due meanwhile (in order) to {@code consumer}. */
    public void advanceTimeTo(Instant instant, DeadlineConsumer consumer) {
        synchronized (stub) {
            stub.advanceTimeTo(instant, consumer);
        }
    }

    private void onCommit(Runnable action) {
        Runnable locked = () -> {
            synchronized (stub) {
                action.run();
            }
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> locked.run());
        } else {
            locked.run();
        }
    }
}
