package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Point an environment's webhooks at {@code url}, for the {@code events} listed. {@code initialSecret} signs from
 * now on if the environment has no secret yet (it is ignored otherwise: a URL change does not rotate the secret).
 */
public record ConfigureWebhookCommand(@TargetAggregateIdentifier String partnerId, Environment environment, String url,
                                      List<String> events, WebhookSecret initialSecret, Instant at) {
}
