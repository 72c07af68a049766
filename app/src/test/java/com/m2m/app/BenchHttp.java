package com.m2m.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmarks' HTTP client: the JDK's, with each request sent (blocking) on a fixed pool of its own.
 *
 * <p>Not {@code HttpClient.sendAsync}: on a machine of two cores the common fork-join pool has a parallelism of 1,
 * so {@code CompletableFuture}'s default executor is one new thread per task, and the JDK client (17) hands every
 * {@code sendAsync} response to that executor. A JFR recording of the webhook benchmark showed 4,300 threads started
 * for 4,100 links: the load generator's own cost, counted in the CPU per link and competing for the cores.
 */
final class BenchHttp implements AutoCloseable {

    private final ExecutorService httpThreads = Executors.newFixedThreadPool(8);
    private final ExecutorService senders;
    private final HttpClient client = HttpClient.newBuilder().executor(httpThreads)
            .version(HttpClient.Version.HTTP_1_1).build();

    /** @param concurrency requests in flight at most; more wait for a free sender */
    BenchHttp(int concurrency) {
        senders = Executors.newFixedThreadPool(concurrency);
    }

    /** The response's status code, once it is answered. */
    CompletableFuture<Integer> status(HttpRequest request) {
        return CompletableFuture.supplyAsync(() -> send(request), senders);
    }

    /** Sends on the calling thread; the response's status code. */
    int send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
        httpThreads.shutdownNow();
    }
}
