package com.m2m.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Probes and metrics as operators read them: each metric scraped before and after the event it counts. */
@OperationsPlatformTest
class OperationsTest extends PlatformClientTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @LocalManagementPort
    int managementPort;
    @Autowired
    EventProcessingConfiguration processing;

    Management management;
    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @BeforeEach
    void setUp() {
        management = new Management(managementPort);
    }

    static String onboard(ApiClient api, String partnerId) {
        ApiClient.Response created = api.post("/admin/partners",
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"" + partnerId + " Inc\"}")
                .bearer(OperationsPlatformTest.OPERATOR).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ApiClient.Response key = api.post("/admin/partners/" + partnerId + "/keys", "{\"environment\":\"sandbox\"}")
                .bearer(OperationsPlatformTest.OPERATOR).send();
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.data().get("apiKey").asText();
    }

    @Test
    void probesAndMetricsAreOnTheManagementPortOnly() {
        assertThat(port).isNotEqualTo(managementPort);
        HttpResponse<String> liveness = management.get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(management.json(liveness).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> readiness = management.await(management::readiness, r -> r.statusCode() == 200,
                "readiness up");
        JsonNode components = management.json(readiness).get("components");
        assertThat(components.at("/db/status").asText()).isEqualTo("UP");
        assertThat(components.at("/axonProcessors/status").asText()).isEqualTo("UP");
        assertThat(components.at("/axonProcessors/details/processors/webhook-outbox").asText()).isEqualTo("running");
        assertThat(components.at("/readinessState/status").asText()).isEqualTo("UP");
        assertThat(management.get("/actuator/prometheus").statusCode()).isEqualTo(200);

        for (String hidden : new String[]{"/actuator/env", "/actuator/configprops", "/actuator/heapdump",
                "/actuator/beans", "/actuator/loggers", "/actuator/threaddump", "/actuator/metrics"}) {
            assertThat(management.get(hidden).statusCode()).as(hidden).isEqualTo(404);
        }
        for (String path : new String[]{"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus"}) {
            ApiClient.Response publicAnswer = api.get(path).send();
            assertThat(publicAnswer.status()).as("public port " + path).isEqualTo(404);
        }
    }

    @Test
    void linkCreationsAreCountedByStatusAndCode() {
        String key = onboard(api, Partners.uniqueId("mlink"));
        Prometheus before = management.scrape();
        assertThat(api.post("/partner/links", "{\"referenceId\":\"m-1\"}").key(key).send().status()).isEqualTo(201);
        assertThat(api.post("/partner/links", "{\"referenceId\":\"m-1\"}").key(key).send().status()).isEqualTo(409);
        assertThat(api.post("/partner/links", "{\"referenceId\":\"\"}").key(key).send().status()).isEqualTo(400);
        // Outcomes are counted as the answer leaves, so the last one may land just after the client has it.
        Prometheus after = management.await(management::scrape, s -> delta(before, s, "m2m_link_creations_total",
                Map.of()) >= 3, "three link creations counted");

        assertThat(delta(before, after, "m2m_link_creations_total", Map.of("status", "201", "code", "none")))
                .isEqualTo(1);
        assertThat(delta(before, after, "m2m_link_creations_total",
                Map.of("status", "409", "code", "ACTIVE_LINK_EXISTS"))).isEqualTo(1);
        assertThat(delta(before, after, "m2m_link_creations_total",
                Map.of("status", "400", "code", "INVALID_REQUEST"))).isEqualTo(1);
    }

    @Test
    void idempotencyHitsAndRateLimitRefusalsAreCounted() {
        String partnerId = Partners.uniqueId("mrate");
        String key = onboard(api, partnerId);
        Prometheus before = management.scrape();
        String body = "{\"referenceId\":\"idem-1\"}";
        assertThat(api.post("/partner/links", body).key(key).header("Idempotency-Key", "k-1").send().status())
                .isEqualTo(201);
        ApiClient.Response replay = api.post("/partner/links", body).key(key).header("Idempotency-Key", "k-1").send();
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.post("/partner/links", "{\"referenceId\":\"idem-2\"}").key(key)
                .header("Idempotency-Key", "k-1").send().errorCode()).isEqualTo("IDEMPOTENCY_CONFLICT");

        api.put("/admin/partners/" + partnerId + "/settings/sandbox", "{\"requestsPerMinute\":1}")
                .bearer(OperationsPlatformTest.OPERATOR).send();
        api.get("/partner/profile").key(key).send();
        assertThat(api.get("/partner/profile").key(key).send().status()).isEqualTo(429);
        Prometheus after = management.await(management::scrape,
                s -> delta(before, s, "m2m_ratelimit_refusals_total", Map.of()) >= 1
                        && delta(before, s, "m2m_idempotency_hits_total", Map.of()) >= 2, "hits and refusal counted");

        assertThat(delta(before, after, "m2m_idempotency_hits_total", Map.of("outcome", "replayed"))).isEqualTo(1);
        assertThat(delta(before, after, "m2m_idempotency_hits_total", Map.of("outcome", "conflict"))).isEqualTo(1);
        assertThat(delta(before, after, "m2m_ratelimit_refusals_total", Map.of("scope", "other"))).isEqualTo(1);
    }

    @Test
    void httpLatencyIsPerRouteTemplateNotPerId() {
        String key = onboard(api, Partners.uniqueId("mhttp"));
        String first = api.post("/partner/links", "{\"referenceId\":\"h-1\"}").key(key).send().data()
                .get("linkId").asText();
        api.get("/partner/links/" + first).key(key).send();
        api.get("/partner/links/lnk_doesnotexist").key(key).send();
        api.get("/partner/no-such-route-4d2f").key(key).send();
        api.get("/partner/links/lnk_unauthenticated").send();
        // The observation ends just after the answer is sent: wait for it rather than racing it.
        Prometheus scrape = management.await(management::scrape, s -> s.count("http_server_requests_seconds_count",
                Map.of("uri", "/partner/links/{linkId}", "method", "GET")) >= 2, "both reads timed per route");

        assertThat(scrape.value("http_server_requests_seconds_bucket", Map.of("uri", "/partner/links/{linkId}")))
                .as("a latency histogram per route").isPresent();
        assertThat(scrape.text()).doesNotContain(first).doesNotContain("lnk_doesnotexist")
                .as("unmatched paths and refusals before routing share one uri value")
                .doesNotContain("no-such-route-4d2f").doesNotContain("lnk_unauthenticated");
    }

    @Test
    void webhookDeliveriesOutboxBacklogAndTheirLatencyAreMeasured() {
        String okPartner = Partners.uniqueId("mhook");
        String okKey = onboard(api, okPartner);
        api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/ok") + "\"}").key(okKey).send();
        String downPartner = Partners.uniqueId("mdown");
        String downKey = onboard(api, downPartner);
        receiver.respond("/down", 503);
        api.put("/partner/webhooks/config", "{\"url\":\"" + receiver.url("/down") + "\"}").key(downKey).send();
        Prometheus before = management.scrape();
        Map<String, String> delivered = Map.of("outcome", "success", "status", "delivered");
        Map<String, String> retrying = Map.of("outcome", "http_5xx", "status", "pending");

        api.post("/partner/links", "{\"referenceId\":\"w-1\"}").key(okKey).send();
        api.post("/partner/links", "{\"referenceId\":\"w-2\"}").key(downKey).send();
        Prometheus after = management.await(management::scrape,
                s -> delta(before, s, "m2m_webhook_deliveries_total", delivered) >= 1
                        && delta(before, s, "m2m_webhook_deliveries_total", retrying) >= 1,
                "a delivered and a retried attempt recorded");

        assertThat(delta(before, after, "m2m_webhook_delivery_duration_seconds_count", Map.of("outcome", "success")))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("m2m_webhook_delivery_duration_seconds_bucket",
                Map.of("outcome", "success", "le", "+Inf"))).as("a latency histogram").isPresent();

        Map<String, String> down = Map.of("partner", downPartner, "environment", "sandbox");
        assertThat(before.value("m2m_webhook_outbox_pending", down)).isEmpty();
        Prometheus backlog = management.await(management::scrape,
                s -> s.count("m2m_webhook_outbox_pending", down) >= 1, "the failed webhook waits in the outbox");
        assertThat(backlog.value("m2m_webhook_outbox_oldest_pending_age_seconds", down)).isPresent();
        assertThat(backlog.value("m2m_webhook_outbox_pending", Map.of("partner", okPartner)))
                .as("nothing waits for the partner whose receiver answered").isEmpty();
    }

    @Test
    void aStoppedEventProcessorMakesReadinessDownAndItsLagGrows() {
        String key = onboard(api, Partners.uniqueId("mlag"));
        Map<String, String> outbox = Map.of("processor", "webhook-outbox");
        management.await(management::scrape, s -> s.count("m2m_axon_processor_lag", outbox) == 0,
                "the outbox processor caught up");
        StreamingEventProcessor processor = processing
                .eventProcessor("webhook-outbox", StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        try {
            HttpResponse<String> readiness = management.readiness();
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(management.json(readiness).at("/components/axonProcessors/status").asText()).isEqualTo("DOWN");
            assertThat(management.get("/actuator/health/liveness").statusCode()).as("still alive").isEqualTo(200);

            api.post("/partner/links", "{\"referenceId\":\"lag-1\"}").key(key).send();
            assertThat(management.scrape().count("m2m_axon_processor_lag", outbox))
                    .as("the link's events are behind").isGreaterThanOrEqualTo(1);
        } finally {
            processor.start();
        }
        management.await(management::scrape, s -> s.count("m2m_axon_processor_lag", outbox) == 0,
                "the outbox processor caught up again");
        management.await(management::readiness, r -> r.statusCode() == 200, "readiness up again");
    }

    static double delta(Prometheus before, Prometheus after, String name, Map<String, String> labels) {
        return after.count(name, labels) - before.count(name, labels);
    }
}
