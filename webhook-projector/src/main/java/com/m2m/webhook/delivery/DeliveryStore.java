package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.webhook.common.TransactionScoped;
import com.m2m.webhook.endpoint.StoredEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static com.m2m.webhook.common.Db.instant;
import static com.m2m.webhook.common.Db.ts;

/**
 * The outbox table as the outbox writer and the dispatcher use it: insert once, find what is due, lease one
 * delivery for one attempt, record the attempt's result.
 *
 * <p>Leases make this safe with several nodes and across crashes: a delivery is attempted only by the holder of an
 * unexpired lease, and a lease left behind by a dead node simply expires, after which the delivery is claimed again
 * (at-least-once; receivers de-duplicate on the webhook id).
 */
@Component
public class DeliveryStore {

    private static final Logger log = LoggerFactory.getLogger(DeliveryStore.class);

    private static final String PENDING = DeliveryStatus.PENDING.wireName();

    /**
     * Due, not leased, and not behind an earlier pending delivery with the same ordering key: a later event of a
     * link waits while an earlier one is still being retried (until that one is delivered or failed). The status is
     * a literal, not a parameter: only then may PostgreSQL read the partial index of pending deliveries (V300_10).
     */
    private static final String CLAIMABLE = " d.status = '" + PENDING + "' AND d.next_attempt_at <= ?"
            + " AND " + unleased("d") + " AND " + firstPendingOfItsLink("d");

    /**
     * The status test of a statement that names its deliveries by id: {@code IS TRUE} keeps it out of the index
     * conditions, so the rows are found by their primary key. With statistics that say almost nothing is pending,
     * a claim of 16 ids was planned along the {@code (status, next_attempt_at)} index instead, reading every pending
     * row (ClaimReadsTest). One parameter: the status.
     */
    private static final String STATUS_OF_NAMED = "(status = ?) IS TRUE";

    /**
     * The pending delivery {@code row} is its link's earliest pending one: its seq is at most the first of its
     * link's pending ones (so equal to it, the row being one of them), read for each row checked from the
     * {@code (partner, environment, ordering_key, seq)} index, in seq order: the link's deliveries up to its first
     * pending one (a link has a handful), whatever the partner's backlog.
     *
     * <p>Written so that PostgreSQL plans it that way whatever its statistics say ({@code ClaimReadsTest}). Those of
     * a busy partner are taken while nearly every row has been delivered, so they say almost nothing is pending, and
     * a new partner's rows are not in them at all:
     * <ul>
     * <li>as {@code NOT EXISTS} (an earlier pending one) the check became an anti-join that re-read all the
     * partner's rows for each row checked: 54,000 buffers and 78 ms for one claim in the webhook benchmark;</li>
     * <li>with a plain {@code status = 'pending'} the lookup took the due index, whose {@code status} column then
     * looks as selective as the link's key: {@code IS TRUE} makes the status test no index condition;</li>
     * <li>as {@code MIN(seq)} the lookup could still take the due index on the partner alone, both indexes looking
     * like one row (9,000 buffers for a claim of 6 in the benchmark): {@code ORDER BY seq LIMIT 1} costs that index a
     * sort the link's index does not need;</li>
     * <li>compared with {@code =}, the check looked so selective (0.5 %) that the claim's scan of the due range
     * was planned as a read of the whole range and a sort instead of a read of its first rows; {@code <=} is
     * estimated at a third.</li>
     * </ul>
     */
    private static String firstPendingOfItsLink(String row) {
        return row + ".seq <= (SELECT e.seq FROM webhook_delivery e WHERE e.partner_id = " + row + ".partner_id"
                + " AND e.environment = " + row + ".environment AND e.ordering_key = " + row + ".ordering_key"
                + " AND (e.status = '" + PENDING + "') IS TRUE ORDER BY e.seq LIMIT 1)";
    }

    /**
     * The later pending deliveries of one delivery's link (same tenant and ordering key, higher {@code seq}), found
     * along the {@code (partner, environment, ordering_key, seq)} index. Parameters: the partner, the environment,
     * the delivery's id twice.
     */
    private static final String LATER_OF_ITS_LINK = " WHERE partner_id = ? AND environment = ? AND status = '"
            + PENDING + "' AND ordering_key = (SELECT o.ordering_key FROM webhook_delivery o WHERE o.delivery_id = ?)"
            + " AND seq > (SELECT o.seq FROM webhook_delivery o WHERE o.delivery_id = ?)";

    /**
     * A delivery that goes into retry backoff holds its link's later deliveries back until it is delivered or failed;
     * they are given its retry time, not earlier, so that until then they are outside every claim's due range
     * instead of being passed over by each claim (a dead endpoint answering at once leaves thousands of them). Only
     * those not attempted in their budget: one in backoff of its own (possible after a replay of an earlier one)
     * keeps its own time, which {@link #DUE_WITH_REPLAY} could not give back. Parameters: the retry time, then
     * {@link #LATER_OF_ITS_LINK}'s, then the retry time again.
     */
    private static final String WAIT_FOR_RETRY = "UPDATE webhook_delivery SET next_attempt_at = ?"
            + LATER_OF_ITS_LINK + " AND attempts = budget_start AND next_attempt_at < ?";

    /**
     * A replay makes a delivery due now, so the later deliveries that waited for its retry time are due now too
     * (behind it: the order rule still holds them until it is delivered or failed): the same deliveries
     * {@link #WAIT_FOR_RETRY} moves, those not attempted in their budget. Parameters: now,
     * {@link #LATER_OF_ITS_LINK}'s, now.
     */
    private static final String DUE_WITH_REPLAY = "UPDATE webhook_delivery SET next_attempt_at = ?"
            + LATER_OF_ITS_LINK + " AND attempts = budget_start AND next_attempt_at > ?";

    /**
     * A node not seen for this long (three missed heartbeats) is taken for dead: its leases may be taken over by
     * another node. As long as the webhook outbox processor's claim timeout, so an idle node writes its heartbeat
     * row a few times a minute, not every other second.
     */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Transactions chosen as a deadlock's victim are run again, up to this many runs in all. Three were not enough:
     * right after a restart, dozens of results of one tenant are recorded at once and one of them lost three
     * deadlocks in a row (a clean-clone CI run of {@code CrashRecoveryTest}); its delivery, made, then stayed pending
     * until its lease expired and was sent again.
     */
    static final int DEADLOCK_TRIES = 10;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DeliveryCounts counts;
    /** Attempt results of this node's workers, recorded together under load ({@link #complete}). */
    private final GroupCommit<Result, Boolean> results;

    /**
     * No live lease on the row: none, an expired one, or one held by a node whose heartbeat stopped (never the
     * claimer's own node). Parameters: now, the stale-heartbeat bound, the claimer's node (null: no take-over).
     */
    private static String unleased(String table) {
        return "(" + table + ".lease_until IS NULL OR " + table + ".lease_until < ? OR " + table + ".lease_node IN"
                + " (SELECT n.node_id FROM webhook_node n WHERE n.seen_at < ? AND n.node_id <> ?))";
    }

    private static List<Object> unleasedArgs(Instant now, String node) {
        List<Object> args = new ArrayList<>();
        args.add(ts(now));
        args.add(ts(now.minus(NODE_TIMEOUT)));
        args.add(node);
        return args;
    }

    public DeliveryStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.counts = new DeliveryCounts(jdbc);
        this.results = new GroupCommit<>(this::record);
    }

    /**
     * Adds the delivery unless one with the same webhook id already exists for that partner environment (a replay
     * of the outbox processor, or a redelivered event): nothing is ever sent twice because of a replay. One
     * statement, the insert ({@code ON CONFLICT DO NOTHING} is the duplicate check, no probe first; H2 accepts it
     * in PostgreSQL mode); only when it wrote a row, the tenant's count ({@link DeliveryCounts}) is added to, in the
     * caller's transaction or one of its own. A batch of one: {@link #insertAllIfAbsent}.
     *
     * @return true when a row was written
     */
    public boolean insertIfAbsent(NewDelivery delivery) {
        return insertAllIfAbsent(List.of(delivery)).get(0);
    }

    /**
     * As {@link #insertIfAbsent} for several deliveries, in their order, as one JDBC batch: the outbox processor hands
     * in its batch's deliveries just before its transaction commits, one round trip instead of one per delivery. A
     * delivery sees those before it in the list (its first attempt waits for a retry of its link's earlier one, as
     * {@link #FIRST_ATTEMPT_AT} says). The totals of what was written are added at once, in key order.
     *
     * @return per delivery, in order, whether a row was written
     */
    public List<Boolean> insertAllIfAbsent(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        return transactions.execute(status -> {
            int[] inserted = jdbc.batchUpdate(INSERT + " ON CONFLICT DO NOTHING",
                    deliveries.stream().map(d -> insertArgs(d, null, null)).toList());
            Set<String> present = Arrays.stream(inserted).allMatch(n -> n >= 0) ? Set.of() : present(deliveries);
            List<Boolean> written = new ArrayList<>(deliveries.size());
            TreeMap<CountKey, Long> pending = new TreeMap<>();
            for (int i = 0; i < deliveries.size(); i++) {
                NewDelivery d = deliveries.get(i);
                boolean wrote = inserted[i] < 0 ? present.contains(d.deliveryId()) : inserted[i] == 1;
                written.add(wrote);
                if (wrote) {
                    pending.merge(new CountKey(d.partnerId(), d.environment(), d.eventType()), 1L, Long::sum);
                }
            }
            addPending(pending);
            return written;
        });
    }

    /**
     * Which of {@code deliveries} are in the table: asked only when the driver reported no row counts for a batch
     * (PostgreSQL's driver with {@code reWriteBatchedInserts}); a delivery id is new, so a row with it is the one the
     * batch wrote, and a duplicate webhook left none.
     */
    private Set<String> present(List<NewDelivery> deliveries) {
        List<String> ids = deliveries.stream().map(NewDelivery::deliveryId).toList();
        return Set.copyOf(jdbc.queryForList("SELECT delivery_id FROM webhook_delivery WHERE delivery_id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", String.class, ids.toArray()));
    }

    /** Adds a delivery already leased by {@code owner} (the sandbox test attempts it at once, in the request). */
    public ClaimedDelivery insertClaimed(NewDelivery delivery, String owner, Instant leaseUntil) {
        transactions.executeWithoutResult(status -> {
            insert(delivery, owner, leaseUntil, "");
            counted(delivery);
        });
        return load(delivery.deliveryId(), owner).orElseThrow();
    }

    /**
     * Counts a written delivery as pending. In a transaction (the outbox processor's batch) the additions are summed
     * per tenant and event type and written once, just before the commit: one statement per tenant and type per
     * batch instead of one per delivery, and the totals' rows are locked only while the batch commits, not from its
     * first delivery on (the dispatcher moves the same rows when it records an attempt). Without a transaction, at
     * once.
     */
    private void counted(NewDelivery delivery) {
        CountKey key = new CountKey(delivery.partnerId(), delivery.environment(), delivery.eventType());
        TransactionScoped.bound(counts, () -> new TreeMap<CountKey, Long>(), this::addPending)
                .ifPresentOrElse(pending -> pending.merge(key, 1L, Long::sum),
                        () -> counts.add(key.partnerId(), key.environment(), PENDING, key.eventType(), 1));
    }

    /** In key order, so two transactions adding to the same totals lock their rows in the same order. */
    private void addPending(TreeMap<CountKey, Long> pending) {
        pending.forEach((key, n) -> counts.add(key.partnerId(), key.environment(), PENDING, key.eventType(), n));
    }

    /** A tenant's totals of one event type: what a new delivery adds to, what a recorded result moves. */
    private record CountKey(String partnerId, Environment environment, String eventType)
            implements Comparable<CountKey> {

        private static final Comparator<CountKey> ORDER = Comparator.comparing(CountKey::partnerId)
                .thenComparing(CountKey::environment).thenComparing(CountKey::eventType);

        @Override
        public int compareTo(CountKey other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * A new delivery is due no earlier than the latest time its link's pending deliveries wait for: one arriving
     * while an earlier event of its link is in retry backoff gets that retry time, as {@link #WAIT_FOR_RETRY} gives
     * the ones already there, instead of being due (and passed over by every claim) until that one's next result.
     */
    private static final String FIRST_ATTEMPT_AT = "GREATEST(?, COALESCE((SELECT MAX(e.next_attempt_at)"
            + " FROM webhook_delivery e WHERE e.partner_id = ? AND e.environment = ? AND e.ordering_key = ?"
            + " AND e.status = '" + PENDING + "'), ?))";

    private static final String INSERT = "INSERT INTO webhook_delivery (delivery_id, webhook_id, partner_id,"
            + " environment, event_type, ordering_key, callback_url, body, status, attempts, budget_start,"
            + " next_attempt_at, lease_owner, lease_until, created_at, link_id, reference_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, " + FIRST_ATTEMPT_AT + ", ?, ?, ?, ?, ?)";

    private int insert(NewDelivery d, String owner, Instant leaseUntil, String suffix) {
        return jdbc.update(INSERT + suffix, insertArgs(d, owner, leaseUntil));
    }

    private static Object[] insertArgs(NewDelivery d, String owner, Instant leaseUntil) {
        return new Object[]{d.deliveryId(), d.webhookId(), d.partnerId(), d.environment().wireName(), d.eventType(),
                d.orderingKey(), d.callbackUrl(), d.body(), PENDING, ts(d.nextAttemptAt()), d.partnerId(),
                d.environment().wireName(), d.orderingKey(), ts(d.nextAttemptAt()), owner, ts(leaseUntil),
                ts(d.createdAt()), d.linkId(), d.referenceId()};
    }

    /**
     * Deliveries that may be claimed at {@code now}, oldest due first within a target, with at most
     * {@code maxPerTarget} minus its attempts in flight ({@code inFlight}, on this node) per partner environment. The
     * per-target cap is applied in the query itself, so a partner with a large backlog contributes only what it may
     * actually start and can never fill the batch and hide everybody else's deliveries; a target already at its
     * limit contributes nothing. The result goes round the targets (every target's first, then every target's
     * second, ...), so whatever the limit cuts off is the depth of the longest backlogs, never another target.
     */
    public List<DueDelivery> findClaimable(Instant now, Map<TargetKey, Integer> inFlight, int maxPerTarget,
                                           int limit) {
        return findClaimable(now, null, inFlight, maxPerTarget, limit);
    }

    /**
     * As {@link #findClaimable(Instant, Map, int, int)} for the dispatcher of {@code node} (see {@link #heartbeat}).
     *
     * <p>What it reads is bounded by what may start, not by the backlog: the targets with something pending come
     * from the maintained totals ({@link DeliveryCounts}, exact in every transaction that moves a delivery's
     * status), and each of them is asked for its first free-slots due deliveries along the
     * {@code (partner, environment, next_attempt_at, seq)} index of pending deliveries (on PostgreSQL a partial index,
     * which is why {@link #CLAIMABLE} names the status as a literal), {@link #TARGETS_PER_STATEMENT} targets a
     * statement. The scan of a target stops at its limit; it passes over only the rows leased now and the later
     * events of links whose earlier event is in flight (one in retry backoff has moved them to its retry time:
     * {@link #WAIT_FOR_RETRY}). With many targets the walk starts where the previous
     * one stopped, so when the limit is reached before every target was asked, the next call asks the others first.
     */
    public List<DueDelivery> findClaimable(Instant now, String node, Map<TargetKey, Integer> inFlight,
                                           int maxPerTarget, int limit) {
        return findClaimable(now, node, inFlight, maxPerTarget, 0, limit);
    }

    /**
     * As {@link #findClaimable(Instant, String, Map, int, int)}, each target with a free slot bringing
     * {@code lookAhead} more than its free slots (what the dispatcher keeps to start when attempts end). A target
     * with all of its {@code maxInFlight} attempts in flight, a hanging endpoint's, brings nothing: its rows are not
     * read again by every claim while it hangs.
     */
    public List<DueDelivery> findClaimable(Instant now, String node, Map<TargetKey, Integer> inFlight,
                                           int maxInFlight, int lookAhead, int limit) {
        List<TargetKey> targets = targetsWithPending();
        if (!now.isBefore(rowsCheckedAt.plus(ROWS_CHECK))) {
            rowsCheckedAt = now;
            targets = withUncounted(targets);
        }
        if (targets.isEmpty() || limit <= 0) {
            return List.of();
        }
        int first = Math.floorMod(targetCursor.get(), targets.size());
        List<Due> found = new ArrayList<>();
        Map<TargetKey, Integer> asked = new LinkedHashMap<>();
        int visited = 0;
        while (visited < targets.size() && found.size() < limit) {
            TargetKey target = targets.get((first + visited) % targets.size());
            visited++;
            int free = maxInFlight - inFlight.getOrDefault(target, 0);
            if (free > 0) {
                asked.put(target, free + lookAhead);
            }
            if (asked.size() == TARGETS_PER_STATEMENT) {
                found.addAll(firstDue(asked, now, node));
                asked.clear();
            }
        }
        if (!asked.isEmpty()) {
            found.addAll(firstDue(asked, now, node));
        }
        targetCursor.addAndGet(visited);
        return roundTheTargets(found, limit);
    }

    /** Targets asked by one statement of {@link #findClaimable}: one bounded index range each. */
    static final int TARGETS_PER_STATEMENT = 32;

    /** Where the next {@link #findClaimable} starts its walk over the targets. */
    private final AtomicInteger targetCursor = new AtomicInteger();

    /** A claimable delivery with what orders it. */
    private record Due(String deliveryId, TargetKey target, Instant nextAttemptAt, long seq) {
    }

    /**
     * How often the targets are also taken from the pending rows themselves: the safety net should the totals ever
     * disagree with the rows (a manual fix in the database, a restore), so that no pending delivery is stranded.
     */
    static final Duration ROWS_CHECK = Duration.ofMinutes(1);
    private volatile Instant rowsCheckedAt = Instant.MIN;

    /** {@code counted} plus any target with pending rows that the totals do not show (logged: they should not). */
    private List<TargetKey> withUncounted(List<TargetKey> counted) {
        List<TargetKey> fromRows = jdbc.query("SELECT DISTINCT partner_id, environment FROM webhook_delivery"
                        + " WHERE status = ?",
                (rs, row) -> new TargetKey(rs.getString("partner_id"),
                        Environment.parse(rs.getString("environment"), "environment")),
                PENDING);
        List<TargetKey> all = new ArrayList<>(counted);
        for (TargetKey target : fromRows) {
            if (!counted.contains(target)) {
                log.warn("Webhook deliveries of {} {} are pending but its delivery totals show none: claimed"
                        + " anyway; the totals need reconciling", target.partnerId(), target.environment().wireName());
                all.add(target);
            }
        }
        return all;
    }

    /** Partner environments with at least one pending delivery, from the maintained totals (a few rows each). */
    private List<TargetKey> targetsWithPending() {
        return jdbc.query("SELECT DISTINCT partner_id, environment FROM webhook_delivery_count WHERE status = ?"
                        + " AND n > 0 ORDER BY partner_id, environment",
                (rs, row) -> new TargetKey(rs.getString("partner_id"),
                        Environment.parse(rs.getString("environment"), "environment")),
                PENDING);
    }

    /** Each of {@code slots}' targets' first claimable deliveries, at most its free slots, in one statement. */
    private List<Due> firstDue(Map<TargetKey, Integer> slots, Instant now, String node) {
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Map.Entry<TargetKey, Integer> slot : slots.entrySet()) {
            parts.add("(SELECT d.delivery_id, d.partner_id, d.environment, d.next_attempt_at, d.seq"
                    + " FROM webhook_delivery d WHERE d.partner_id = ? AND d.environment = ? AND" + CLAIMABLE
                    + " ORDER BY d.next_attempt_at, d.seq LIMIT ?)");
            args.add(slot.getKey().partnerId());
            args.add(slot.getKey().environment().wireName());
            args.add(ts(now));
            args.addAll(unleasedArgs(now, node));
            args.add(slot.getValue());
        }
        return jdbc.query(String.join(" UNION ALL ", parts), (rs, row) -> new Due(rs.getString("delivery_id"),
                        new TargetKey(rs.getString("partner_id"), Environment.parse(rs.getString("environment"),
                                "environment")), instant(rs, "next_attempt_at"), rs.getLong("seq")),
                args.toArray());
    }

    /** Every target's first, then every target's second, ...: within a rank, the one due longest first. */
    private static List<DueDelivery> roundTheTargets(List<Due> found, int limit) {
        Comparator<Due> dueOrder = Comparator.comparing(Due::nextAttemptAt).thenComparingLong(Due::seq);
        Map<TargetKey, List<Due>> byTarget = new HashMap<>();
        for (Due due : found) {
            byTarget.computeIfAbsent(due.target(), target -> new ArrayList<>()).add(due);
        }
        List<Map.Entry<Integer, Due>> ranked = new ArrayList<>();
        for (List<Due> ofTarget : byTarget.values()) {
            ofTarget.sort(dueOrder);
            for (int rank = 0; rank < ofTarget.size(); rank++) {
                ranked.add(Map.entry(rank, ofTarget.get(rank)));
            }
        }
        ranked.sort(Map.Entry.<Integer, Due>comparingByKey().thenComparing(Map.Entry::getValue, dueOrder));
        return ranked.stream().limit(limit)
                .map(entry -> new DueDelivery(entry.getValue().deliveryId(), entry.getValue().target()))
                .toList();
    }

    /**
     * Leases the delivery for one attempt. Exactly one claimer wins: the update matches only while the delivery
     * is pending and unleased (or its lease has expired).
     */
    public Optional<ClaimedDelivery> claim(String deliveryId, String owner, Instant leaseUntil, Instant now) {
        int updated = jdbc.update("UPDATE webhook_delivery SET lease_owner = ?, lease_until = ?"
                        + " WHERE delivery_id = ? AND " + STATUS_OF_NAMED
                        + " AND (lease_until IS NULL OR lease_until < ?)",
                owner, ts(leaseUntil), deliveryId, PENDING, ts(now));
        return updated == 1 ? load(deliveryId, owner) : Optional.empty();
    }

    /**
     * Leases as many of {@code deliveryIds} as are still claimable, with one statement, for one attempt each, and
     * returns those this call won (in outbox order). The same row rules as {@link #claim}, plus the order rule of
     * {@link #findClaimable}: a delivery another claimer took meanwhile, that was completed, or that now has an
     * earlier pending event of its link, is simply left out.
     */
    public List<ClaimedDelivery> claimAll(List<String> deliveryIds, String owner, Instant leaseUntil, Instant now) {
        return claimAll(deliveryIds, null, owner, leaseUntil, now);
    }

    /**
     * As {@link #claimAll(List, String, Instant, Instant)} by the dispatcher of {@code node}, which may also take over
     * the leases of a node whose heartbeat stopped.
     */
    public List<ClaimedDelivery> claimAll(List<String> deliveryIds, String node, String owner, Instant leaseUntil,
                                          Instant now) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        String ids = String.join(", ", Collections.nCopies(deliveryIds.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(owner);
        args.add(ts(leaseUntil));
        args.add(node);
        args.addAll(deliveryIds);
        args.add(PENDING);
        args.addAll(unleasedArgs(now, node));
        // The order rule is checked again here, in the claiming statement itself: a candidate found earlier may have
        // fallen behind an earlier event of its link since (that one replayed), and must then wait.
        int updated = jdbc.update("UPDATE webhook_delivery SET lease_owner = ?, lease_until = ?, lease_node = ?"
                + " WHERE delivery_id IN (" + ids + ") AND " + STATUS_OF_NAMED + " AND " + unleased("webhook_delivery")
                + " AND " + firstPendingOfItsLink("webhook_delivery"),
                args.toArray());
        if (updated == 0) {
            return List.of();
        }
        List<Object> loadArgs = new ArrayList<>(deliveryIds);
        loadArgs.add(owner);
        return jdbc.query(LOAD + " WHERE delivery_id IN (" + ids + ") AND lease_owner = ? ORDER BY seq",
                (rs, row) -> claimed(rs), loadArgs.toArray());
    }

    /** A leased delivery with its endpoint's row, in one read (the attempt needs both). */
    private static final String LOAD = "SELECT delivery_id, lease_owner, webhook_id, d.partner_id, d.environment,"
            + " event_type, callback_url, body, attempts, budget_start, " + StoredEndpoint.COLUMNS
            + " FROM webhook_delivery d LEFT JOIN webhook_endpoint w ON w.partner_id = d.partner_id"
            + " AND w.environment = d.environment";

    private Optional<ClaimedDelivery> load(String deliveryId, String owner) {
        return jdbc.query(LOAD + " WHERE delivery_id = ? AND lease_owner = ?", (rs, row) -> claimed(rs),
                        deliveryId, owner)
                .stream().findFirst();
    }

    private static ClaimedDelivery claimed(ResultSet rs) throws SQLException {
        return new ClaimedDelivery(rs.getString("delivery_id"), rs.getString("lease_owner"),
                rs.getString("webhook_id"), rs.getString("partner_id"),
                Environment.parse(rs.getString("environment"), "environment"),
                rs.getString("event_type"), rs.getString("callback_url"), rs.getString("body"),
                rs.getInt("attempts"), rs.getInt("budget_start"), StoredEndpoint.joined(rs));
    }

    /**
     * Records that {@code node}'s dispatcher is alive at {@code now}, and forgets nodes silent for a day. A node
     * silent for {@link #NODE_TIMEOUT} is taken for dead and its leases may be taken over.
     */
    public void heartbeat(String node, Instant now) {
        if (jdbc.update("UPDATE webhook_node SET seen_at = ? WHERE node_id = ?", ts(now), node) == 0) {
            jdbc.update("INSERT INTO webhook_node (node_id, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING", node,
                    ts(now));
        }
        jdbc.update("DELETE FROM webhook_node WHERE seen_at < ?", ts(now.minus(Duration.ofDays(1))));
    }

    /** When {@code node}'s dispatcher last beat its heartbeat; empty if it stopped cleanly or never ran. */
    public Optional<Instant> lastSeen(String node) {
        return jdbc.query("SELECT seen_at FROM webhook_node WHERE node_id = ?", (rs, row) -> instant(rs, "seen_at"),
                node).stream().findFirst();
    }

    /**
     * A node restarted under its stable name gives back the leases its previous run left behind (killed, crashed):
     * nothing of this run is in flight yet, so they are the dead run's, and waiting for them to expire or for the
     * heartbeat to go stale would only delay their deliveries. Safe only while no other live node has this name.
     *
     * @return how many leases were given back
     */
    public int releaseLeasesOf(String node) {
        return jdbc.update("UPDATE webhook_delivery SET lease_owner = NULL, lease_until = NULL, lease_node = NULL"
                + " WHERE lease_node = ? AND status = ?", node, PENDING);
    }

    /** A node stopping cleanly: it has given its leases back, there is nothing to take over. */
    public void forgetNode(String node) {
        jdbc.update("DELETE FROM webhook_node WHERE node_id = ?", node);
    }

    /**
     * The backlog of one partner environment at {@code now}, in one statement that stays flat however deep the
     * backlog is: the pending total from the maintained counts ({@link DeliveryCounts}), the oldest pending delivery
     * from the first entry of the {@code (partner, environment, status, created_at, seq)} index.
     */
    public Backlog backlog(String partnerId, Environment environment, Instant now) {
        return jdbc.queryForObject("SELECT (SELECT COALESCE(SUM(n), 0) FROM webhook_delivery_count"
                        + " WHERE partner_id = ? AND environment = ? AND status = ?) AS pending,"
                        + " (SELECT MIN(created_at) FROM webhook_delivery"
                        + " WHERE partner_id = ? AND environment = ? AND status = ?) AS oldest",
                (rs, row) -> Backlog.of(partnerId, environment.wireName(), rs.getLong("pending"),
                        instant(rs, "oldest"), now),
                partnerId, environment.wireName(), PENDING, partnerId, environment.wireName(), PENDING);
    }

    /** Every partner environment with something pending, the oldest backlog first (for operators). */
    public List<Backlog> backlogs(Instant now, int limit) {
        return jdbc.query("SELECT partner_id, environment, COUNT(*) AS pending, MIN(created_at) AS oldest"
                        + " FROM webhook_delivery WHERE status = ? GROUP BY partner_id, environment"
                        + " ORDER BY MIN(created_at), partner_id, environment LIMIT ?",
                (rs, row) -> Backlog.of(rs.getString("partner_id"), rs.getString("environment"),
                        rs.getLong("pending"), instant(rs, "oldest"), now),
                PENDING, limit);
    }

    /**
     * Records the attempt and the delivery's next state (and the log's totals when the status changes), and
     * releases the lease, in one transaction. Nothing is written unless the delivery is still exactly as this claim
     * left it (pending, leased by this claim's owner, same attempt count): if the lease was lost meanwhile (it
     * expired and another node took the delivery over, or a replay reset the delivery after the lease expired), the
     * newer state stands and this result is dropped.
     *
     * @return false when the lease was lost
     */
    public boolean complete(ClaimedDelivery delivery, Instant attemptedAt, AttemptOutcome outcome,
                            RetryPolicy.Decision decision) {
        return results.write(new Result(delivery, attemptedAt, outcome, decision));
    }

    /** One attempt's result, as {@link #complete} records it. */
    private record Result(ClaimedDelivery delivery, Instant attemptedAt, AttemptOutcome outcome,
                          RetryPolicy.Decision decision) {
    }

    /**
     * The results handed in meanwhile by the workers ({@link GroupCommit}), in one transaction: the deliveries'
     * updates as one JDBC batch, the attempts' inserts as another, and the totals moved once per tenant, event type
     * and final status, in key order (so that two such transactions lock the totals' rows in the same order).
     */
    private List<Boolean> record(List<Result> batch) {
        return retryingDeadlocks(status -> {
            int[] updated = jdbc.batchUpdate("UPDATE webhook_delivery SET status = ?, attempts = ?,"
                            + " next_attempt_at = ?, delivered_at = COALESCE(?, delivered_at), last_attempt_at = ?,"
                            + " last_status = ?, last_error = ?, lease_owner = NULL, lease_until = NULL"
                            + " WHERE delivery_id = ? AND lease_owner = ? AND attempts = ? AND " + STATUS_OF_NAMED,
                    batch.stream().map(r -> new Object[]{r.decision().status().wireName(),
                            r.delivery().attemptNumber(), ts(r.decision().nextAttemptAt()),
                            r.decision().status() == DeliveryStatus.DELIVERED ? ts(r.attemptedAt()) : null,
                            ts(r.attemptedAt()), r.outcome().httpStatus(), r.outcome().error(),
                            r.delivery().deliveryId(), r.delivery().leaseOwner(), r.delivery().attempts(),
                            PENDING}).toList());
            List<Boolean> won = new ArrayList<>();
            List<Result> recorded = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (updated[i] < 0) {
                    // The driver did not say which rows it changed: without that, neither attempts nor totals
                    // can be written exactly. Rolled back; GroupCommit writes each result alone.
                    throw new IllegalStateException("Batched update without row counts");
                }
                won.add(updated[i] == 1);
                if (updated[i] == 1) {
                    recorded.add(batch.get(i));
                }
            }
            if (recorded.isEmpty()) {
                return won;
            }
            jdbc.batchUpdate("INSERT INTO webhook_delivery_attempt (delivery_id, attempt, at, http_status, error,"
                            + " duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                    recorded.stream().map(r -> new Object[]{r.delivery().deliveryId(), r.delivery().attemptNumber(),
                            ts(r.attemptedAt()), r.outcome().httpStatus(), r.outcome().error(),
                            r.outcome().durationMs()}).toList());
            // The log's totals move only with the status: a retry stays pending (nothing), a final result is one.
            // Per tenant and type all the batch's moves are one statement: two (pending -> delivered, pending ->
            // failed) would lock delivered, pending, failed, against a replay's failed, pending: a deadlock cycle.
            TreeMap<CountKey, TreeMap<String, Long>> moves = new TreeMap<>();
            for (Result r : recorded) {
                String to = r.decision().status().wireName();
                if (!PENDING.equals(to)) {
                    moves.computeIfAbsent(new CountKey(r.delivery().partnerId(), r.delivery().environment(),
                            r.delivery().eventType()), key -> new TreeMap<>()).merge(to, 1L, Long::sum);
                }
            }
            moves.forEach((key, arrivals) -> counts.moveFromPending(key.partnerId(), key.environment(),
                    key.eventType(), arrivals));
            List<Object[]> retried = recorded.stream().filter(r -> r.decision().status() == DeliveryStatus.PENDING)
                    .map(r -> laterOfItsLinkTo(r.decision().nextAttemptAt(), r.delivery())).toList();
            if (!retried.isEmpty()) {
                jdbc.batchUpdate(WAIT_FOR_RETRY, retried);
            }
            // A replayed delivery's final result makes due what still waits for its old retry time: a later event
            // written while the replay committed (its insert read that time, the replay could not see the row yet)
            // would otherwise wait for it, up to hours. Only replayed ones (budget_start > 0) can leave such a row.
            List<Object[]> replayedDone = recorded.stream()
                    .filter(r -> r.decision().status() != DeliveryStatus.PENDING && r.delivery().budgetStart() > 0)
                    .map(r -> laterOfItsLinkTo(r.attemptedAt(), r.delivery())).toList();
            if (!replayedDone.isEmpty()) {
                jdbc.batchUpdate(DUE_WITH_REPLAY, replayedDone);
            }
            return won;
        });
    }

    /** The parameters of {@link #WAIT_FOR_RETRY} or {@link #DUE_WITH_REPLAY}: {@code delivery}'s later ones to {@code at}. */
    private static Object[] laterOfItsLinkTo(Instant at, ClaimedDelivery delivery) {
        return new Object[]{ts(at), delivery.partnerId(), delivery.environment().wireName(), delivery.deliveryId(),
                delivery.deliveryId(), ts(at)};
    }

    /**
     * Runs {@code work} in a transaction of its own, again (up to {@link #DEADLOCK_TRIES} times in all) when the
     * database chose it as a deadlock's victim. Recording attempts of one tenant at the same moment moves the same
     * totals' rows, and PostgreSQL can find a cycle among such transactions (and the outbox's) that it resolves by
     * rolling one back; without a new try, a delivery that was made would stay unrecorded until its lease expired,
     * and then be sent again. Safe to repeat: the rolled-back transaction wrote nothing, and its statements are
     * guarded by the row's state.
     */
    private <T> T retryingDeadlocks(TransactionCallback<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(work);
            } catch (PessimisticLockingFailureException e) {
                if (attempt >= DEADLOCK_TRIES) {
                    throw e;
                }
                pauseBeforeRetry(attempt);
            }
        }
    }

    /** A short, random pause growing with the tries, so the transactions of a cycle do not meet again at once. */
    private static void pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recording a delivery", interrupted);
        }
    }

    /** What {@link #replay} did. */
    public enum Replay { REPLAYED, IN_FLIGHT, NOT_FOUND }

    /**
     * Resets the tenant's delivery for a fresh retry budget, due at {@code now}, unless an attempt of it is in flight
     * (its lease is live); a lease that has expired is dropped, so a straggling attempt can no longer record over
     * the replay. The row is read and locked first ({@code FOR UPDATE}): the totals must know the status it leaves,
     * and nothing may change it between the read and the reset.
     */
    public Replay replay(String partnerId, Environment environment, String deliveryId, Instant now) {
        return retryingDeadlocks(status -> {
            List<String[]> found = jdbc.query("SELECT status, event_type FROM webhook_delivery WHERE delivery_id = ?"
                            + " AND partner_id = ? AND environment = ? FOR UPDATE",
                    (rs, n) -> new String[]{rs.getString("status"), rs.getString("event_type")},
                    deliveryId, partnerId, environment.wireName());
            if (found.isEmpty()) {
                return Replay.NOT_FOUND;
            }
            int updated = jdbc.update("UPDATE webhook_delivery SET status = ?, next_attempt_at = ?,"
                            + " budget_start = attempts, delivered_at = NULL, lease_owner = NULL, lease_until = NULL"
                            + " WHERE delivery_id = ? AND (lease_until IS NULL OR lease_until < ?)",
                    PENDING, ts(now), deliveryId, ts(now));
            if (updated == 0) {
                return Replay.IN_FLIGHT;
            }
            counts.move(partnerId, environment, found.get(0)[1], found.get(0)[0], PENDING);
            jdbc.update(DUE_WITH_REPLAY, ts(now), partnerId, environment.wireName(), deliveryId, deliveryId, ts(now));
            return Replay.REPLAYED;
        });
    }

    /**
     * Gives the lease back without recording anything: the attempt was abandoned before it had a result (the node
     * is shutting down), so it does not count, and the delivery may be claimed again at once, with the same attempt
     * number. Does nothing if the lease is no longer this claim's.
     *
     * @return false when the lease was already lost
     */
    public boolean release(ClaimedDelivery delivery) {
        return jdbc.update("UPDATE webhook_delivery SET lease_owner = NULL, lease_until = NULL"
                        + " WHERE delivery_id = ? AND lease_owner = ? AND attempts = ?",
                delivery.deliveryId(), delivery.leaseOwner(), delivery.attempts()) == 1;
    }
}
