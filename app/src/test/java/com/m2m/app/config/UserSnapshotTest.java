package com.m2m.app.config;

import com.m2m.app.privacy.DataKeyStore;
import com.m2m.domain.common.Environment;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.domain.privacy.PersonalDataCipher;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.IdentityVerifier;
import com.m2m.domain.user.SandboxIdentityVerifier;
import com.m2m.domain.user.User;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots of the user aggregate, with the platform's serializer and event store over H2: a user with 2,000 field
 * events loads from its newest snapshot plus fewer than {@link AxonConfiguration#USER_SNAPSHOT_EVENTS} events, its
 * personal data is encrypted in the snapshot as in the events, and forgetting (deleting its data key) leaves the
 * snapshot unreadable.
 */
class UserSnapshotTest {

    private static final String USER = "usr_snapshot_test";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** Never merged, so the user stays data_incomplete (no verification starts). */
    private static final Set<UserField> REQUIRED = Set.of(UserField.DOB);
    private static final List<UserField> MERGED = List.of(UserField.FIRST_NAME, UserField.SECOND_NAME,
            UserField.LAST_NAME, UserField.SECOND_LAST_NAME, UserField.ID_NUMBER);

    JdbcTemplate jdbc;
    DataKeyStore keys;
    Serializer serializer;
    EmbeddedEventStore store;
    Configuration axon;

    @BeforeEach
    void setUp() {
        DriverManagerDataSource h2 = AxonTestDatabase.migrated();
        jdbc = new JdbcTemplate(h2);
        MasterKey masterKey = MasterKey.generate();
        keys = new DataKeyStore(jdbc, masterKey, Clock.systemUTC());
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("keys", keys));
        AxonConfiguration platform = new AxonConfiguration();
        serializer = platform.serializer(beans.getBeanProvider(PersonalDataCipher.class), masterKey);
        EventStorageEngine engine = platform.eventStorageEngine(h2::getConnection, NoTransactionManager.INSTANCE,
                serializer, new SQLStateResolver());
        store = EmbeddedEventStore.builder().storageEngine(engine).build();
        axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureEventStore(c -> store)
                .registerComponent(IdentityVerifier.class, c -> new SandboxIdentityVerifier())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(User.class)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(),
                                AxonConfiguration.USER_SNAPSHOT_EVENTS)))
                .buildConfiguration();
        axon.start();
    }

    @AfterEach
    void tearDown() {
        axon.shutdown();
    }

    @Test
    void aUserWithTwoThousandFieldEventsLoadsFromItsSnapshotAndForgettingLeavesItUnreadable() {
        DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> axon.repository(User.class).newInstance(
                () -> new User(USER, "ptn_snap", Environment.SANDBOX, "ref-snap", REQUIRED, T0)));
        // 400 merges of 5 changed fields each: 2,000 field events, in units of work of 40 merges (a snapshot is
        // taken after each commit once 100 events were read or added since the last one).
        for (int unit = 0; unit < 10; unit++) {
            int first = unit * 40;
            DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
                for (int round = first; round < first + 40; round++) {
                    Map<UserField, String> values = new EnumMap<>(UserField.class);
                    for (UserField field : MERGED) {
                        values.put(field, "v" + round + "-" + field.ordinal());
                    }
                    Instant at = T0.plusSeconds(round);
                    axon.repository(User.class).load(USER).execute(user -> user.merge(UserData.of(values),
                            FieldSource.PARTNER_API, REQUIRED, at));
                }
                return null;
            });
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry WHERE payloadtype ="
                + " 'com.m2m.domain.user.FieldMergedEvent'", Integer.class)).isEqualTo(2_000);

        // Loading: the newest snapshot, then fewer events than the snapshot interval.
        List<DomainEventMessage<?>> load = new ArrayList<>();
        store.readEvents(USER).forEachRemaining(load::add);
        assertThat(load.get(0).getPayload()).isInstanceOf(User.class);
        assertThat(load.get(0).getSequenceNumber()).isGreaterThan(1_900);
        assertThat(load).hasSizeLessThanOrEqualTo(AxonConfiguration.USER_SNAPSHOT_EVENTS);
        User loaded = DefaultUnitOfWork.startAndGet(null).executeWithResult(
                () -> axon.repository(User.class).load(USER).invoke(user -> user)).getPayload();
        assertThat(loaded.fields().get(UserField.FIRST_NAME).value().value()).isEqualTo("v399-0");
        assertThat(loaded.fields().get(UserField.ID_NUMBER).value().value()).isEqualTo("v399-4");
        assertThat(loaded.fields().keySet()).containsExactlyElementsOf(MERGED.stream().sorted().toList());
        assertThat(loaded.missingFields()).containsExactly(UserField.DOB);

        // The snapshot holds the personal data encrypted with the user's key, never in plain text.
        String raw = new String(jdbc.queryForObject("SELECT payload FROM snapshotevententry WHERE"
                + " aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1", byte[].class, USER),
                StandardCharsets.UTF_8);
        assertThat(raw).contains("pd1:dk_").doesNotContain("v399-0").contains("ref-snap");

        // Forgetting deletes the key: the snapshot's values read as erased, and no new snapshot of the state
        // read before can be written under a new key.
        assertThat(keys.forget(USER)).isEqualTo(1);
        User fromSnapshot = (User) serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                raw.getBytes(StandardCharsets.UTF_8), byte[].class, User.class.getName(), null));
        assertThat(fromSnapshot.fields().get(UserField.FIRST_NAME).value().erased()).isTrue();
        assertThat(fromSnapshot.fields().get(UserField.ID_NUMBER).value().erased()).isTrue();
        assertThatThrownBy(() -> serializer.serialize(loaded, byte[].class))
                .hasStackTraceContaining("no data key");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_data_key", Integer.class)).isZero();
    }
}
