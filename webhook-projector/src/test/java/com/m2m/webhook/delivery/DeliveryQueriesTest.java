package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import com.m2m.webhook.common.WebhookIds;
import com.m2m.domain.testing.MutableClock;
import com.m2m.webhook.support.TestWebhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.m2m.domain.testing.ValidationRefusals.assertRefusedNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The partner's list, detail and replay of its deliveries. */
class DeliveryQueriesTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");
    private static final Tenant ACME = new Tenant("acme", Environment.SANDBOX);
    private static final Tenant ACME_LIVE = new Tenant("acme", Environment.LIVE);
    private static final Tenant GLOBEX = new Tenant("globex", Environment.SANDBOX);

    private final MutableClock clock = new MutableClock(T0);
    private final TestWebhooks webhooks = TestWebhooks.at(clock);
    private final DeliveryQueries queries = webhooks.queries;

    @AfterEach
    void close() {
        webhooks.close();
    }

    private String add(Tenant tenant, String event, String callbackUrl) {
        String id = WebhookIds.newDeliveryId();
        webhooks.store.insertIfAbsent(new NewDelivery(id, WebhookIds.newWebhookId(), tenant.partnerId(),
                tenant.environment(), event, id, callbackUrl, "{}", clock.instant(), clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        return id;
    }

    private AttemptReport attempt(String id, int status) {
        ClaimedDelivery delivery = webhooks.store.claim(id, "test", clock.instant().plusSeconds(60), clock.instant())
                .orElseThrow(() -> new AssertionError("not claimable: " + id));
        AttemptOutcome outcome = AttemptOutcome.http(status, 7);
        RetryPolicy.Decision decision = webhooks.retryPolicy.decide(delivery.attemptInBudget(), outcome, clock.instant());
        webhooks.store.complete(delivery, clock.instant(), outcome, decision);
        clock.advance(Duration.ofMillis(100));
        return new AttemptReport(id, delivery.attemptNumber(), outcome, decision.status());
    }

    @Test
    void listsTheTenantsDeliveriesNewestFirstWithTheirAttempts() {
        webhooks.configure("acme", Environment.SANDBOX, "https://acme.example.com/hooks");
        String first = add(ACME, "link.created", null);
        String second = add(ACME, "link.revoked", "https://acme.example.com/cb");
        String third = add(ACME, "user.data_request", null);
        add(ACME_LIVE, "link.created", null);
        add(GLOBEX, "link.created", null);
        attempt(first, 500);
        attempt(first, 200);

        Page<DeliveryView> page = queries.list(ACME, DeliveryListQuery.parse(null, null, null, null));

        assertThat(page.items()).extracting(DeliveryView::deliveryId).containsExactly(third, second, first);
        assertThat(page.pagination()).isEqualTo(new Page.Pagination(1, 20, 3, 1));
        DeliveryView delivered = page.items().get(2);
        assertThat(delivered.status()).isEqualTo("delivered");
        assertThat(delivered.event()).isEqualTo("link.created");
        assertThat(delivered.webhookId()).startsWith("evt_");
        assertThat(delivered.deliveredAt()).isNotNull();
        assertThat(delivered.nextAttemptAt()).isNull();
        assertThat(delivered.target()).isEqualTo("https://acme.example.com/hooks");
        assertThat(delivered.attempts()).extracting(DeliveryView.Attempt::attempt, DeliveryView.Attempt::httpStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 200));
        assertThat(delivered.attempts().get(0).durationMs()).isEqualTo(7);
        assertThat(page.items().get(1).target()).isEqualTo("https://acme.example.com/cb");
        assertThat(page.items().get(0).status()).isEqualTo("pending");
        assertThat(page.items().get(0).nextAttemptAt()).isNotNull();
        assertThat(page.items().get(0).attempts()).isEmpty();
    }

    @Test
    void filtersAndPages() {
        String first = add(ACME, "link.created", null);
        add(ACME, "link.revoked", null);
        String third = add(ACME, "link.created", null);
        attempt(first, 410);

        assertThat(queries.list(ACME, DeliveryListQuery.parse("failed", null, null, null)).items())
                .extracting(DeliveryView::deliveryId).containsExactly(first);
        assertThat(queries.list(ACME, DeliveryListQuery.parse(null, "link.created", null, null)).items())
                .extracting(DeliveryView::deliveryId).containsExactly(third, first);
        Page<DeliveryView> second = queries.list(ACME, DeliveryListQuery.parse(null, null, "2", "2"));
        assertThat(second.items()).extracting(DeliveryView::deliveryId).containsExactly(first);
        assertThat(second.pagination()).isEqualTo(new Page.Pagination(2, 2, 3, 2));
        assertThat(queries.list(GLOBEX, DeliveryListQuery.parse(null, null, null, null)).pagination().totalPages())
                .isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"status, lost", "event, link.exploded", "page, 0", "limit, 101"})
    void aBadParameterIsNamed(String parameter, String value) {
        Map<String, String> given = Map.of(parameter, value); // the other parameters are absent
        assertRefusedNaming(parameter, () -> DeliveryListQuery.parse(given.get("status"), given.get("event"),
                given.get("page"), given.get("limit")));
    }

    @Test
    void anotherTenantsDeliveryDoesNotExist() {
        String id = add(ACME, "link.created", null);

        assertThat(queries.get(ACME, id).deliveryId()).isEqualTo(id);
        assertThatThrownBy(() -> queries.get(GLOBEX, id)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> queries.get(ACME_LIVE, id)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> queries.replay(GLOBEX, id)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> queries.get(ACME, "whd_000000000000000000000000"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aReplayOfAFailedDeliveryGetsAFreshBudgetAndAttemptNumbersKeepCounting() {
        String id = add(ACME, "link.created", null);
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(attempt(id, 500).attempt()).isEqualTo(i);
        }
        assertThat(queries.get(ACME, id).status()).isEqualTo("failed");

        DeliveryView replayed = queries.replay(ACME, id);

        assertThat(replayed.status()).isEqualTo("pending");
        assertThat(replayed.nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(replayed.attempts()).hasSize(5);
        assertThat(webhooks.store.findClaimable(clock.instant(), Map.of(), 2, 10)).extracting(DueDelivery::deliveryId)
                .containsExactly(id);
        AttemptReport sixth = attempt(id, 500);
        assertThat(sixth.attempt()).isEqualTo(6);
        assertThat(sixth.status()).as("first failure of the new budget").isEqualTo(DeliveryStatus.PENDING);
    }

    @Test
    void aDeliveredDeliveryCanBeReplayedToo() {
        String id = add(ACME, "link.created", null);
        attempt(id, 200);

        DeliveryView replayed = queries.replay(ACME, id);

        assertThat(replayed.status()).isEqualTo("pending");
        assertThat(replayed.deliveredAt()).isNull();
        assertThat(attempt(id, 204).attempt()).isEqualTo(2);
        assertThat(queries.get(ACME, id).status()).isEqualTo("delivered");
    }

    /** The attempt in flight would record over the replay: refused until that attempt is done (409). */
    @Test
    void aDeliveryBeingAttemptedCannotBeReplayedUntilTheAttemptIsDone() {
        String id = add(ACME, "link.created", null);
        for (int i = 1; i <= 4; i++) {
            attempt(id, 500);
            clock.advance(Duration.ofSeconds(1));
        }
        ClaimedDelivery fifth = webhooks.store.claim(id, "node-1", clock.instant().plusSeconds(60), clock.instant())
                .orElseThrow();

        assertThatThrownBy(() -> queries.replay(ACME, id)).isInstanceOf(InvalidStateException.class)
                .hasMessage("The delivery is being attempted right now; replay it after this attempt");
        assertThatThrownBy(() -> queries.replay(GLOBEX, id)).isInstanceOf(ResourceNotFoundException.class);

        AttemptOutcome outcome = AttemptOutcome.http(500, 7);
        assertThat(webhooks.store.complete(fifth, clock.instant(), outcome,
                webhooks.retryPolicy.decide(fifth.attemptInBudget(), outcome, clock.instant()))).isTrue();
        assertThat(queries.get(ACME, id).status()).isEqualTo("failed");

        assertThat(queries.replay(ACME, id).status()).isEqualTo("pending");
        AttemptReport sixth = attempt(id, 200);
        assertThat(sixth.attempt()).isEqualTo(6);
        assertThat(queries.get(ACME, id).status()).isEqualTo("delivered");
    }

    /** Once the lease has expired the replay goes through, and the straggling attempt can no longer record. */
    @Test
    void aReplayAfterTheLeaseExpiredWinsOverAStaleCompletion() {
        String id = add(ACME, "link.created", null);
        ClaimedDelivery straggler = webhooks.store.claim(id, "node-1", clock.instant().plusSeconds(60),
                clock.instant()).orElseThrow();
        clock.advance(Duration.ofSeconds(61));

        DeliveryView replayed = queries.replay(ACME, id);
        assertThat(replayed.status()).isEqualTo("pending");

        AttemptOutcome gone = AttemptOutcome.http(410, 7);
        assertThat(webhooks.store.complete(straggler, clock.instant(), gone,
                webhooks.retryPolicy.decide(straggler.attemptInBudget(), gone, clock.instant()))).isFalse();
        assertThat(queries.get(ACME, id).status()).isEqualTo("pending");
        assertThat(queries.get(ACME, id).attempts()).isEmpty();
        assertThat(attempt(id, 200).attempt()).isEqualTo(1);
    }
}
