package com.m2m.app;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@link SandboxPartnerTest} whose partner's webhooks go to {@code /hooks} of a loopback receiver the test starts. */
public abstract class WebhookPartnerTest extends SandboxPartnerTest {

    @RegisterExtension
    protected final WebhookReceiver receiver = new WebhookReceiver();

    protected WebhookPartnerTest(String partnerStem) {
        super(partnerStem);
    }

    @BeforeEach
    void webhooksToReceiver() {
        ApiClient.Response configured = api.put("/partner/webhooks/config",
                "{\"url\":\"" + receiver.url("/hooks") + "\"}").key(key).send();
        assertThat(configured.status()).as(configured.toString()).isBetween(200, 202);
    }
}
