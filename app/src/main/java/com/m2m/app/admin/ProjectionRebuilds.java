package com.m2m.app.admin;

import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drops a read model and rebuilds it from the event store.
 * <ul>
 * <li>Subscribing projections (the partner-facing read models): reset and replay in one transaction, so readers
 * see the old model or the new one, never a half-built one.</li>
 * <li>Streaming processors (the webhook outbox): tokens reset, the processor catches up on its own. The outbox
 * inserts at most one delivery per webhook id and endpoint, so a replay re-sends nothing. With several nodes, only
 * the node that holds the processor's claim (or any node while no other holds it) can reset it; elsewhere the
 * rebuild is refused with 409 and nothing changes.</li>
 * </ul>
 * Subscribing read models live in the shared database, so a rebuild on any node rebuilds them for every node; while
 * it runs, every node's commands wait at their event append ({@link #holdEventAppends()}).
 */
@Service
public class ProjectionRebuilds {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final JdbcTemplate jdbc;
    private final boolean postgres;

    public ProjectionRebuilds(EventProcessingConfiguration processing, EventStore eventStore,
                              TransactionTemplate transactions, Clock clock, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        this.postgres = product != null && product.toLowerCase().contains("postgres");
        this.processing = processing;
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.clock = clock;
    }

    public record Rebuilt(String name, String mode, long eventsReplayed, long durationMs, Instant rebuiltAt) {
    }

    public List<String> names() {
        return processing.eventProcessors().keySet().stream().sorted().toList();
    }

    public Rebuilt rebuild(String name) {
        EventProcessor processor = processing.eventProcessor(name)
                .orElseThrow(() -> new ResourceNotFoundException("Projection not found; known: " + names()));
        Instant started = clock.instant();
        if (processor instanceof SubscribingEventProcessor subscribing) {
            long replayed = transactions.execute(status -> {
                holdEventAppends();
                return replay(subscribing.eventHandlerInvoker());
            });
            return new Rebuilt(name, "subscribing", replayed, Duration.between(started, clock.instant()).toMillis(),
                    clock.instant());
        }
        if (processor instanceof StreamingEventProcessor streaming) {
            streaming.shutDown();
            try {
                streaming.resetTokens();
            } catch (UnableToClaimTokenException e) {
                // Another node holds the segment's claim: resetting under it would race its processing, so the
                // rebuild is refused (nothing changed) and this node's processor goes back to standing by.
                throw new InvalidStateException("Projection " + name + " is being processed by another node;"
                        + " a streaming projection is rebuilt on the node that holds its claim (see"
                        + " docs/operations.md \"Several nodes\"), try again on that node or when it is stopped");
            } finally {
                streaming.start();
            }
            return new Rebuilt(name, "streaming", -1, Duration.between(started, clock.instant()).toMillis(),
                    clock.instant());
        }
        throw new IllegalStateException("Cannot rebuild processor " + name);
    }

    /**
     * On PostgreSQL, every node's commands append their events before their subscribing projections run, in one
     * transaction: a {@code SHARE} lock on the event table, held until the rebuild commits, makes the commands of
     * every node wait at their append (reads go on), and waits itself for the appends under way to commit. So the
     * replay sees every event committed before it, and no command updates the read model under it (an update of
     * a row the rebuild deleted would be lost). H2 serves a single node, whose commands wait on the rows.
     */
    private void holdEventAppends() {
        if (postgres) {
            jdbc.execute("LOCK TABLE domainevententry IN SHARE MODE");
        }
    }

    private long replay(EventHandlerInvoker invoker) {
        invoker.performReset();
        long count = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                if (invoker.canHandle(event, Segment.ROOT_SEGMENT)) {
                    DefaultUnitOfWork.startAndGet(event).execute(() -> {
                        try {
                            invoker.handle(event, Segment.ROOT_SEGMENT);
                        } catch (Exception e) {
                            throw new IllegalStateException("Replay failed at event " + event.getIdentifier(), e);
                        }
                    });
                    count++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while rebuilding", e);
        }
        return count;
    }
}
