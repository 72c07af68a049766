package com.m2m.app.audit;

import com.m2m.domain.partner.PartnerSuspendedEvent;
import com.m2m.domain.testing.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit rows kept from events: keyed by the event's id, so an event handled twice is on record once. */
class StaffAuditLogTest {

    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases("axon");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anEventHandledTwiceIsAuditedOnce(String database) {
        JdbcTemplate jdbc = DATABASES.jdbc(database);
        StaffAuditLog audit = new StaffAuditLog(jdbc);
        PartnerSuspendedEvent suspended = new PartnerSuspendedEvent("acme", Instant.parse("2026-03-01T10:00:00Z"));

        audit.on(suspended, "evt-1", "staff_olga");
        audit.on(suspended, "evt-1", "staff_olga");
        audit.on(suspended, "evt-2", "staff_olga");

        assertThat(jdbc.queryForList("SELECT audit_id FROM staff_audit ORDER BY audit_id", String.class))
                .containsExactly("evt-1", "evt-2");
    }
}
