package com.m2m.app.cluster;

import com.m2m.app.ApiClient;
import com.m2m.app.Partners;
import com.m2m.app.PlatformTest;
import com.m2m.app.WebhookReceiver;
import com.m2m.domain.privacy.MasterKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (two JVM processes) on one PostgreSQL, as an operator deploys them behind a load balancer: concurrent
 * traffic at both, then the node that holds the webhook outbox is killed with SIGKILL mid-traffic. Checks what
 * docs/operations.md "Several nodes" promises: one active link per user across nodes, shared partner rate limits,
 * every acknowledged link readable from the survivor, every link's {@code link.created} webhook delivered (under one
 * id, duplicates only around the crash), and the survivor owning and caught up on the outbox processor.
 */
class TwoNodeClusterTest {

    private static final String OUTBOX = "webhook-outbox";
    private static final Pattern TOKEN_INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    @TempDir
    Path dir;

    /** The node killed mid-traffic. */
    private ClusterNode victim;

    @Test
    void twoNodesShareOnePostgresqlAndTheSurvivorTakesOverAfterSigkill() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             WebhookReceiver receiver = new WebhookReceiver()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
            String masterKey = MasterKey.generate().toBase64();
            // Default limits out of the way of the traffic (a quiet machine creates more than 100 links a minute);
            // the shared-limit check sets its own partner's limit.
            String[] settings = {"--m2m.webhooks.retry-delays=0s,1s,1s,1s,1s", "--m2m.webhooks.timeout=5s",
                    "--m2m.rate-limits.create-links-per-minute=100000", "--m2m.rate-limits.requests-per-minute=100000"};
            // Both at once on an empty database: Flyway migrates under its lock, one node initializes the tokens.
            try (ClusterNode a = ClusterNode.start("node-a", dir, url, masterKey, settings);
                 ClusterNode b = ClusterNode.start("node-b", dir, url, masterKey, settings)) {
                a.awaitReady(Duration.ofSeconds(150));
                b.awaitReady(Duration.ofSeconds(150));
                phase("both nodes ready");
                run(a, b, db, receiver);
            }
        }
    }

    private final Instant started = Instant.now();

    /** Phase timings in the test's output, to see what a slow run spent its time on (never asserted). */
    private void phase(String what) {
        System.out.println("TwoNodeClusterTest +" + Duration.between(started, Instant.now()).toMillis() + " ms: " + what);
    }

    private void run(ClusterNode a, ClusterNode b, JdbcTemplate db, WebhookReceiver receiver) throws Exception {
        ApiClient apiA = new ApiClient(a.port);
        ApiClient apiB = new ApiClient(b.port);
        Partners partners = new Partners(apiA);
        String partner = Partners.uniqueId("cluster");
        String key = partners.sandboxPartner(partner);
        assertThat(apiA.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/hooks") + "\"}").key(key)
                .send().status()).isEqualTo(200);

        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            sharedRateLimit(apiA, apiB, partners, pool);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            acknowledged.addAll(contestedUsers(apiA, apiB, key, pool));
            String widgetLink = widgetFlowAcrossNodes(apiA, apiB, key);
            acknowledged.add(widgetLink);
            phase("rate limit, contested users and widget flow checked");
            outboxRebuildOnlyOnTheClaimHolder(a, b, apiA, apiB, db);
            acknowledged.addAll(trafficWithSigkill(a, b, apiA, apiB, key, db, pool));
            phase("traffic done, " + acknowledged.size() + " links acknowledged");

            ClusterNode survivor = victim == a ? b : a;
            assertThat(isAlive(survivor)).isTrue();
            ApiClient api = survivor == a ? apiA : apiB;
            for (String linkId : acknowledged) {
                ApiClient.Response read = api.get("/partner/links/" + linkId).key(key).send();
                assertThat(read.status()).as("acknowledged %s readable from the survivor: %s", linkId, read)
                        .isEqualTo(200);
            }
            assertThat(api.get("/partner/links/" + widgetLink).key(key).send().data().get("status").asText())
                    .as("the widget's link after the rebuild").isEqualTo("opened");
            everyLinkCreatedWebhookDelivered(receiver, acknowledged);
            phase("every link.created delivered");
            survivorOwnsAndCaughtUp(db, survivor);
            phase("survivor owns the outbox and caught up");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A limit of N creates per minute admits N in all, whichever node each request reaches (not N per node). */
    private void sharedRateLimit(ApiClient apiA, ApiClient apiB, Partners partners, ExecutorService pool)
            throws Exception {
        String limited = Partners.uniqueId("limited");
        String key = partners.sandboxPartner(limited);
        int perMinute = 10;
        assertThat(apiA.put("/admin/partners/" + limited + "/settings/sandbox",
                "{\"createLinksPerMinute\":" + perMinute + "}").bearer(PlatformTest.OPERATOR_TOKEN).send().status())
                .isEqualTo(200);
        Instant started = Instant.now();
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 3 * perMinute; i++) {
            ApiClient api = i % 2 == 0 ? apiA : apiB;
            String body = "{\"referenceId\":\"rl-" + i + "\"}";
            calls.add(pool.submit(() -> api.post("/partner/links", body).key(key).send().status()));
        }
        int admitted = 0;
        for (Future<Integer> call : calls) {
            int status = call.get(60, TimeUnit.SECONDS);
            assertThat(status).isIn(201, 429);
            admitted += status == 201 ? 1 : 0;
        }
        // The bucket refills continuously: what it may have regained while the calls ran is allowed, no more.
        long refilled = Duration.between(started, Instant.now()).toSeconds() * perMinute / 60;
        assertThat(admitted).as("admitted across both nodes").isBetween(perMinute, perMinute + (int) refilled);
    }

    /** The same user at both nodes at once: exactly one 201 per user, the others 409 ACTIVE_LINK_EXISTS. */
    private List<String> contestedUsers(ApiClient apiA, ApiClient apiB, String key, ExecutorService pool)
            throws Exception {
        List<String> created = new ArrayList<>();
        for (int user = 0; user < 5; user++) {
            String body = "{\"referenceId\":\"contested-" + user + "\"}";
            List<Future<ApiClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ApiClient api = i % 2 == 0 ? apiA : apiB;
                calls.add(pool.submit(() -> api.post("/partner/links", body).key(key).send()));
            }
            int ok = 0;
            for (Future<ApiClient.Response> call : calls) {
                ApiClient.Response response = call.get(60, TimeUnit.SECONDS);
                if (response.status() == 201) {
                    ok++;
                    created.add(response.data().get("linkId").asText());
                } else {
                    assertThat(response.status()).as(response.toString()).isEqualTo(409);
                    assertThat(response.errorCode()).isEqualTo("ACTIVE_LINK_EXISTS");
                }
            }
            assertThat(ok).as("201s for contested user " + user).isEqualTo(1);
        }
        return created;
    }

    /** Created on one node, opened in the widget on the other, read back on the first. */
    private String widgetFlowAcrossNodes(ApiClient apiA, ApiClient apiB, String key) {
        ApiClient.Response link = apiA.post("/partner/links", "{\"referenceId\":\"widget-user\"}").key(key).send();
        assertThat(link.status()).as(link.toString()).isEqualTo(201);
        String linkId = link.data().get("linkId").asText();
        ApiClient.Response session = apiB.post("/widget/api/sessions", "{\"linkId\":\"" + linkId + "\",\"token\":\""
                + link.data().get("token").asText() + "\",\"deviceInfo\":{\"userAgent\":\"JUnit\",\"platform\":\"test\","
                + "\"language\":\"es-MX\"}}").send();
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        ApiClient.Response state = apiA.get("/widget/api/state")
                .bearer(session.data().get("sessionToken").asText()).send();
        assertThat(state.status()).as(state.toString()).isEqualTo(200);
        ApiClient.Response opened = apiA.get("/partner/links/" + linkId).key(key).send();
        assertThat(opened.data().get("status").asText()).isEqualTo("opened");
        return linkId;
    }

    /**
     * Resetting the outbox processor's token on a node that does not hold its claim would race the holder: refused
     * with 409 and nothing changed; on the holder it resets (and the outbox re-sends nothing it already has).
     */
    private void outboxRebuildOnlyOnTheClaimHolder(ClusterNode a, ClusterNode b, ApiClient apiA, ApiClient apiB,
                                                   JdbcTemplate db) {
        await(() -> owner(db) != null, Duration.ofSeconds(60), "an owner of the outbox processor");
        boolean aHolds = a.name.equals(owner(db));
        ApiClient holder = aHolds ? apiA : apiB;
        ApiClient standby = aHolds ? apiB : apiA;
        ApiClient.Response refused = standby.post("/admin/projections/" + OUTBOX + "/rebuild", "{}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("INVALID_STATE");
        assertThat(owner(db)).as("the holder keeps its claim").isEqualTo(aHolds ? a.name : b.name);
        ApiClient.Response rebuilt = holder.post("/admin/projections/" + OUTBOX + "/rebuild", "{}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
    }

    /**
     * Distinct users created at both nodes by several clients; once enough are acknowledged, the node holding the
     * outbox processor's claim is SIGKILLed, and the clients go on at the survivor (as a load balancer would send
     * them once the dead node fails its readiness probe). Returns every link answered 201.
     */
    private Set<String> trafficWithSigkill(ClusterNode a, ClusterNode b, ApiClient apiA, ApiClient apiB, String key,
                                           JdbcTemplate db, ExecutorService pool) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger afterKill = new AtomicInteger();
        Map<ClusterNode, ApiClient> apis = Map.of(a, apiA, b, apiB);
        List<ClusterNode> live = new CopyOnWriteArrayList<>(List.of(a, b));
        List<Future<?>> clients = new ArrayList<>();
        for (int client = 0; client < 6; client++) {
            clients.add(pool.submit(() -> {
                while (!stop.get()) {
                    int n = sequence.incrementAndGet();
                    List<ClusterNode> nodes = List.copyOf(live);
                    ClusterNode node = nodes.get(n % nodes.size());
                    boolean killed = nodes.size() == 1;
                    try {
                        ApiClient.Response created = apis.get(node).post("/partner/links",
                                "{\"referenceId\":\"distinct-" + n + "\"}").key(key).send();
                        if (created.status() == 201) {
                            acknowledged.add(created.data().get("linkId").asText());
                            if (killed) {
                                afterKill.incrementAndGet();
                            }
                        } else {
                            failures.add(node.name + ": " + created);
                        }
                    } catch (UncheckedIOException e) {
                        if (live.contains(node) && live.size() == 2 && isAlive(node)) {
                            failures.add(node.name + ": " + e);
                        } // else: sent to the node being killed, never acknowledged
                    }
                }
                return null;
            }));
        }
        await(() -> acknowledged.size() >= 40, Duration.ofSeconds(60), "40 links before the kill");
        // A read model rebuilt from the node that will survive, under the traffic of both: every node's commands
        // wait at their append until it commits, none fails and none is lost (checked below).
        ClusterNode rebuilder = a.name.equals(owner(db)) ? b : a;
        ApiClient.Response rebuilt = apis.get(rebuilder).post("/admin/projections/link-view/rebuild", "{}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
        await(() -> owner(db) != null, Duration.ofSeconds(60), "an owner of the outbox processor");
        victim = a.name.equals(owner(db)) ? a : b;
        live.remove(victim);
        victim.kill();
        phase("SIGKILLed " + victim.name + " (outbox claim holder) after " + acknowledged.size() + " links");
        await(() -> afterKill.get() >= 20, Duration.ofSeconds(60), "20 links after the kill");
        stop.set(true);
        for (Future<?> client : clients) {
            client.get(60, TimeUnit.SECONDS);
        }
        assertThat(failures).as("no failure at a live node (no 500, no conflict left unretried)").isEmpty();
        return acknowledged;
    }

    private static void everyLinkCreatedWebhookDelivered(WebhookReceiver receiver, Set<String> links) {
        await(() -> linkCreated(receiver).keySet().containsAll(links), Duration.ofSeconds(90),
                "a link.created webhook for each of the " + links.size() + " acknowledged links");
        Map<String, Set<String>> idsPerLink = linkCreated(receiver);
        for (String link : links) {
            assertThat(idsPerLink.get(link)).as("link.created ids of " + link + " (duplicates keep the id)")
                    .hasSize(1);
        }
    }

    private static Map<String, Set<String>> linkCreated(WebhookReceiver receiver) {
        return receiver.received("/hooks").stream()
                .filter(r -> "link.created".equals(r.json().path("event").asText()))
                .collect(Collectors.groupingBy(r -> r.json().at("/data/linkId").asText(),
                        Collectors.mapping(r -> r.header("X-M2M-Webhook-Id"), Collectors.toSet())));
    }

    /** Every segment of the outbox processor claimed by the survivor, its token at the head of the event store. */
    private static void survivorOwnsAndCaughtUp(JdbcTemplate db, ClusterNode survivor) {
        await(() -> {
            List<Map<String, Object>> segments = db.queryForList("SELECT owner, convert_from(token, 'UTF8') AS token"
                    + " FROM tokenentry WHERE processorname = ?", OUTBOX);
            Long head = db.queryForObject("SELECT MAX(globalindex) FROM domainevententry", Long.class);
            return !segments.isEmpty() && segments.stream().allMatch(s ->
                    survivor.name.equals(s.get("owner"))
                            && tokenIndex(s.get("token")) >= head);
        }, Duration.ofSeconds(60), "the survivor owning every outbox segment, caught up");
        assertThat(survivor.readinessStatus()).isEqualTo(200);
    }

    private static long tokenIndex(Object token) {
        Matcher matcher = TOKEN_INDEX.matcher(String.valueOf(token));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** The node name holding the outbox processor's claim (each node's m2m.cluster.node-name), or null. */
    private static String owner(JdbcTemplate db) {
        List<String> owners = db.queryForList("SELECT owner FROM tokenentry WHERE processorname = ?"
                + " AND owner IS NOT NULL", String.class, OUTBOX);
        return owners.isEmpty() ? null : owners.get(0);
    }

    private static boolean isAlive(ClusterNode node) {
        return node.readinessStatus() == 200;
    }

    private static void await(Supplier<Boolean> condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            ClusterNode.sleep(100);
        }
    }
}
