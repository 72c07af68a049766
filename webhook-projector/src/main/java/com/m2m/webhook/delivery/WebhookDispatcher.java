package com.m2m.webhook.delivery;

import com.m2m.domain.common.Identifiers;
import com.m2m.webhook.config.WebhookProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends what the outbox holds. One polling thread finds due deliveries and leases them; a bounded pool of workers
 * makes the HTTP attempts, so the poller never waits on a receiver. Isolation between partners: at most
 * {@code maxInFlightPerTarget} attempts per partner environment are in flight on this node, and each poll asks the
 * store for at most each target's free slots (a target at its limit contributes nothing), so a slow or dead endpoint
 * only ever occupies its own share of workers and its backlog never hides another partner's deliveries.
 *
 * <p>Several nodes may run this at once: the lease decides who attempts (see {@link DeliveryStore}). Nothing is
 * kept in memory that matters after a crash: an attempt cut short leaves a lease that expires, and the delivery
 * is attempted again.
 */
@Component
public class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration MAX_STOP_WAIT = Duration.ofSeconds(10);
    /** After interrupting the attempts still running: time for them to give their leases back. */
    private static final Duration GIVE_BACK_WAIT = Duration.ofSeconds(2);

    private final DeliveryStore store;
    private final DeliveryAttempter attempter;
    private final WebhookProperties properties;
    private final Clock clock;
    private final String nodeId = "node-" + Identifiers.randomHex(4);
    private final AtomicLong claims = new AtomicLong();
    private final Map<TargetKey, Integer> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger inFlightTotal = new AtomicInteger();
    private final Object pollLock = new Object();

    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService workers;
    private volatile boolean running;

    public WebhookDispatcher(DeliveryStore store, DeliveryAttempter attempter, WebhookProperties properties,
                             Clock clock) {
        this.store = store;
        this.attempter = attempter;
        this.properties = properties;
        this.clock = clock;
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
        poller = Executors.newSingleThreadScheduledExecutor(threads("webhook-poller-"));
        long interval = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, 0, Math.max(1, interval), TimeUnit.MILLISECONDS);
        log.info("Webhook dispatcher {} started: {} workers, {} per target, polling every {} ms", nodeId,
                properties.workerThreads(), properties.maxInFlightPerTarget(), interval);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (poller == null) {
            return;
        }
        poller.shutdownNow();
        workers.shutdown();
        try {
            Duration wait = properties.timeout().compareTo(MAX_STOP_WAIT) < 0 ? properties.timeout() : MAX_STOP_WAIT;
            if (!workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                // Attempts still running are cut short: they are not recorded nor counted, their leases are given
                // back (or expire) and another run attempts them again with the same attempt number.
                workers.shutdownNow();
                workers.awaitTermination(GIVE_BACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            poller.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        poller = null;
        workers = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void pollSafely() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            // A database hiccup must not kill the schedule: the next poll tries again.
            log.warn("Webhook poll failed: {}", e.toString());
        }
    }

    /**
     * Claims what may be attempted now and hands it to the workers; returns at once.
     *
     * @return how many deliveries were claimed
     */
    public int pollOnce() {
        synchronized (pollLock) {
            return claimDue();
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
        // Each target brings at most its free slots, so the candidates are never one backlog's oldest rows only.
        List<DueDelivery> due = store.findClaimable(now, Map.copyOf(inFlight), properties.maxInFlightPerTarget(),
                Math.min(200, free * 4));
        int claimed = 0;
        for (DueDelivery candidate : due) {
            if (inFlightTotal.get() >= properties.workerThreads()) {
                break;
            }
            if (inFlightOf(candidate.target()) >= properties.maxInFlightPerTarget()) {
                continue;
            }
            String owner = nodeId + "-" + claims.incrementAndGet();
            Optional<ClaimedDelivery> delivery = store.claim(candidate.deliveryId(), owner,
                    now.plus(properties.lease()), now);
            if (delivery.isPresent()) {
                dispatch(pool, delivery.get());
                claimed++;
            }
        }
        return claimed;
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
