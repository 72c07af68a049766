package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.webhook.common.Db;
import com.m2m.webhook.common.WebhookIds;
import com.m2m.domain.testing.MutableClock;
import com.m2m.webhook.endpoint.WebhookEndpoint;
import com.m2m.webhook.support.TestWebhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Claiming: per-link order, leases, exclusivity, expiry after a crash. */
class DeliveryStoreTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(T0);
    private final TestWebhooks webhooks = TestWebhooks.at(clock);
    private final DeliveryStore store = webhooks.store;
    private final RetryPolicy policy = webhooks.retryPolicy;

    @AfterEach
    void close() {
        webhooks.close();
    }

    private String add(String partnerId, String orderingKey) {
        String id = WebhookIds.newDeliveryId();
        store.insertIfAbsent(new NewDelivery(id, WebhookIds.newWebhookId(), partnerId, Environment.SANDBOX,
                "link.created", orderingKey, null, "{}", clock.instant(), clock.instant()));
        return id;
    }

    /** {@code count} deliveries of acme's link_a, in order. */
    private List<String> addToOneLink(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(add("acme", "link_a"));
        }
        return ids;
    }

    /** A delivery of acme's {@code link} whose first attempt failed: in retry backoff. */
    private String failedOnce(String link) {
        String id = add("acme", link);
        finish(claim(id, "node-1"), 500);
        return id;
    }

    private void replayedAMomentLater(String id) {
        clock.advance(Duration.ofMillis(1));
        assertThat(store.replay("acme", Environment.SANDBOX, id, clock.instant()))
                .isEqualTo(DeliveryStore.Replay.REPLAYED);
    }

    private List<String> claimable() {
        return claimable(Map.of(), 100, 100);
    }

    private List<String> claimable(Map<TargetKey, Integer> inFlight, int maxPerTarget, int limit) {
        return store.findClaimable(clock.instant(), inFlight, maxPerTarget, limit).stream()
                .map(DueDelivery::deliveryId).toList();
    }

    private ClaimedDelivery claim(String id, String owner) {
        return store.claim(id, owner, clock.instant().plus(LEASE), clock.instant()).orElseThrow();
    }

    private void finish(ClaimedDelivery delivery, int status) {
        AttemptOutcome outcome = AttemptOutcome.http(status, 5);
        assertThat(store.complete(delivery, clock.instant(), outcome,
                policy.decide(delivery.attemptInBudget(), outcome, clock.instant()))).isTrue();
    }

    @Test
    void aClaimReadsItsEndpointWithTheDeliverySoTheAttemptNeedsNoOtherRead() {
        String secret = webhooks.configure("acme", Environment.SANDBOX, "https://acme.example/hook");
        String configured = add("acme", "link_a");
        String none = add("nobody", "link_b");

        ClaimedDelivery delivery = claim(configured, "node-1");
        assertThat(delivery.endpoint()).isNotNull();
        assertThat(delivery.endpoint().sealedSecret()).as("still sealed as stored").isNotEqualTo(secret);
        WebhookEndpoint endpoint = webhooks.endpoints.open(delivery.endpoint(), "acme", Environment.SANDBOX);
        assertThat(endpoint).isEqualTo(webhooks.endpoints.find("acme", Environment.SANDBOX).orElseThrow());
        assertThat(endpoint.url()).isEqualTo("https://acme.example/hook");
        assertThat(endpoint.secret()).isEqualTo(secret);

        assertThat(store.claimAll(List.of(none), "node-1", clock.instant().plus(LEASE), clock.instant()))
                .singleElement().satisfies(claimed -> assertThat(claimed.endpoint()).as("no endpoint row").isNull());
    }

    @Test
    void aTargetWithAllItsAttemptsInFlightBringsNoCandidatesOneWithAFreeSlotBringsItsLookAhead() {
        for (int i = 0; i < 10; i++) {
            add("hanging", "link_" + i);
            add("acme", "link_" + i);
        }
        TargetKey hanging = new TargetKey("hanging", Environment.SANDBOX);
        TargetKey acme = new TargetKey("acme", Environment.SANDBOX);

        List<DueDelivery> found = store.findClaimable(clock.instant(), null, Map.of(hanging, 2, acme, 1), 2, 2, 100);
        assertThat(found).extracting(DueDelivery::target).as("one free slot of acme's, and two to take next")
                .containsOnly(acme).hasSize(3);
    }

    @Test
    void aLaterDeliveryOfALinkWaitsWhileAnEarlierOneIsPending() {
        String first = add("acme", "link_a");
        String second = add("acme", "link_a");
        String other = add("acme", "link_b");

        assertThat(claimable()).containsExactly(first, other);

        ClaimedDelivery attempt = claim(first, "node-1");
        assertThat(claimable()).as("first leased, second still behind it").containsExactly(other);

        finish(attempt, 500);
        assertThat(webhooks.status(first)).isEqualTo("pending");
        clock.advance(Duration.ofMillis(50));
        assertThat(claimable()).as("first waits for its retry, second still behind it").containsExactly(other);

        clock.advance(Duration.ofMillis(100));
        assertThat(claimable()).containsExactlyInAnyOrder(first, other);
    }

    @Test
    void aLaterDeliveryGoesOnceTheEarlierOneIsDeliveredOrFailed() {
        String first = add("acme", "link_a");
        String second = add("acme", "link_a");
        String third = add("acme", "link_a");

        finish(claim(first, "node-1"), 200);
        assertThat(claimable()).containsExactly(second);

        finish(claim(second, "node-1"), 410);
        assertThat(webhooks.status(second)).isEqualTo("failed");
        assertThat(claimable()).containsExactly(third);
    }

    @Test
    void laterDeliveriesOfALinkWaitForTheRetryTimeOfTheOneBeforeThemAndComeBackWithItsReplay() {
        List<String> events = addToOneLink(3);
        String first = events.get(0);
        List<String> later = events.subList(1, 3);

        finish(claim(first, "node-1"), 500);
        Instant retry = webhooks.nextAttemptAt(first);
        assertThat(retry).isAfter(clock.instant());
        assertThat(later).extracting(webhooks::nextAttemptAt)
                .as("outside the due range until its retry, so no claim passes over them").containsOnly(retry);

        clock.advance(Duration.ofMillis(1));
        assertThat(store.replay("acme", Environment.SANDBOX, first, clock.instant()))
                .isEqualTo(DeliveryStore.Replay.REPLAYED);
        assertThat(later).extracting(webhooks::nextAttemptAt).as("due again with the replay")
                .containsOnly(clock.instant());
        assertThat(claimable()).as("and still behind it").containsExactly(first);

        finish(claim(first, "node-1"), 200);
        assertThat(claimable()).containsExactly(later.get(0));
    }

    @Test
    void anEventArrivingWhileAnEarlierOneOfItsLinkIsInBackoffWaitsForItsRetryTimeToo() {
        String first = failedOnce("link_a");
        Instant retry = webhooks.nextAttemptAt(first);

        clock.advance(Duration.ofMillis(5));
        String arrived = add("acme", "link_a");
        String otherLink = add("acme", "link_b");
        assertThat(webhooks.nextAttemptAt(arrived)).as("outside the due range, like those already there")
                .isEqualTo(retry);
        assertThat(webhooks.nextAttemptAt(otherLink)).as("another link's is due at once")
                .isEqualTo(clock.instant());
        assertThat(claimable()).containsExactly(otherLink);

        replayedAMomentLater(first);
        assertThat(webhooks.nextAttemptAt(arrived)).as("due again with the replay").isEqualTo(clock.instant());
        finish(claim(first, "node-1"), 200);
        assertThat(claimable()).containsExactlyInAnyOrder(arrived, otherLink);
    }

    @Test
    void aReplayedDeliverysFinalResultMakesDueALaterEventThatTheReplayCouldNotSee() {
        String first = failedOnce("link_a");
        Instant oldRetry = webhooks.nextAttemptAt(first);
        replayedAMomentLater(first);
        // Written by an outbox batch that read the old retry time and committed after the replay.
        String later = add("acme", "link_a");
        webhooks.db.jdbc().update("UPDATE webhook_delivery SET next_attempt_at = ? WHERE delivery_id = ?",
                Db.ts(oldRetry), later);

        finish(claim(first, "node-1"), 200);
        assertThat(webhooks.nextAttemptAt(later)).as("due with the replayed one's result, not at its old retry time")
                .isEqualTo(clock.instant());
        assertThat(claimable()).containsExactly(later);
    }

    @Test
    void aLaterDeliveryInBackoffOfItsOwnKeepsItsOwnTimeThroughAReplayAndTheRetriesOfAnEarlierOne() {
        String first = add("acme", "link_a");
        String second = add("acme", "link_a");
        finish(claim(first, "node-1"), 200);
        finish(claim(second, "node-1"), 500);
        Instant ownRetry = webhooks.nextAttemptAt(second);

        assertThat(store.replay("acme", Environment.SANDBOX, first, clock.instant()))
                .isEqualTo(DeliveryStore.Replay.REPLAYED);
        assertThat(webhooks.nextAttemptAt(second)).as("not moved by the replay").isEqualTo(ownRetry);

        clock.advance(Duration.ofMillis(20));
        finish(claim(first, "node-1"), 500);
        assertThat(webhooks.nextAttemptAt(first)).isAfter(ownRetry);
        assertThat(webhooks.nextAttemptAt(second))
                .as("nor by the earlier one's later retry: a replay could not give its own time back")
                .isEqualTo(ownRetry);
    }

    @Test
    void onlyOneClaimerWinsAndAnExpiredLeaseIsClaimedAgain() {
        String id = add("acme", "link_a");
        ClaimedDelivery crashed = claim(id, "node-1");
        assertThat(crashed.attemptNumber()).isEqualTo(1);

        assertThat(store.claim(id, "node-2", clock.instant().plus(LEASE), clock.instant())).isEmpty();
        assertThat(claimable()).isEmpty();

        clock.advance(LEASE.plusSeconds(1));
        assertThat(claimable()).containsExactly(id);
        ClaimedDelivery retaken = claim(id, "node-2");
        assertThat(retaken.attemptNumber()).as("the cut-short attempt left no record").isEqualTo(1);

        AttemptOutcome late = AttemptOutcome.http(200, 5);
        assertThat(store.complete(crashed, clock.instant(), late, policy.decide(1, late, clock.instant())))
                .as("the first node lost its lease").isFalse();
        finish(retaken, 200);
        assertThat(webhooks.status(id)).isEqualTo("delivered");
        assertThat(webhooks.db.count("webhook_delivery_attempt")).isEqualTo(1);
    }

    @Test
    void targetsAtTheirLimitAreLeftOutOfTheQuery() {
        String acme = add("acme", "link_a");
        String globex = add("globex", "link_b");

        List<DueDelivery> due = store.findClaimable(clock.instant(),
                Map.of(new TargetKey("acme", Environment.SANDBOX), 2), 2, 100);

        assertThat(due).extracting(DueDelivery::deliveryId).containsExactly(globex).doesNotContain(acme);
    }

    /** The safety net: a pending delivery whose tenant's totals show none (a manual fix, a restore) is claimed. */
    @Test
    void aPendingDeliveryTheTotalsDoNotShowIsStillClaimed() {
        webhooks.db.jdbc().update("INSERT INTO webhook_delivery (delivery_id, webhook_id, partner_id, environment,"
                + " event_type, ordering_key, body, status, attempts, budget_start, next_attempt_at, created_at)"
                + " VALUES ('dlv_uncounted', 'evt_uncounted', 'initech', 'sandbox', 'link.created', 'link_u', '{}',"
                + " 'pending', 0, 0, ?, ?)", Db.ts(clock.instant()), Db.ts(clock.instant()));

        assertThat(claimable()).containsExactly("dlv_uncounted");
    }

    /** The outbox processor's batch: written in order, a duplicate left out, each seeing those before it. */
    @Test
    void aBatchOfDeliveriesIsWrittenInOrderAsEachWouldBeAlone() {
        String first = failedOnce("link_a");
        Instant retry = webhooks.nextAttemptAt(first);
        clock.advance(Duration.ofMillis(5));
        List<NewDelivery> batch = List.of(
                batchDelivery("link_b", "evt_b1"), batchDelivery("link_a", "evt_a2"),
                batchDelivery("link_b", "evt_b1"), batchDelivery("link_b", "evt_b2"));

        assertThat(store.insertAllIfAbsent(batch)).as("the repeated webhook id is not written again")
                .containsExactly(true, true, false, true);
        assertThat(webhooks.nextAttemptAt(batch.get(1).deliveryId())).as("behind its link's retry")
                .isEqualTo(retry);
        assertThat(claimable()).as("link_b's first; its second behind it, link_a's behind the retry")
                .containsExactly(batch.get(0).deliveryId());
        assertThat(store.backlog("acme", Environment.SANDBOX, clock.instant()).pending())
                .as("the totals count what was written").isEqualTo(4);
        assertThat(store.insertAllIfAbsent(List.of())).isEmpty();
    }

    private NewDelivery batchDelivery(String link, String webhookId) {
        return new NewDelivery(WebhookIds.newDeliveryId(), webhookId, "acme", Environment.SANDBOX, "link.created",
                link, null, "{}", clock.instant(), clock.instant());
    }

    @Test
    void insertingTheSameWebhookTwiceKeepsOneRow() {
        NewDelivery delivery = new NewDelivery(WebhookIds.newDeliveryId(), "evt_1", "acme", Environment.SANDBOX,
                "link.created", "link_a", null, "{}", T0, T0);
        NewDelivery again = new NewDelivery(WebhookIds.newDeliveryId(), "evt_1", "acme", Environment.SANDBOX,
                "link.created", "link_a", null, "{}", T0, T0);
        NewDelivery live = new NewDelivery(WebhookIds.newDeliveryId(), "evt_1", "acme", Environment.LIVE,
                "link.created", "link_a", null, "{}", T0, T0);

        assertThat(store.insertIfAbsent(delivery)).isTrue();
        assertThat(store.insertIfAbsent(again)).isFalse();
        assertThat(store.insertIfAbsent(live)).isTrue();
        assertThat(webhooks.db.count("webhook_delivery")).isEqualTo(2);
    }

    /** A backlog brings only what its target may start now, so it cannot fill the batch (docs/webhooks.md isolation). */
    @Test
    void eachTargetBringsAtMostItsFreeSlots() {
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            backlog.add(add("dead", "link_" + i));
            clock.advance(Duration.ofMillis(1));
        }
        String behind = add("dead", "link_0");
        String fresh = add("globex", "link_g");
        TargetKey dead = new TargetKey("dead", Environment.SANDBOX);

        assertThat(claimable(Map.of(), 2, 3)).as("the oldest two of the backlog and the other partner, round the targets")
                .containsExactly(backlog.get(0), fresh, backlog.get(1));
        assertThat(claimable(Map.of(), 10, 2)).as("the limit cuts the backlog's depth, never the other partner")
                .containsExactly(backlog.get(0), fresh);
        assertThat(claimable(Map.of(dead, 1), 2, 3)).containsExactly(backlog.get(0), fresh);
        assertThat(claimable(Map.of(dead, 2), 2, 3)).containsExactly(fresh);
        assertThat(claimable(Map.of(dead, 0), 3, 100)).as("a link's later event is still held back")
                .containsExactly(backlog.get(0), fresh, backlog.get(1), backlog.get(2)).doesNotContain(behind);

        ClaimedDelivery first = claim(backlog.get(0), "node-1");
        assertThat(claimable(Map.of(dead, 1), 2, 100)).as("a leased row is not a candidate nor counted twice")
                .containsExactly(backlog.get(1), fresh);
        finish(first, 200);
        assertThat(claimable(Map.of(), 2, 100)).as("the next two of the backlog")
                .containsExactly(backlog.get(1), fresh, backlog.get(2));
    }

    /** A batch claim re-checks the order rule: a candidate that fell behind a replayed earlier event waits. */
    @Test
    void aBatchClaimLeavesOutADeliveryWhoseLinkHasAnEarlierPendingEvent() {
        String earlier = add("acme", "link_a");
        String later = add("acme", "link_a");
        finish(claim(earlier, "node-1"), 200);
        assertThat(claimable()).containsExactly(later);
        webhooks.db.jdbc().update("UPDATE webhook_delivery SET status = 'pending' WHERE delivery_id = ?", earlier);

        assertThat(store.claimAll(List.of(later), "node-1-2", clock.instant().plus(LEASE), clock.instant())).isEmpty();
        assertThat(store.claimAll(List.of(earlier, later), "node-1-3", clock.instant().plus(LEASE), clock.instant()))
                .extracting(ClaimedDelivery::deliveryId).containsExactly(earlier);
    }

    @Test
    void aReleasedLeaseLeavesNoAttemptAndTheDeliveryIsClaimableAgainAtOnce() {
        String id = add("acme", "link_a");
        ClaimedDelivery abandoned = claim(id, "node-1");

        assertThat(store.release(abandoned)).isTrue();

        assertThat(claimable()).containsExactly(id);
        assertThat(webhooks.db.count("webhook_delivery_attempt")).isZero();
        ClaimedDelivery again = claim(id, "node-2");
        assertThat(again.attemptNumber()).isEqualTo(1);
        assertThat(store.release(abandoned)).as("not ours any more").isFalse();
        AttemptOutcome late = AttemptOutcome.http(500, 5);
        assertThat(store.complete(abandoned, clock.instant(), late, policy.decide(1, late, clock.instant())))
                .isFalse();
        finish(again, 200);
        assertThat(webhooks.status(id)).isEqualTo("delivered");
    }

    @Test
    void aBatchClaimLeasesOnlyWhatIsStillClaimableAndReturnsItInOutboxOrder() {
        String first = add("acme", "link_a");
        String taken = add("acme", "link_b");
        String third = add("globex", "link_c");
        ClaimedDelivery other = claim(taken, "node-2");

        List<ClaimedDelivery> batch = store.claimAll(List.of(third, taken, first), "node-1-7",
                clock.instant().plus(LEASE), clock.instant());

        assertThat(batch).extracting(ClaimedDelivery::deliveryId).containsExactly(first, third);
        assertThat(batch).allSatisfy(d -> assertThat(d.leaseOwner()).isEqualTo("node-1-7"));
        assertThat(store.claimAll(List.of(first, third), "node-3-1", clock.instant().plus(LEASE), clock.instant()))
                .as("a second claimer gets nothing while the leases live").isEmpty();
        finish(batch.get(0), 200);
        finish(other, 200);
        assertThat(webhooks.status(first)).isEqualTo("delivered");
        assertThat(store.claimAll(List.of(first), "node-3-2", clock.instant().plus(LEASE), clock.instant()))
                .as("a delivered delivery is never claimed again").isEmpty();
    }

    @Test
    void theBacklogCountsPendingDeliveriesAndAgesTheOldest() {
        Instant t0 = clock.instant();
        assertThat(store.backlog("acme", Environment.SANDBOX, t0))
                .isEqualTo(new Backlog("acme", "sandbox", 0, null, null));
        String oldest = add("acme", "link_a");
        clock.advance(Duration.ofSeconds(5));
        add("acme", "link_b");
        add("globex", "link_c");
        clock.advance(Duration.ofSeconds(2));

        Backlog acme = store.backlog("acme", Environment.SANDBOX, clock.instant());
        assertThat(acme.pending()).isEqualTo(2);
        assertThat(acme.oldestPendingAgeSeconds()).isEqualTo(7);
        assertThat(store.backlog("acme", Environment.LIVE, clock.instant()).pending()).isZero();
        assertThat(store.backlogs(clock.instant(), 10)).extracting(Backlog::partnerId, Backlog::pending)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", 2L),
                        org.assertj.core.groups.Tuple.tuple("globex", 1L));

        finish(claim(oldest, "node-1"), 200);
        assertThat(store.backlog("acme", Environment.SANDBOX, clock.instant()).oldestPendingAgeSeconds())
                .as("the delivered one no longer counts").isEqualTo(2);
    }

    /** kill -9 of a node: its leases are taken over once its heartbeat is stale, long before they expire. */
    @Test
    void aSilentNodesLeasesAreTakenOverWithoutWaitingForThemToExpire() {
        String id = add("acme", "link_a");
        store.heartbeat("node-dead", clock.instant());
        store.heartbeat("node-alive", clock.instant());
        ClaimedDelivery lost = store.claimAll(List.of(id), "node-dead", "node-dead-1", clock.instant().plus(LEASE),
                clock.instant()).get(0);

        clock.advance(DeliveryStore.NODE_TIMEOUT.dividedBy(2));
        store.heartbeat("node-alive", clock.instant());
        assertThat(store.findClaimable(clock.instant(), "node-alive", Map.of(), 16, 100))
                .as("seen half a node timeout ago").isEmpty();

        clock.advance(DeliveryStore.NODE_TIMEOUT.dividedBy(2).plusSeconds(1));
        store.heartbeat("node-alive", clock.instant());
        assertThat(store.findClaimable(clock.instant(), "node-dead", Map.of(), 16, 100))
                .as("a node never takes over its own leases").isEmpty();
        assertThat(claimable()).as("a claimer without a node waits for the lease to expire").isEmpty();
        assertThat(store.findClaimable(clock.instant(), "node-alive", Map.of(), 16, 100))
                .extracting(DueDelivery::deliveryId).containsExactly(id);
        List<ClaimedDelivery> taken = store.claimAll(List.of(id), "node-alive", "node-alive-1",
                clock.instant().plus(LEASE), clock.instant());
        assertThat(taken).extracting(ClaimedDelivery::attemptNumber).containsExactly(1);
        assertThat(store.claimAll(List.of(id), "node-other", "node-other-1", clock.instant().plus(LEASE),
                clock.instant())).as("a live node's lease is not taken over").isEmpty();

        AttemptOutcome late = AttemptOutcome.http(200, 5);
        assertThat(store.complete(lost, clock.instant(), late, policy.decide(1, late, clock.instant())))
                .as("the silent node's late result is dropped").isFalse();
        finish(taken.get(0), 200);
        assertThat(webhooks.status(id)).isEqualTo("delivered");
    }

    /**
     * kill -9 of a node with a stable name, restarted at once: its fresh heartbeat and unexpired leases would keep
     * the deliveries for a node timeout; giving back its own name's leases makes them claimable now.
     */
    @Test
    void aRestartedNodeGivesBackTheLeasesOfItsNamesPreviousRun() {
        String held = add("acme", "link_a");
        String other = add("acme", "link_b");
        store.heartbeat("node-a", clock.instant());
        store.claimAll(List.of(held), "node-a", "node-a-run1-1", clock.instant().plus(LEASE), clock.instant());
        store.claimAll(List.of(other), "node-b", "node-b-run1-1", clock.instant().plus(LEASE), clock.instant());
        assertThat(store.lastSeen("node-a")).contains(clock.instant());
        assertThat(store.findClaimable(clock.instant(), "node-a", Map.of(), 16, 100)).isEmpty();

        assertThat(store.releaseLeasesOf("node-a")).isEqualTo(1);
        assertThat(store.findClaimable(clock.instant(), "node-a", Map.of(), 16, 100))
                .as("its own are claimable at once; another node's live lease stays")
                .extracting(DueDelivery::deliveryId).containsExactly(held);
        assertThat(store.claimAll(List.of(held), "node-a", "node-a-run2-1", clock.instant().plus(LEASE),
                clock.instant())).extracting(ClaimedDelivery::attemptNumber).containsExactly(1);

        store.forgetNode("node-a");
        assertThat(store.lastSeen("node-a")).isEmpty();
    }
}
