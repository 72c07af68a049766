package com.m2m.webhook.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP POST of a webhook. Redirects are never followed (a 3xx is a failure, WEBHOOKS.md), and the whole
 * exchange, response body included, is bounded by the timeout: a receiver that trickles its answer cannot hold a
 * worker longer than that. Blocks the calling thread, which must be a delivery worker, never the poller.
 */
public class WebhookSender {

    private final HttpClient client;
    private final Duration timeout;

    public WebhookSender(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                // HTTP/1.1 only: the default h2c upgrade attempt adds Upgrade/HTTP2-Settings headers that some
                // receivers mishandle on a POST with a body.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * @throws AttemptInterruptedException when the calling thread is interrupted before the exchange ends
     */
    public AttemptOutcome post(URI target, Map<String, String> headers, byte[] body) {
        return post(target, headers, body, timeout);
    }

    /**
     * As {@link #post(URI, Map, byte[])} with a shorter bound for the whole exchange (the connect timeout stays the
     * configured one, but the exchange is never waited for longer than {@code timeout}).
     */
    public AttemptOutcome post(URI target, Map<String, String> headers, byte[] body, Duration timeout) {
        Duration bound = timeout.compareTo(this.timeout) < 0 ? timeout : this.timeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(bound)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> response =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            int status = response.get(bound.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return AttemptOutcome.http(status, elapsedMs(started));
        } catch (TimeoutException e) {
            response.cancel(true);
            return timedOut(bound, started);
        } catch (InterruptedException e) {
            // Not an outcome: the receiver did nothing wrong, we stopped waiting. The caller drops the attempt.
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new AttemptInterruptedException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return timedOut(bound, started);
            }
            return AttemptOutcome.error(describe(cause), elapsedMs(started));
        }
    }

    private static AttemptOutcome timedOut(Duration timeout, long started) {
        return AttemptOutcome.error("Timed out after " + timeout.toMillis() + " ms", elapsedMs(started));
    }

    /** A few words, no stack trace. */
    static String describe(Throwable error) {
        if (error instanceof ConnectException) {
            return "Connection failed";
        }
        if (error instanceof IOException && error.getMessage() != null) {
            return "Connection error: " + error.getMessage();
        }
        return "Request failed: " + error.getClass().getSimpleName();
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
