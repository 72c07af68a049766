package com.m2m.query.analytics;

import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

import static com.m2m.query.common.Db.ts;

/**
 * Users by CIP state for analysts (table {@code analytics_user}, processing group {@value #PROCESSING_GROUP}): one
 * row per user with its current state. A new user is {@code pending}; every {@code UserStatusChanged} sets the state
 * it names (absolute, so a replay or a repeated event ends in the same state).
 */
@Component
@ProcessingGroup(UserStateAnalyticsProjection.PROCESSING_GROUP)
public class UserStateAnalyticsProjection {

    public static final String PROCESSING_GROUP = "analytics-user-states";

    private final JdbcTemplate jdbc;

    public UserStateAnalyticsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(UserCreatedEvent event) {
        Integer existing = jdbc.queryForObject("SELECT COUNT(*) FROM analytics_user WHERE user_id = ?",
                Integer.class, event.userId());
        if (existing == null || existing == 0) {
            jdbc.update("INSERT INTO analytics_user (user_id, partner_id, environment, status, created_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    event.userId(), event.partnerId(), event.environment().wireName(), UserStatus.PENDING.wireName(),
                    ts(event.createdAt()));
        }
    }

    @EventHandler
    public void on(UserStatusChangedEvent event) {
        jdbc.update("UPDATE analytics_user SET status = ? WHERE user_id = ?", event.status().wireName(),
                event.userId());
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM analytics_user");
    }

    /** {@code GET /analytics/users/states}: {@code from}/{@code to} select users by creation time. */
    public UserStatesReport states(AnalyticsFilter filter) {
        Map<String, Long> states = new LinkedHashMap<>();
        for (UserStatus status : UserStatus.values()) {
            states.put(status.wireName(), 0L);
        }
        AnalyticsFilter.Where where = filter.where();
        jdbc.query("SELECT status, COUNT(*) AS users FROM analytics_user" + where.sql() + " GROUP BY status",
                rs -> {
                    states.put(rs.getString("status"), rs.getLong("users"));
                }, where.argsAfter());
        return new UserStatesReport(states, states.values().stream().mapToLong(Long::longValue).sum());
    }
}
