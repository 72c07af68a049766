package com.m2m.app;

import com.m2m.domain.testing.LoopbackReceiver;

/**
 * A partner's webhook endpoint on a free loopback port: domain's shared {@link LoopbackReceiver} under the name the
 * platform tests use.
 */
public final class WebhookReceiver extends LoopbackReceiver {
}
