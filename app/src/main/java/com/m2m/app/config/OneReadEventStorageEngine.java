package com.m2m.app.config;

import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Axon's JDBC event store, loading an aggregate in one statement instead of three. Axon reads the newest snapshot,
 * then the events after it in batches until a batch comes back empty: a new user costs two reads, a user without a
 * snapshot three. Here the snapshot read also fetches the first batch of events after that snapshot (one
 * {@code UNION ALL}), and hands it to the events read that follows at once on the same thread; a batch shorter than
 * the limit is the end of the stream, so the "until empty" read is answered without a query.
 *
 * <p>What is read is what Axon would read in that transaction (the same rows, in the same order); a follow-up read
 * that asks for anything else (another aggregate, another first sequence number: a snapshot that could not be
 * used) goes to the database as before. Appends are untouched: a stale load still loses on the sequence constraint.
 */
final class OneReadEventStorageEngine extends JdbcEventStorageEngine {

    /** Events fetched with the snapshot, for the read of {@code aggregateIdentifier} from {@code firstSequenceNumber}. */
    private record Prefetched(String aggregateIdentifier, long firstSequenceNumber, List<DomainEventData<?>> events,
                              boolean complete) {
    }

    private final ThreadLocal<Prefetched> prefetched = new ThreadLocal<>();
    private final TransactionManager transactionManager;
    private final EventSchema schema;

    OneReadEventStorageEngine(Builder builder, TransactionManager transactionManager) {
        super(builder);
        this.transactionManager = transactionManager;
        this.schema = schema();
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        prefetched.remove();
        int limit = batchSize();
        String fields = schema.domainEventFields();
        String id = schema.aggregateIdentifierColumn();
        String seq = schema.sequenceNumberColumn();
        // kind 0: snapshots, newest first (as Axon reads them); kind 1: the events after the newest snapshot.
        String sql = "SELECT 0 AS m2m_kind, " + fields + " FROM " + schema.snapshotTable() + " WHERE " + id + " = ?"
                + " UNION ALL SELECT * FROM (SELECT 1 AS m2m_kind, " + fields + " FROM " + schema.domainEventTable()
                + " WHERE " + id + " = ? AND " + seq + " > COALESCE((SELECT MAX(" + seq + ") FROM "
                + schema.snapshotTable() + " WHERE " + id + " = ?), -1) ORDER BY " + seq + " LIMIT ?) e"
                + " ORDER BY m2m_kind, " + seq;
        List<Object[]> rows = transactionManager.fetchInTransaction(() -> JdbcUtils.executeQuery(getConnection(),
                connection -> {
                    PreparedStatement statement = connection.prepareStatement(sql);
                    statement.setString(1, aggregateIdentifier);
                    statement.setString(2, aggregateIdentifier);
                    statement.setString(3, aggregateIdentifier);
                    statement.setInt(4, limit);
                    return statement;
                },
                JdbcUtils.listResults(rs -> rs.getInt("m2m_kind") == 0
                        ? new Object[]{0, getSnapshotData(rs)}
                        : new Object[]{1, getDomainEventData(rs)}),
                e -> new EventStoreException("Error reading aggregate [" + aggregateIdentifier + "]", e)));
        List<DomainEventData<?>> snapshots = new ArrayList<>();
        List<DomainEventData<?>> events = new ArrayList<>();
        for (Object[] row : rows) {
            ((int) row[0] == 0 ? snapshots : events).add((DomainEventData<?>) row[1]);
        }
        Collections.reverse(snapshots);
        long first = snapshots.isEmpty() ? 0 : snapshots.get(0).getSequenceNumber() + 1;
        prefetched.set(new Prefetched(aggregateIdentifier, first, events, events.size() < limit));
        return snapshots.stream();
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        Prefetched known = prefetched.get();
        prefetched.remove();
        if (known != null && known.aggregateIdentifier().equals(aggregateIdentifier)
                && known.firstSequenceNumber() == firstSequenceNumber && batchSize >= known.events().size()) {
            if (known.complete()) {
                // The next read of this stream (Axon reads until a batch is empty) would find nothing more.
                long next = known.events().isEmpty() ? firstSequenceNumber
                        : known.events().get(known.events().size() - 1).getSequenceNumber() + 1;
                if (!known.events().isEmpty()) {
                    prefetched.set(new Prefetched(aggregateIdentifier, next, List.of(), true));
                }
            }
            return known.events();
        }
        return super.fetchDomainEvents(aggregateIdentifier, firstSequenceNumber, batchSize);
    }
}
