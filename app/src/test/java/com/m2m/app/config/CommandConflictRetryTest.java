package com.m2m.app.config;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The command gateway of every route (ClusterConfiguration): a command that lost a concurrency race on the event
 * store (another node appended to the same aggregate first) is sent again; any other failure is answered at once.
 */
class CommandConflictRetryTest {

    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = new ClusterConfiguration().commandGateway(bus);

    @Test
    void aConcurrencyConflictIsRetriedUntilTheCommandPasses() {
        AtomicInteger calls = new AtomicInteger();
        bus.subscribe(String.class.getName(), message -> {
            if (calls.incrementAndGet() < 3) {
                throw new ConcurrencyException("another node appended first");
            }
            return "done";
        });

        Object result = gateway.sendAndWait(GenericCommandMessage.asCommandMessage("revoke"));

        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aConflictThatPersistsGivesUpAfterTheRetries() {
        AtomicInteger calls = alwaysFailingWith(new ConcurrencyException("always behind"));

        assertThatThrownBy(() -> gateway.sendAndWait(GenericCommandMessage.asCommandMessage("revoke")))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(calls).hasValue(1 + ClusterConfiguration.COMMAND_CONFLICT_RETRIES);
    }

    @Test
    void aRuleViolationIsNotRetried() {
        AtomicInteger calls = alwaysFailingWith(new IllegalStateException("link already revoked"));

        assertThatThrownBy(() -> gateway.sendAndWait(GenericCommandMessage.asCommandMessage("revoke")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    /** Subscribes a handler that fails every time with {@code failure}; answers how often it was called. */
    private AtomicInteger alwaysFailingWith(RuntimeException failure) {
        AtomicInteger calls = new AtomicInteger();
        bus.subscribe(String.class.getName(), message -> {
            calls.incrementAndGet();
            throw failure;
        });
        return calls;
    }
}
