package com.m2m.app.web;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared buckets' rows on a real PostgreSQL (the table as migration V1_90 creates it): the purge deletes the rows
 * of keys nobody takes from any more and keeps a bucket in use, which goes on refusing as before; a run deletes at
 * most its batches, the rest goes with the next run. No margin past "full again" here, so that an idle bucket of a
 * high limit (full again a millisecond after its take) is expired at once, without waiting for a minute.
 */
class PostgresRateLimitBucketsTest {

    static EmbeddedPostgres postgres;
    static DataSource dataSource;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(new ClassPathResource("db/migration/axon/V1_90__rate_limit_buckets.sql")
                .getContentAsString(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM rate_limit_bucket");
    }

    @Test
    void deletesTheRowsOfIdleKeysAndKeepsABucketInUseEnforcing() throws InterruptedException {
        PostgresRateLimitBuckets buckets = new PostgresRateLimitBuckets(dataSource, Duration.ZERO, 100, 10);
        // 60,000 a minute: one token back per millisecond, so one take leaves a bucket full again 1 ms later.
        List<String> idle = List.of("idle-partner|SANDBOX|other", "idle-partner|LIVE|other", "gone|SANDBOX|other");
        idle.forEach(key -> assertThat(buckets.take(key, 60_000).allowed()).isTrue());
        String live = "busy-partner|SANDBOX|create-link";
        assertThat(buckets.take(live, 2).allowed()).isTrue();
        assertThat(buckets.take(live, 2).allowed()).isTrue();
        assertThat(buckets.take(live, 2).allowed()).as("the limit of 2 a minute is used up").isFalse();
        assertThat(ids()).hasSize(4);
        Thread.sleep(20); // past the idle buckets' "full again"

        assertThat(buckets.purgeExpired()).isEqualTo(3);

        assertThat(ids()).containsExactly(live + "|2");
        RateLimitBuckets.Take refused = buckets.take(live, 2);
        assertThat(refused.allowed()).as("the kept bucket still refuses until it refills").isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.waitMillis()).isPositive();
        assertThat(buckets.take(idle.get(0), 60_000).remaining())
                .as("a purged key starts again from a full bucket").isEqualTo(59_999);
    }

    @Test
    void aRunDeletesAtMostItsBatchesAndTheNextRunTheRest() throws InterruptedException {
        PostgresRateLimitBuckets buckets = new PostgresRateLimitBuckets(dataSource, Duration.ZERO, 10, 2);
        IntStream.range(0, 25).forEach(i -> buckets.take("partner-" + i + "|SANDBOX|other", 60_000));
        Thread.sleep(20);

        assertThat(buckets.purgeExpired()).as("two batches of ten").isEqualTo(20);
        assertThat(ids()).hasSize(5);
        assertThat(buckets.purgeExpired()).isEqualTo(5);
        assertThat(ids()).isEmpty();
    }

    @Test
    void aRowAnotherTransactionHoldsIsSkippedNotWaitedFor() throws Exception {
        PostgresRateLimitBuckets buckets = new PostgresRateLimitBuckets(dataSource, Duration.ZERO, 100, 10);
        buckets.take("held|SANDBOX|other", 60_000);
        buckets.take("free|SANDBOX|other", 60_000);
        Thread.sleep(20);
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var statement = connection.prepareStatement(
                    "SELECT state FROM rate_limit_bucket WHERE id = ? FOR UPDATE")) {
                statement.setString(1, "held|SANDBOX|other|60000");
                statement.executeQuery().close();
            }
            // Another node's take (or purge) holds the row: this purge deletes the other one and does not block.
            assertThat(buckets.purgeExpired()).isEqualTo(1);
            connection.rollback();
        }
        assertThat(ids()).containsExactly("held|SANDBOX|other|60000");
        assertThat(buckets.purgeExpired()).isEqualTo(1);
        assertThat(ids()).isEmpty();
    }

    /** Declared as the platform declares it (ClusterConfiguration: a bean of the interface type). */
    @Configuration
    static class Declared {
        @Bean
        RateLimitBuckets rateLimitBuckets() {
            return new PostgresRateLimitBuckets(dataSource);
        }
    }

    @Test
    void itsPurgesRunWhileTheContextRunsAndStopBeforeItCloses() {
        PostgresRateLimitBuckets buckets;
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Declared.class)) {
            buckets = (PostgresRateLimitBuckets) context.getBean(RateLimitBuckets.class);
            assertThat(buckets.isRunning()).as("started with the context, though declared as the interface").isTrue();
        }
        assertThat(buckets.isRunning()).isFalse();
    }

    private static List<String> ids() {
        return jdbc.queryForList("SELECT id FROM rate_limit_bucket ORDER BY id", String.class);
    }
}
