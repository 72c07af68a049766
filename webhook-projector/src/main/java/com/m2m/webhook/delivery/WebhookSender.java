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

    public AttemptOutcome post(URI target, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> response =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            int status = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return AttemptOutcome.http(status, elapsedMs(started));
        } catch (TimeoutException e) {
            response.cancel(true);
            return timedOut(started);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return AttemptOutcome.error("Interrupted (shutting down)", elapsedMs(started));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return timedOut(started);
            }
            return AttemptOutcome.error(describe(cause), elapsedMs(started));
        }
    }

    private AttemptOutcome timedOut(long started) {
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
