package com.m2m.app.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code m2m.request.*}: how much work one request may cost before the application looks at it.
 *
 * @param maxBodyBytes        the large limit, only on the routes where {@code userData} (and so an id image of up
 *                            to 5 MB, 6.7 MB in base64) may travel: create link, answer a data request, widget details
 * @param maxSmallBodyBytes   every other route (widget session, quotes, operations, revoke, webhook configuration,
 *                            operator bodies): their largest legitimate body is well under 1 KiB
 * @param bodyReadTimeout     the whole body must have arrived within this time, however slowly it trickles
 * @param maxWaitingBodyReads request threads that may wait at once for body bytes that have not arrived yet; past
 *                            that, a request whose body is late is answered 503 at once instead of taking a thread,
 *                            so slow senders can never hold every request thread
 */
@ConfigurationProperties("m2m.request")
public record RequestLimits(@DefaultValue("8MB") DataSize maxBodyBytes,
                            @DefaultValue("16KB") DataSize maxSmallBodyBytes,
                            @DefaultValue("30s") Duration bodyReadTimeout,
                            @DefaultValue("50") int maxWaitingBodyReads) {

    public RequestLimits {
        if (maxBodyBytes.toBytes() < 1 || maxSmallBodyBytes.toBytes() < 1) {
            throw new IllegalArgumentException("m2m.request.max-body-bytes and max-small-body-bytes must be positive");
        }
        if (bodyReadTimeout.isZero() || bodyReadTimeout.isNegative()) {
            throw new IllegalArgumentException("m2m.request.body-read-timeout must be positive");
        }
        if (maxWaitingBodyReads < 1) {
            throw new IllegalArgumentException("m2m.request.max-waiting-body-reads must be >= 1");
        }
    }
}
