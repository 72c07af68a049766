package com.m2m.webhook.delivery;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * On PostgreSQL, listens on {@link DeliveryWakeUps#CHANNEL} so that a delivery written on another node wakes this
 * node's dispatcher at once. Holds one connection of the pool for as long as it runs; when that connection breaks it
 * reconnects after a second (the poll covers the gap). Does nothing on other databases.
 */
@Component
public class PostgresOutboxListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresOutboxListener.class);
    private static final int WAIT_MS = 500;
    private static final long RECONNECT_MS = 1000;

    private final DataSource dataSource;
    private final DeliveryWakeUps wakeUps;
    private volatile boolean running;
    private volatile Thread thread;

    public PostgresOutboxListener(JdbcTemplate jdbc, DeliveryWakeUps wakeUps) {
        this.dataSource = jdbc.getDataSource();
        this.wakeUps = wakeUps;
    }

    @Override
    public synchronized void start() {
        if (running || !wakeUps.notifiesOtherNodes()) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, "webhook-notify-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread listening = thread;
        thread = null;
        if (listening != null) {
            // No interrupt: the driver may take it for a broken connection; the wait ends within WAIT_MS anyway.
            try {
                listening.join(2 * WAIT_MS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + DeliveryWakeUps.CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                wakeUps.wakeLocal(); // whatever was announced while nobody listened
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MS);
                    if (notifications != null && notifications.length > 0) {
                        wakeUps.wakeLocal();
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("Webhook outbox listener lost its connection ({}); reconnecting", e.toString());
                try {
                    Thread.sleep(RECONNECT_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
