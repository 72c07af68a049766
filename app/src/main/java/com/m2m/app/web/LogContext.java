package com.m2m.app.web;

import com.m2m.domain.common.Environment;
import org.slf4j.MDC;

/**
 * The MDC keys every log line of a request carries: {@code requestId} (set by {@link RequestIds} first of all),
 * then {@code partnerId} and {@code environment} once authentication knows them. Identifiers only, never personal
 * data. Commands are dispatched on the request thread (Axon's simple command bus), so a command handler's log
 * lines carry them too; {@link RequestIds} clears all three when the request ends.
 */
public final class LogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String PARTNER_ID = "partnerId";
    public static final String ENVIRONMENT = "environment";

    private LogContext() {
    }

    static void tenant(String partnerId, Environment environment) {
        MDC.put(PARTNER_ID, partnerId);
        MDC.put(ENVIRONMENT, environment.wireName());
    }

    static void clear() {
        MDC.remove(REQUEST_ID);
        MDC.remove(PARTNER_ID);
        MDC.remove(ENVIRONMENT);
    }
}
