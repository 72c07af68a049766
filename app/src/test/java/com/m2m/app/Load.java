package com.m2m.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a benchmark's load phase measured: the latencies (ms, sorted) of the requests that answered 200, the
 * failures, and the elapsed time. Shared by the benchmarks that drive the platform over HTTP.
 */
public record Load(List<Double> latencies, int failed, double seconds) {

    public int ok() {
        return latencies.size();
    }

    public double perSecond() {
        return latencies.size() / seconds;
    }

    /** The {@code percent}-th percentile latency (nearest rank), NaN when nothing answered. */
    public double p(int percent) {
        if (latencies.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * latencies.size()) - 1;
        return latencies.get(Math.max(0, Math.min(latencies.size() - 1, index)));
    }

    /** The load of {@code latencies} collected since {@code startedNanos} ({@link System#nanoTime()}). */
    public static Load of(ConcurrentLinkedQueue<Double> latencies, int failed, long startedNanos) {
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Load(sorted, failed, (System.nanoTime() - startedNanos) / 1e9);
    }
}
