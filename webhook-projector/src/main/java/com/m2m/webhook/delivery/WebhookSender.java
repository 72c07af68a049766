package com.m2m.webhook.delivery;

import com.m2m.domain.common.Environment;
import com.m2m.domain.webhook.WebhookTargetPolicy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP POST of a webhook, over Apache HttpClient 5 with a pool of kept-alive connections per environment.
 * Redirects are never followed (a 3xx is a failure), nothing is retried by the client, and the whole exchange,
 * response body included (read and thrown away), is bounded by the timeout: a receiver that trickles its answer
 * cannot hold a worker longer than that. Blocks the calling thread, which must be a delivery worker, never the
 * poller; an interrupt ends the wait at once.
 *
 * <p>Every connection's addresses come from {@link PolicyDnsResolver}: resolved once, each checked by the
 * {@link WebhookTargetPolicy}, and connected to as checked, while the Host header, TLS SNI and certificate
 * verification keep the URL's host name. Sandbox and live have a client each, because the policy differs.
 *
 * <p>What the partner sees of a failure without an HTTP answer is one sentence, {@link #NO_RESPONSE}, whatever
 * happened on the socket (refused, reset, timed out, no bytes): otherwise the answers would tell open ports from
 * closed or filtered ones. The kind is logged for operators, without the URL's path or query.
 */
public class WebhookSender implements AutoCloseable {

    /** The one partner-facing description of an attempt that got no HTTP status. */
    public static final String NO_RESPONSE = "No HTTP response from the webhook URL";
    /** The host is not an allowed target (or has no address) when the attempt is made: nothing was sent. */
    public static final String REFUSED = "Refused: the webhook URL's host is not an allowed public address";

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    /** Connections per environment's pool; a route (scheme, host, port) may use all of them. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    private final Map<Environment, CloseableHttpAsyncClient> clients = new EnumMap<>(Environment.class);
    private final Duration timeout;

    public WebhookSender(Duration timeout, WebhookTargetPolicy policy) {
        this(timeout, policy, DEFAULT_MAX_CONNECTIONS);
    }

    public WebhookSender(Duration timeout, WebhookTargetPolicy policy, int maxConnections) {
        this(timeout, policy, maxConnections, maxConnections);
    }

    /**
     * @param perRoute connections one receiver (scheme, host, port) may hold: its in-flight budget
     * @param total    connections of each environment's pool
     */
    public WebhookSender(Duration timeout, WebhookTargetPolicy policy, int perRoute, int total) {
        this.timeout = timeout;
        for (Environment environment : Environment.values()) {
            clients.put(environment, client(new PolicyDnsResolver(policy, environment), timeout, perRoute, total));
        }
    }

    private static CloseableHttpAsyncClient client(PolicyDnsResolver resolver, Duration timeout, int perRoute,
                                                   int total) {
        Timeout bound = Timeout.of(timeout);
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(total)
                        .setMaxConnPerRoute(perRoute)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(bound)
                                .setSocketTimeout(bound)
                                // a kept-alive connection the receiver closed meanwhile is noticed before use
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        // HTTP/1.1 only: receivers are ordinary web endpoints, and one exchange per connection
                        // keeps a slow receiver's attempts from sharing a connection with others.
                        .setDefaultTlsConfig(TlsConfig.custom()
                                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                                .setHandshakeTimeout(bound)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(bound)
                        .setResponseTimeout(bound)
                        .setRedirectsEnabled(false)
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setSoTimeout(bound).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        client.start();
        return client;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * @throws AttemptInterruptedException when the calling thread is interrupted before the exchange ends
     */
    public AttemptOutcome post(Environment environment, URI target, Map<String, String> headers, byte[] body) {
        return post(environment, target, headers, body, timeout);
    }

    /**
     * As {@link #post(Environment, URI, Map, byte[])} with a shorter bound for the whole exchange (the connect
     * timeout stays the configured one, but the exchange is never waited for longer than {@code timeout}).
     */
    public AttemptOutcome post(Environment environment, URI target, Map<String, String> headers, byte[] body,
                               Duration timeout) {
        Duration bound = timeout.compareTo(this.timeout) < 0 ? timeout : this.timeout;
        BasicHttpRequest request = new BasicHttpRequest(Method.POST, target);
        headers.forEach(request::setHeader);
        long started = System.nanoTime();
        Future<Message<HttpResponse, Void>> response = clients.get(environment).execute(
                new BasicRequestProducer(request, new BasicAsyncEntityProducer(body, ContentType.APPLICATION_JSON)),
                new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()), HttpClientContext.create(), null);
        try {
            int status = response.get(bound.toMillis(), TimeUnit.MILLISECONDS).getHead().getCode();
            return AttemptOutcome.http(status, elapsedMs(started));
        } catch (TimeoutException e) {
            response.cancel(true);
            return noResponse(target, "timed out after " + bound.toMillis() + " ms", started);
        } catch (InterruptedException e) {
            // Not an outcome: the receiver did nothing wrong, we stopped waiting. The caller drops the attempt.
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new AttemptInterruptedException();
        } catch (ExecutionException e) {
            if (refusedByPolicy(e.getCause())) {
                log.info("Webhook attempt to {}: refused by the address policy when connecting", target.getHost());
                return AttemptOutcome.error(REFUSED, elapsedMs(started));
            }
            return noResponse(target, describe(e.getCause()), started);
        }
    }

    private static AttemptOutcome noResponse(URI target, String detail, long started) {
        log.info("Webhook attempt to {}: no HTTP response ({})", target.getHost(), detail);
        return AttemptOutcome.error(NO_RESPONSE, elapsedMs(started));
    }

    private static boolean refusedByPolicy(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PolicyDnsResolver.RefusedTargetException) {
                return true;
            }
        }
        return false;
    }

    /** For operators only: the exception's kind, never its message (which may carry addresses or paths). */
    static String describe(Throwable error) {
        return error == null ? "unknown error" : error.getClass().getSimpleName();
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() {
        clients.values().forEach(client -> client.close(CloseMode.IMMEDIATE));
    }
}
