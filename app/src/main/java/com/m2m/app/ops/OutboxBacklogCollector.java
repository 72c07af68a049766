package com.m2m.app.ops;

import com.m2m.webhook.delivery.OutboxBacklog;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The webhook outbox backlog, computed when Prometheus scrapes (not on a timer): one grouped, bounded query
 * ({@link OutboxBacklog}) per scrape. Partner environments come and go, which a fixed set of Micrometer gauges
 * cannot follow, so this is a Prometheus collector registered next to Micrometer's meters:
 * {@code m2m_webhook_outbox_pending{partner,environment}} and
 * {@code m2m_webhook_outbox_oldest_pending_age_seconds{partner,environment}}. When the database cannot be read the
 * two metrics are left out of that scrape (readiness reports the database).
 */
@Component
public class OutboxBacklogCollector implements MultiCollector, InitializingBean, DisposableBean {

    public static final String PENDING = "m2m_webhook_outbox_pending";
    public static final String OLDEST_AGE = "m2m_webhook_outbox_oldest_pending_age_seconds";

    private static final Logger log = LoggerFactory.getLogger(OutboxBacklogCollector.class);

    private final OutboxBacklog backlog;
    /** Absent when Prometheus export is off (Spring Boot tests without observability): then nothing is collected. */
    private final PrometheusRegistry registry;

    public OutboxBacklogCollector(OutboxBacklog backlog, ObjectProvider<PrometheusRegistry> registry) {
        this.backlog = backlog;
        this.registry = registry.getIfAvailable();
    }

    @Override
    public void afterPropertiesSet() {
        if (registry != null) {
            registry.register(this);
        }
    }

    @Override
    public void destroy() {
        if (registry != null) {
            registry.unregister(this);
        }
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(PENDING, OLDEST_AGE);
    }

    @Override
    public MetricSnapshots collect() {
        List<OutboxBacklog.Row> rows;
        try {
            rows = backlog.pendingByEnvironment();
        } catch (RuntimeException e) {
            log.warn("Outbox backlog not measured: {}", e.toString());
            return new MetricSnapshots();
        }
        GaugeSnapshot.Builder pending = GaugeSnapshot.builder().name(PENDING)
                .help("Webhooks waiting for a first attempt or a retry, per partner environment");
        GaugeSnapshot.Builder oldest = GaugeSnapshot.builder().name(OLDEST_AGE)
                .help("Age in seconds of the oldest webhook still waiting, per partner environment");
        for (OutboxBacklog.Row row : rows) {
            Labels labels = Labels.of("environment", row.environment(), "partner", row.partnerId());
            pending.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(row.pending()).build());
            oldest.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels)
                    .value(row.oldestAge().toMillis() / 1000.0).build());
        }
        return MetricSnapshots.of(pending.build(), oldest.build());
    }
}
