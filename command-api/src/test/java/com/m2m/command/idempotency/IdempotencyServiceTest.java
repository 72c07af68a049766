package com.m2m.command.idempotency;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.privacy.Aead;
import com.m2m.domain.privacy.MasterKey;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.nio.charset.StandardCharsets;
import com.m2m.domain.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Idempotency-Key bookkeeping as a plain object over H2 (PostgreSQL mode), with a clock the test moves. */
class IdempotencyServiceTest {

    static final Tenant ACME = new Tenant("acme", Environment.SANDBOX);
    static final Tenant ACME_LIVE = new Tenant("acme", Environment.LIVE);

    MutableClock clock = new MutableClock(Instant.parse("2026-02-10T14:30:00Z"));
    IdempotencyService service;
    JdbcTemplate jdbc;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/command/V200_1__idempotency.sql"))
                .execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        service = new IdempotencyService(jdbc, clock, MasterKey.generate());
    }

    @Test
    void aKeptResponseIsStoredSealedAndBoundToItsRecord() {
        String secret = "whsec_0123456789abcdef0123456789abcdef";
        byte[] body = ("{\"token\":\"tok_plain_value\",\"webhookSecret\":\"" + secret + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        service.complete((IdempotencyService.Proceed) service.begin(ACME, "k9", "hash-a"), 201, "application/json",
                body);
        service.complete((IdempotencyService.Proceed) service.begin(ACME, "k10", "hash-a"), 201, "application/json",
                body);

        byte[] stored = jdbc.queryForObject("SELECT response_body FROM idempotency_record WHERE idem_key = 'k9'",
                byte[].class);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("whsec_", "tok_plain_value");
        assertThat(((IdempotencyService.Replay) service.begin(ACME, "k9", "hash-a")).body()).isEqualTo(body);

        // A sealed body moved to another record does not open there.
        jdbc.update("UPDATE idempotency_record SET response_body = ? WHERE idem_key = 'k10'", (Object) stored);
        assertThatThrownBy(() -> service.begin(ACME, "k10", "hash-a")).isInstanceOf(Aead.DecryptionFailed.class);
    }

    @Test
    void aKeyRunsOnceThenReplaysItsResponse() {
        IdempotencyService.Decision first = service.begin(ACME, "k1", "hash-a");
        assertThat(first).isInstanceOf(IdempotencyService.Proceed.class);
        assertThat(service.begin(ACME, "k1", "hash-a")).as("a concurrent retry while the first runs")
                .isEqualTo(new IdempotencyService.Conflict("A request with this Idempotency-Key is still being processed"));

        service.complete((IdempotencyService.Proceed) first, 201, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        IdempotencyService.Decision replay = service.begin(ACME, "k1", "hash-a");
        assertThat(replay).isInstanceOf(IdempotencyService.Replay.class);
        assertThat(((IdempotencyService.Replay) replay).status()).isEqualTo(201);
        assertThat(new String(((IdempotencyService.Replay) replay).body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");

        assertThat(service.begin(ACME, "k1", "hash-b"))
                .isEqualTo(new IdempotencyService.Conflict("This Idempotency-Key was already used with a different request"));
        assertThat(service.begin(ACME_LIVE, "k1", "hash-b")).as("keys are per tenant")
                .isInstanceOf(IdempotencyService.Proceed.class);
    }

    @Test
    void aReleasedKeyCanBeUsedAgain() {
        service.release((IdempotencyService.Proceed) service.begin(ACME, "k2", "hash-a"));
        assertThat(service.begin(ACME, "k2", "hash-b")).isInstanceOf(IdempotencyService.Proceed.class);
    }

    @Test
    void anAbandonedReservationIsTakenOverAfterItsLease() {
        service.begin(ACME, "k3", "hash-a"); // the node handling it died: never completed nor released
        clock.advance(IdempotencyService.IN_PROGRESS_LEASE.minusSeconds(1));
        assertThat(service.begin(ACME, "k3", "hash-a")).isInstanceOf(IdempotencyService.Conflict.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(service.begin(ACME, "k3", "hash-a")).isInstanceOf(IdempotencyService.Proceed.class);
    }

    @Test
    void aCompletedResponseIsKeptForADayOnly() {
        IdempotencyService.Proceed first = (IdempotencyService.Proceed) service.begin(ACME, "k4", "hash-a");
        service.complete(first, 201, "application/json", new byte[0]);
        clock.advance(Duration.ofHours(23));
        assertThat(service.begin(ACME, "k4", "hash-b")).isInstanceOf(IdempotencyService.Conflict.class);
        clock.advance(Duration.ofHours(2));
        assertThat(service.begin(ACME, "k4", "hash-b")).isInstanceOf(IdempotencyService.Proceed.class);
    }
}
