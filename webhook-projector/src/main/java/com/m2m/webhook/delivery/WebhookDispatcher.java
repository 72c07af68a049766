package com.m2m.webhook.delivery;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.NodeName;
import com.m2m.webhook.config.WebhookProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends what the outbox holds. One claiming thread finds due deliveries and leases them in batches; a bounded pool of
 * workers makes the HTTP attempts, so the claimer never waits on a receiver.
 *
 * <p>The claimer sleeps until something may be claimable: a delivery was committed ({@link DeliveryWakeUps}, on
 * this node or, through PostgreSQL NOTIFY, on another), or an attempt ended (which frees a slot of its target and
 * may release the next event of its link). The poll interval is only the safety net for retries coming due and for
 * a missed signal. Wake-ups that arrive while the claimer is busy are merged into one more round.
 *
 * <p>Isolation between partners: at most {@code maxInFlightPerTarget} attempts per partner environment are in flight
 * on this node, and each round asks the store for at most each target's free slots (a target at its limit
 * contributes nothing), so a slow or dead endpoint only ever occupies its own share of workers and its backlog never
 * hides another partner's deliveries. Within a target, events of different links go in parallel; events of one link
 * one at a time, in order (the store never offers a later event of a link while an earlier one is pending).
 *
 * <p>Several nodes may run this at once: the lease decides who attempts (see {@link DeliveryStore}). Nothing is
 * kept in memory that matters after a crash: an attempt cut short leaves a lease that expires, and the delivery
 * is attempted again. Each node also beats a heartbeat every 10 s; the leases of a node silent for
 * {@link DeliveryStore#NODE_TIMEOUT} are taken over by the others (or by the restarted node) without waiting
 * for them to expire.
 *
 * <p>The node's id is its stable {@link NodeName} when it has one (set per node, or the embedded database's fixed
 * name): restarted after a crash, the node gives back the leases its dead run left under that name at once, before
 * claiming anything, so their deliveries resume within seconds instead of after {@link DeliveryStore#NODE_TIMEOUT}.
 * Without a stable name the id is random, unique to this dispatcher, as before. Lease owners also carry this run's
 * own random part, so two runs under one name never hold a lease under the same owner.
 */
@Component
public class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration MAX_STOP_WAIT = Duration.ofSeconds(10);
    /** After interrupting the attempts still running: time for them to give their leases back. */
    private static final Duration GIVE_BACK_WAIT = Duration.ofSeconds(2);
    /** Well within {@link DeliveryStore#NODE_TIMEOUT}: a live node is never taken for dead. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** After a failed round (database hiccup): pause before the next, so errors do not spin. */
    private static final long ERROR_PAUSE_MS = 200;

    private final DeliveryStore store;
    private final DeliveryAttempter attempter;
    private final WebhookProperties properties;
    private final Clock clock;
    private final DeliveryWakeUps wakeUps;
    private final String nodeId;
    private final boolean stableNode;
    /** This run's part of every lease owner: a restarted node's owners never equal its previous run's. */
    private final String run = Identifiers.randomHex(4);
    private final AtomicLong claims = new AtomicLong();
    private final Map<TargetKey, Integer> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger inFlightTotal = new AtomicInteger();
    private final Object pollLock = new Object();
    private final Object signal = new Object();
    private final Runnable wakeListener = this::wake;

    private boolean signalled;
    /** Set by commits and polls: the next round asks the store afresh. Completions only free a slot. */
    private volatile boolean refresh = true;
    /** Targets that had an attempt end since the last round. */
    private final Set<TargetKey> freed = ConcurrentHashMap.newKeySet();
    /**
     * Due deliveries the last query found beyond the free slots (claimer thread only): a finished attempt takes its
     * successor from here with one claim statement instead of a new query over the whole outbox. The store decides
     * at the claim whether a candidate is still claimable (and still first of its link), so a stale one is skipped.
     * A target that was at its limit when the query ran has none here: its next freed slot asks the store afresh.
     */
    private List<DueDelivery> candidates = new ArrayList<>();
    private volatile Thread claimer;
    private volatile ScheduledExecutorService heartbeats;
    private volatile ExecutorService workers;
    private volatile boolean running;

    /** A random id, unique to this dispatcher (the module without the application's node name). */
    public WebhookDispatcher(DeliveryStore store, DeliveryAttempter attempter, WebhookProperties properties,
                             Clock clock, DeliveryWakeUps wakeUps) {
        this(store, attempter, properties, clock, wakeUps, (NodeName) null);
    }

    /** The application's node name where it provides one (app's ClusterConfiguration), a random id otherwise. */
    @Autowired
    public WebhookDispatcher(DeliveryStore store, DeliveryAttempter attempter, WebhookProperties properties,
                             Clock clock, DeliveryWakeUps wakeUps, ObjectProvider<NodeName> nodeName) {
        this(store, attempter, properties, clock, wakeUps, nodeName.getIfAvailable());
    }

    public WebhookDispatcher(DeliveryStore store, DeliveryAttempter attempter, WebhookProperties properties,
                             Clock clock, DeliveryWakeUps wakeUps, NodeName nodeName) {
        this.stableNode = nodeName != null && nodeName.stable();
        this.nodeId = stableNode ? nodeName.value() : "node-" + Identifiers.randomHex(4);
        this.store = store;
        this.attempter = attempter;
        this.properties = properties;
        this.clock = clock;
        this.wakeUps = wakeUps;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (!properties.deliveryEnabled()) {
            log.info("Webhook delivery is disabled (m2m.webhooks.delivery-enabled=false); the outbox keeps filling");
            return;
        }
        workers = new ThreadPoolExecutor(properties.workerThreads(), properties.workerThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("webhook-sender-"));
        if (stableNode) {
            reclaimOwnLeases();
        }
        wakeUps.listen(wakeListener);
        heartbeats = Executors.newSingleThreadScheduledExecutor(threads("webhook-heartbeat-"));
        heartbeats.scheduleWithFixedDelay(this::heartbeat, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        Thread thread = new Thread(this::claimLoop, "webhook-claimer-" + nodeId);
        thread.setDaemon(true);
        claimer = thread;
        thread.start();
        log.info("Webhook dispatcher {} started: {} workers, {} per target, woken on commit, polling every {} ms",
                nodeId, properties.workerThreads(), properties.maxInFlightPerTarget(),
                properties.pollInterval().toMillis());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        Thread thread = claimer;
        if (thread == null) {
            return;
        }
        wakeUps.stopListening(wakeListener);
        heartbeats.shutdownNow();
        claimer = null;
        thread.interrupt();
        workers.shutdown();
        try {
            Duration wait = properties.timeout().compareTo(MAX_STOP_WAIT) < 0 ? properties.timeout() : MAX_STOP_WAIT;
            thread.join(wait.toMillis());
            if (!workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                // Attempts still running are cut short: they are not recorded nor counted, their leases are given
                // back (or expire) and another run attempts them again with the same attempt number.
                workers.shutdownNow();
                workers.awaitTermination(GIVE_BACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        workers = null;
        try {
            store.forgetNode(nodeId);
        } catch (RuntimeException e) {
            log.debug("Webhook node {} not forgotten at shutdown: {}", nodeId, e.toString());
        }
    }

    /**
     * Before the first heartbeat and claim of this run: leases under this node's stable name are its previous run's,
     * given back so that they are claimed at once. A heartbeat of this name seen within {@link DeliveryStore#NODE_TIMEOUT}
     * is that run's last one after a crash, or another live node configured with the same name: the platform cannot
     * tell the two apart, so it says so (two live nodes with one name attempt each other's deliveries twice).
     */
    private void reclaimOwnLeases() {
        try {
            Instant now = clock.instant();
            store.lastSeen(nodeId).filter(seen -> seen.isAfter(now.minus(DeliveryStore.NODE_TIMEOUT)))
                    .ifPresent(seen -> log.warn("Webhook node '{}' beat its heartbeat {} s ago: expected right after"
                            + " a crash of this node; if another node is running, give each node its own"
                            + " m2m.cluster.node-name", nodeId, Duration.between(seen, now).toSeconds()));
            int released = store.releaseLeasesOf(nodeId);
            if (released > 0) {
                log.info("Webhook node '{}' took back {} deliveries its previous run had leased", nodeId, released);
            }
        } catch (RuntimeException e) {
            // Not fatal: those leases then expire, or are taken over once the old heartbeat is stale.
            log.warn("Webhook node '{}' could not take back its previous run's leases: {}", nodeId, e.toString());
        }
    }

    /** This dispatcher's node id (its lease and heartbeat name). */
    public String nodeId() {
        return nodeId;
    }

    private void heartbeat() {
        try {
            store.heartbeat(nodeId, clock.instant());
        } catch (RuntimeException e) {
            log.warn("Webhook node {} heartbeat failed: {}", nodeId, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Something may have become claimable: run a round now (or right after the one under way). */
    public void wake() {
        refresh = true;
        signal();
    }

    /** An attempt of {@code target} ended: its slot is free (and its link's next event may be claimable). */
    private void slotFreed(TargetKey target) {
        freed.add(target);
        signal();
    }

    private void signal() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    private void claimLoop() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                round();
                if (!awaitSignal(properties.pollInterval().toMillis())) {
                    refresh = true; // the safety-net poll: retries come due without any signal
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A database hiccup must not kill the loop: the next round tries again, afresh.
                refresh = true;
                log.warn("Webhook claim round failed: {}", e.toString());
                try {
                    Thread.sleep(ERROR_PAUSE_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** @return false when the wait ended without a signal (the poll interval elapsed) */
    private boolean awaitSignal(long timeoutMs) throws InterruptedException {
        synchronized (signal) {
            if (!signalled) {
                signal.wait(Math.max(1, timeoutMs));
            }
            boolean woken = signalled;
            signalled = false;
            return woken;
        }
    }

    /**
     * Claims what may be attempted now and hands it to the workers; returns at once.
     *
     * @return how many deliveries were claimed
     */
    public int pollOnce() {
        refresh = true;
        return round();
    }

    private int round() {
        synchronized (pollLock) {
            int total = 0;
            int claimed;
            // A full batch means there may be more: go on while slots are free and the store has work.
            do {
                claimed = claimDue();
                total += claimed;
            } while (claimed >= properties.claimBatchSize() && running);
            return total;
        }
    }

    private int claimDue() {
        ExecutorService pool = workers;
        if (pool == null) {
            return 0;
        }
        int free = properties.workerThreads() - inFlightTotal.get();
        if (free <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        Set<TargetKey> freedNow = new HashSet<>();
        for (TargetKey target : freed) {
            freed.remove(target);
            freedNow.add(target);
        }
        boolean query = refresh || candidates.isEmpty()
                || freedNow.stream().anyMatch(target -> candidates.stream().noneMatch(c -> c.target().equals(target)));
        if (query) {
            refresh = false;
            // Each target with a free slot brings its free slots plus as many again to take from when attempts
            // end, so the candidates are never one backlog's oldest rows only; one at its limit brings nothing.
            int maxPerTarget = properties.maxInFlightPerTarget();
            candidates = new ArrayList<>(store.findClaimable(now, nodeId, Map.copyOf(inFlight), maxPerTarget,
                    maxPerTarget, 2 * properties.claimBatchSize()));
        }
        List<String> wanted = new ArrayList<>();
        Map<TargetKey, Integer> planned = new HashMap<>();
        for (Iterator<DueDelivery> it = candidates.iterator(); it.hasNext() && wanted.size() < free
                && wanted.size() < properties.claimBatchSize(); ) {
            DueDelivery candidate = it.next();
            int busy = inFlightOf(candidate.target()) + planned.getOrDefault(candidate.target(), 0);
            if (busy >= properties.maxInFlightPerTarget()) {
                continue;
            }
            planned.merge(candidate.target(), 1, Integer::sum);
            wanted.add(candidate.deliveryId());
            it.remove();
        }
        if (wanted.isEmpty()) {
            return 0;
        }
        String owner = nodeId + "-" + run + "-" + claims.incrementAndGet();
        List<ClaimedDelivery> claimed = store.claimAll(wanted, nodeId, owner, now.plus(properties.lease()), now);
        for (ClaimedDelivery delivery : claimed) {
            dispatch(pool, delivery);
        }
        if (claimed.size() < wanted.size() && !query) {
            wake(); // stale candidates (taken elsewhere, done, or behind a replay): ask the store afresh
        }
        return claimed.size();
    }

    private void dispatch(ExecutorService pool, ClaimedDelivery delivery) {
        TargetKey target = delivery.target();
        inFlight.merge(target, 1, Integer::sum);
        inFlightTotal.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    attempter.attempt(delivery);
                } catch (AttemptInterruptedException e) {
                    // Shutdown: nothing recorded, the lease is given back; the next run attempts it again.
                    log.info("Webhook delivery {} attempt {} cut short by shutdown: not recorded, will be retried",
                            delivery.deliveryId(), delivery.attemptNumber());
                } catch (RuntimeException e) {
                    // The lease stays and expires: the delivery is attempted again later.
                    log.warn("Webhook delivery {} attempt {} could not be recorded: {}", delivery.deliveryId(),
                            delivery.attemptNumber(), e.toString());
                } finally {
                    release(target);
                    slotFreed(target);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            release(target);
            try {
                store.release(delivery);
            } catch (RuntimeException e) {
                // The lease expires instead.
                log.debug("Webhook delivery {}: lease not given back at shutdown: {}", delivery.deliveryId(),
                        e.toString());
            }
        }
    }

    private void release(TargetKey target) {
        inFlight.computeIfPresent(target, (key, count) -> count <= 1 ? null : count - 1);
        inFlightTotal.decrementAndGet();
    }

    private int inFlightOf(TargetKey target) {
        return inFlight.getOrDefault(target, 0);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
