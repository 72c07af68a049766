package com.m2m.webhook.delivery;

import com.m2m.webhook.config.WebhookProperties;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wakes the dispatchers when deliveries are written, so that a new webhook goes out at once instead of at the next
 * poll. The signal is given only after the writer's transaction has committed (before that, no dispatcher could see
 * the row); a transaction that rolls back wakes nobody.
 *
 * <p>On PostgreSQL the writer also runs {@code pg_notify} in its own transaction, which PostgreSQL delivers to every
 * listening session exactly when (and only if) that transaction commits: the dispatchers of the other nodes wake
 * too ({@link PostgresOutboxListener}). Polling stays as the safety net for retries and for any signal lost.
 */
@Component
public class DeliveryWakeUps {

    /** The PostgreSQL notification channel. */
    public static final String CHANNEL = "m2m_webhook_outbox";

    private final JdbcTemplate jdbc;
    private final boolean notifyOtherNodes;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public DeliveryWakeUps(JdbcTemplate jdbc, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.notifyOtherNodes = properties.postgresNotify() && isPostgres(jdbc);
    }

    static boolean isPostgres(JdbcTemplate jdbc) {
        String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        return product != null && product.toLowerCase().contains("postgres");
    }

    /** True when other nodes are told about new deliveries through PostgreSQL {@code NOTIFY}. */
    public boolean notifiesOtherNodes() {
        return notifyOtherNodes;
    }

    public void listen(Runnable listener) {
        listeners.add(listener);
    }

    public void stopListening(Runnable listener) {
        listeners.remove(listener);
    }

    /**
     * A delivery became due in the current transaction (if any): wakes the dispatchers once it has committed. Called
     * once per row; only the first call of a transaction does anything.
     */
    public void deliveryWritten() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wakeLocal(); // auto-commit: the row is already visible
            return;
        }
        if (TransactionSynchronizationManager.hasResource(this)) {
            return; // this transaction already announced itself
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wakeLocal();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(DeliveryWakeUps.this);
            }
        });
        if (notifyOtherNodes) {
            // Same connection, same transaction: delivered to the listeners at commit, dropped on rollback.
            jdbc.queryForList("SELECT pg_notify(?, '')", CHANNEL);
        }
    }

    /** Wakes this node's dispatcher now (after a commit, or when a notification from another node arrived). */
    public void wakeLocal() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }
}
