package com.m2m.app.ops;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/**
 * Health component {@code axonProcessors}, part of the readiness group: up when every event processor runs, and
 * every streaming one (the webhook outbox) has its tokens in the token store and no segment of it is in error on
 * this node. Subscribing processors (the read models) run inside the command's transaction, so "running" is all
 * they need. Asking whether tokens exist rather than whether this node holds them keeps a second node ready while
 * the first one owns the segment.
 */
@Component("axonProcessors")
public class AxonProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;

    public AxonProcessorsHealthIndicator(EventProcessingConfiguration processing, TokenStore tokenStore) {
        super("Axon event processors check failed");
        this.processing = processing;
        this.tokenStore = tokenStore;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, String> states = new TreeMap<>();
        boolean ready = true;
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            String state = state(entry.getKey(), entry.getValue());
            ready &= state.equals("running");
            states.put(entry.getKey(), state);
        }
        (ready ? builder.up() : builder.down()).withDetail("processors", states);
    }

    private String state(String name, EventProcessor processor) {
        if (!processor.isRunning()) {
            return "stopped";
        }
        if (processor instanceof StreamingEventProcessor streaming) {
            if (streaming.isError()
                    || streaming.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState)) {
                return "error";
            }
            if (tokenStore.fetchSegments(name).length == 0) {
                return "no tokens yet";
            }
        }
        return "running";
    }
}
