package com.m2m.app.config;

import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's one-read load over H2: the same events as Axon's own reads (snapshot first, then the events
 * after it, in order, across batches), in one statement for a new aggregate and for a short stream.
 */
class OneReadEventStorageEngineTest {

    final AtomicInteger statements = new AtomicInteger();
    EmbeddedEventStore store;
    JdbcEventStorageEngine engine;

    @BeforeEach
    void setUp() {
        DriverManagerDataSource h2 = AxonTestDatabase.migrated();
        DataSource counted = ProxyDataSourceBuilder.create(h2)
                .afterQuery((execution, queries) -> statements.addAndGet(queries.size())).build();
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        engine = new OneReadEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(counted::getConnection)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer), NoTransactionManager.INSTANCE);
        store = EmbeddedEventStore.builder().storageEngine(engine).build();
    }

    @AfterEach
    void tearDown() {
        store.shutDown();
    }

    @Test
    void aNewAggregateIsOneReadThatFindsNothing() {
        statements.set(0);
        assertThat(sequences(store.readEvents("nobody"))).isEmpty();
        assertThat(statements).hasValue(1);
    }

    @Test
    void aShortStreamIsOneRead() {
        append("short", 0, 7);
        statements.set(0);
        assertThat(sequences(store.readEvents("short"))).containsExactlyElementsOf(range(0, 7));
        assertThat(statements).hasValue(1);
    }

    @Test
    void aLongStreamReadsEveryBatchInOrder() {
        append("long", 0, 250);
        assertThat(sequences(store.readEvents("long"))).containsExactlyElementsOf(range(0, 250));
        // Twice in a row on one thread: nothing of the first read is served to the second.
        append("long", 250, 3);
        assertThat(sequences(store.readEvents("long"))).containsExactlyElementsOf(range(0, 253));
    }

    @Test
    void aSnapshotAndTheEventsAfterItInOneRead() {
        append("snap", 0, 40);
        engine.storeSnapshot(new GenericDomainEventMessage<>("Thing", "snap", 29, "state-at-29"));
        statements.set(0);

        DomainEventStream stream = store.readEvents("snap");
        List<DomainEventMessage<?>> read = new ArrayList<>();
        stream.forEachRemaining(read::add);

        assertThat(read.get(0).getPayload()).isEqualTo("state-at-29");
        assertThat(read.stream().skip(1).map(DomainEventMessage::getSequenceNumber).toList())
                .containsExactlyElementsOf(range(30, 10));
        assertThat(statements).hasValue(1);
        // Other aggregates are not affected by one's prefetch.
        append("other", 0, 2);
        assertThat(sequences(store.readEvents("other"))).containsExactlyElementsOf(range(0, 2));
    }

    private void append(String aggregate, int from, int count) {
        engine.appendEvents(IntStream.range(from, from + count)
                .mapToObj(i -> new GenericDomainEventMessage<>("Thing", aggregate, i, "event-" + i)).toList());
    }

    private static List<Long> range(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> (long) i).toList();
    }

    private static List<Long> sequences(DomainEventStream stream) {
        List<Long> sequences = new ArrayList<>();
        stream.forEachRemaining(event -> sequences.add(event.getSequenceNumber()));
        return sequences;
    }
}
