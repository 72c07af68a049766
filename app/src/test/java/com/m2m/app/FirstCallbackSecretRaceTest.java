package com.m2m.app;

import com.m2m.domain.common.Environment;
import com.m2m.webhook.endpoint.WebhookEndpointProjection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "The first callbackUrl of an environment without a secret creates one" is the partner's decision: concurrent
 * first callbackUrl creates leave exactly one secret, exactly one 201 shows it, and it is the one that signs.
 */
@PlatformTest
class FirstCallbackSecretRaceTest {

    private static final int CONCURRENT = 6;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    WebhookEndpointProjection endpoints;

    @Test
    void concurrentFirstCallbackUrlsLeaveOneSecretAndTheOneShownSigns() throws Exception {
        ApiClient api = new ApiClient(port);
        String partnerId = Partners.uniqueId("race");
        String key = new Partners(api).sandboxPartner(partnerId);
        List<ApiClient.Response> responses = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String callbackUrl = receiver.url("/callback");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
            try {
                List<CompletableFuture<ApiClient.Response>> creates = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    String body = "{\"referenceId\":\"race-" + i + "\",\"callbackUrl\":\"" + callbackUrl + "\"}";
                    creates.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return api.post("/partner/links", body).key(key).send();
                    }, pool));
                }
                start.countDown();
                for (CompletableFuture<ApiClient.Response> create : creates) {
                    responses.add(create.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).as(response.toString())
                .isEqualTo(201));
        List<String> shown = responses.stream().map(ApiClient.Response::data)
                .filter(link -> link.hasNonNull("webhookSecret")).map(link -> link.get("webhookSecret").asText())
                .toList();
        assertThat(shown).as("exactly one 201 shows the new secret").hasSize(1);
        Integer secretsRecorded = jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry"
                        + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%WebhookSecretRotatedEvent'",
                Integer.class, partnerId);
        assertThat(secretsRecorded).as("one secret recorded, never rotated by a concurrent create").isEqualTo(1);
        String signing = endpoints.find(partnerId, Environment.SANDBOX).orElseThrow().secret();
        assertThat(signing).as("the secret shown is the one that signs").isEqualTo(shown.get(0));
    }

    private static void await(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
