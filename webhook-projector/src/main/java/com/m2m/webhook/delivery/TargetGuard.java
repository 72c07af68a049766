package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Optional;

/**
 * Checks a target just before each attempt, sandbox and live, with the same {@link WebhookTargetPolicy} as the
 * configuration: the URL was checked when configured, but the policy or the deployment setting may have changed
 * since. Names are not resolved here: the connection resolves them once, through the policy
 * ({@link PolicyDnsResolver}), and connects to exactly what passed.
 */
@Component
public class TargetGuard {

    private final WebhookTargetPolicy policy;

    public TargetGuard(WebhookTargetPolicy policy) {
        this.policy = policy;
    }

    /** @return why the attempt must not be made, or empty when it may */
    public Optional<String> refusal(URI target, Environment environment) {
        return policy.acceptsWithoutResolving(target, environment) ? Optional.empty()
                : Optional.of(WebhookSender.REFUSED);
    }
}
