package com.m2m.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-active-link rule under load, run against each database the platform supports. */
abstract class LinkConcurrencyContract {

    static final int REQUESTS = 24;

    @LocalServerPort
    int port;

    @Test
    void concurrentCreatesForOneNewUserYieldExactlyOneLink() throws Exception {
        ApiClient api = new ApiClient(port);
        String key = new Partners(api).sandboxPartner(Partners.uniqueId("race"));
        for (String referenceId : new String[]{"brand-new-user", "second-new-user"}) {
            List<ApiClient.Response> responses = createAllAtOnce(api, key, referenceId);

            List<ApiClient.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
            List<ApiClient.Response> conflicts = responses.stream().filter(r -> r.status() == 409).toList();
            assertThat(created).as(responses.toString()).hasSize(1);
            assertThat(conflicts).as(responses.toString()).hasSize(REQUESTS - 1);
            String linkId = created.get(0).data().get("linkId").asText();
            assertThat(conflicts).allSatisfy(r -> {
                assertThat(r.errorCode()).isEqualTo("ACTIVE_LINK_EXISTS");
                assertThat(r.body().at("/error/existingLinkId").asText()).isEqualTo(linkId);
            });
            assertThat(api.get("/partner/links?referenceId=" + referenceId).key(key).send().data()
                    .at("/pagination/total").asInt()).isEqualTo(1);
        }
    }

    private List<ApiClient.Response> createAllAtOnce(ApiClient api, String key, String referenceId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post("/partner/links", "{\"referenceId\":\"" + referenceId + "\"}").key(key).send();
                }));
            }
            start.countDown();
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
