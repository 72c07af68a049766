package com.m2m.webhook.outbox;

import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.partner.WebhookConfiguredEvent;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.domain.testing.MutableClock;
import com.m2m.domain.testing.RecordedStatements;
import com.m2m.domain.testing.TestDatabase;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.webhook.common.PublicUrls;
import com.m2m.webhook.config.WebhookProperties;
import com.m2m.webhook.delivery.DeliveryStore;
import com.m2m.webhook.delivery.DeliveryWakeUps;
import com.m2m.webhook.delivery.RetryPolicy;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import com.m2m.webhook.support.TestWebhooks;
import org.axonframework.eventhandling.ReplayStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.m2m.domain.common.Environment.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox processor's cost per event, as the tracking processor runs it: a batch of events in one transaction.
 * A link created without user data brings four events (user created, active link assigned, link created, data
 * request opened) and two webhooks. Per batch, whatever its links: the user contexts (each with its active link),
 * the link contexts and the deliveries, one JDBC batch each, written just before the commit; once per partner
 * environment: its target, and the totals of each event type. The link's context for its data request comes from
 * memory, and a batch that rolls back leaves nothing behind.
 */
class OutboxBatchStatementsTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");
    private static final int LINKS = 10;

    private final TestDatabase db = TestWebhooks.database();
    private final RecordedStatements recorded = new RecordedStatements();
    private final DataSource dataSource = recorded.wrap(db.dataSource());
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final TransactionTemplate batch = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    private final MutableClock clock = new MutableClock(T0.plusSeconds(1));
    private final WebhookEndpointProjection endpoints = new WebhookEndpointProjection(jdbc, MasterKey.generate());
    private final WebhookProperties properties = new WebhookProperties(TestWebhooks.FAST, Duration.ofSeconds(2),
            Duration.ofMillis(20), true, 16, 2);
    private final PublicUrls urls = new PublicUrls(TestWebhooks.BASE_URL + "/");
    private final WebhookOutboxProjector projector = new WebhookOutboxProjector(new OutboxContexts(jdbc),
            new LinkWebhookMapper(urls), new DataRequestWebhookMapper(urls), new CipWebhookMapper(),
            new OperationWebhookMapper(), new Outbox(endpoints, new DeliveryStore(jdbc, batch.getTransactionManager()),
            new RetryPolicy(properties.retryDelays()), clock, new DeliveryWakeUps(jdbc, properties)));
    private int next;

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aBatchCostsThreeBatchedInsertsAndThreeStatementsPerPartnerEnvironment() {
        endpoints.on(new WebhookConfiguredEvent("acme", SANDBOX, "https://partner.example.com/hooks", List.of(), T0));
        batch.executeWithoutResult(status -> links(1)); // the tenant's totals rows exist from now on
        recorded.take();

        batch.executeWithoutResult(status -> links(LINKS));

        Map<String, Long> byKind = recorded.take().stream().collect(Collectors.groupingBy(
                r -> r.sql().replaceAll("\\s+", " ").split(" \\(| WHERE| VALUES")[0], TreeMap::new,
                Collectors.counting()));
        assertThat(byKind).as("statements of a batch of %d links (a JDBC batch counts once)", LINKS)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "INSERT INTO webhook_user_context", 1L,
                        "INSERT INTO webhook_link_context", 1L,
                        "INSERT INTO webhook_delivery", 1L,
                        "SELECT url, events FROM webhook_endpoint", 1L,
                        "UPDATE webhook_delivery_count SET n = n + ?", 2L));
        assertThat(deliveries()).isEqualTo(2 * (LINKS + 1));
        assertThat(pendingTotal()).as("the totals count every delivery").isEqualTo(2 * (LINKS + 1));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_user_context WHERE active_link_id ="
                + " 'link_acme_' || LPAD(SUBSTRING(user_id, 11), 12, '0')", Integer.class))
                .as("every user's context with its active link").isEqualTo(LINKS + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_link_context", Integer.class))
                .isEqualTo(LINKS + 1);
        assertThat(jdbc.queryForList("SELECT event_type FROM webhook_delivery ORDER BY seq", String.class))
                .as("in the order of their events").containsExactlyElementsOf(Collections.nCopies(LINKS + 1,
                        List.of("link.created", "user.data_request")).stream().flatMap(List::stream).toList());
    }

    /**
     * A user context already saved (its event handled before) and its active link assigned in a later batch: the
     * assignment applies although the user's insert finds the row there.
     */
    @Test
    void anAssignmentAppliesToAUserSavedInAnEarlierBatch() {
        UserCreatedEvent created = new UserCreatedEvent("user_acme_7", "acme", SANDBOX, "ref-7",
                List.of(UserField.DOB), T0);
        batch.executeWithoutResult(status -> projector.on(created));
        batch.executeWithoutResult(status -> {
            projector.on(created);
            projector.on(new ActiveLinkAssignedEvent("user_acme_7", "link_acme_7", T0.plusSeconds(60), T0));
        });
        assertThat(jdbc.queryForObject("SELECT active_link_id FROM webhook_user_context WHERE user_id = ?",
                String.class, "user_acme_7")).isEqualTo("link_acme_7");
    }

    @Test
    void aBatchThatRollsBackLeavesNothingAndIsProcessedAgainInFull() {
        endpoints.on(new WebhookConfiguredEvent("acme", SANDBOX, "https://partner.example.com/hooks", List.of(), T0));
        int first = next;

        assertThatThrownBy(() -> batch.executeWithoutResult(status -> {
            links(LINKS);
            throw new IllegalStateException("the token claim was lost");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(deliveries()).isZero();
        assertThat(pendingTotal()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_link_context", Integer.class)).isZero();

        next = first; // the same events again, as the processor retries the batch from its token
        batch.executeWithoutResult(status -> links(LINKS));
        assertThat(deliveries()).isEqualTo(2 * LINKS);
        assertThat(pendingTotal()).isEqualTo(2 * LINKS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_link_context", Integer.class)).isEqualTo(LINKS);
    }

    /** The events of {@code count} links created without user data, in the order the platform appends them. */
    private void links(int count) {
        for (int i = 0; i < count; i++) {
            int n = next++;
            String user = "user_acme_" + n;
            LinkCreatedEvent created = new LinkCreatedEvent("link_acme_%012d".formatted(n), user, "acme", SANDBOX,
                    "ref-" + n, "hash", new LinkOptions(Map.of(), null, null, null, null), T0.plus(Duration.ofHours(1)),
                    T0);
            projector.on(new UserCreatedEvent(user, "acme", SANDBOX, "ref-" + n, List.of(UserField.DOB), T0));
            projector.on(new ActiveLinkAssignedEvent(user, created.linkId(), created.expiresAt(), T0));
            projector.on(created, messageId("created", n), ReplayStatus.REGULAR);
            projector.on(new DataRequestOpenedEvent(user, "dr_acme_%012d".formatted(n), created.linkId(), "acme",
                    SANDBOX, "ref-" + n, List.of(UserField.DOB), created.expiresAt(), T0), messageId("request", n),
                    ReplayStatus.REGULAR);
        }
    }

    /** Stable per event, as the event message's identifier is. */
    private static String messageId(String kind, int n) {
        return UUID.nameUUIDFromBytes((kind + n).getBytes()).toString();
    }

    private int deliveries() {
        return db.jdbc().queryForObject("SELECT COUNT(*) FROM webhook_delivery", Integer.class);
    }

    private long pendingTotal() {
        return db.jdbc().queryForObject("SELECT COALESCE(SUM(n), 0) FROM webhook_delivery_count"
                + " WHERE partner_id = 'acme' AND status = 'pending'", Long.class);
    }
}
