package com.m2m.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code m2m.axon.processor.lag{processor}}: how many events a streaming processor is behind the head of the event
 * store (the largest global index), read at scrape time. The position is the one stored in the token table, the
 * furthest-behind segment counting, so every node reports the same lag, also while the processor is stopped or
 * owned by another node. A segment that has handled nothing yet is behind by every event. NaN when the database
 * cannot be read. Subscribing processors handle each event in the transaction that stores it, so their lag is
 * always 0 and they get no gauge. Registered once the application is ready, when the processors exist.
 */
@Component
public record ProcessorLagMetrics(EventProcessingConfiguration processing, MeterRegistry registry, JdbcTemplate jdbc,
                                  Serializer serializer) {

    public static final String LAG = "m2m.axon.processor.lag";

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                Gauge.builder(LAG, () -> lag(name))
                        .description("Events a streaming event processor is behind the head of the event store")
                        .tag("processor", name)
                        .register(registry);
            }
        });
    }

    double lag(String processorName) {
        try {
            Long head = jdbc.queryForObject("SELECT MAX(globalindex) FROM domainevententry", Long.class);
            List<Long> positions = jdbc.query("SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                    (rs, row) -> position(rs.getBytes("token"), rs.getString("tokentype")), processorName);
            if (positions.isEmpty()) {
                return Double.NaN;
            }
            long lowest = positions.stream().mapToLong(Long::longValue).min().orElse(0);
            return head == null ? 0 : Math.max(0, head - lowest);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The global index a stored token has reached; 0 (before the first event) when it has handled nothing. */
    private long position(byte[] token, String type) {
        if (token == null || type == null) {
            return 0;
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? 0 : tracking.position().orElse(0);
    }
}
