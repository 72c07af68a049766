package com.m2m.query.analytics;

import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import com.m2m.query.common.SqlWhere;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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

    /**
     * A new user is inserted when its unit of work prepares to commit, with the last status that unit of work gave
     * it: a create link with userData records the user and its first status change together, one row write.
     * (Inserted twice, e.g. on a replay without reset, the row stays and the status is set as an update.)
     */
    @EventHandler
    public void on(UserCreatedEvent event) {
        // the last element: whether this unit of work changed the status (to set it on a row already there)
        Object[] row = {event.userId(), event.partnerId(), event.environment().wireName(),
                UserStatus.PENDING.wireName(), ts(event.createdAt()), false};
        if (!CurrentUnitOfWork.isStarted()) {
            insert(row);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Map<String, Object[]> created = unitOfWork.getOrComputeResource(pendingResource, key -> {
            Map<String, Object[]> rows = new LinkedHashMap<>();
            unitOfWork.onPrepareCommit(u -> rows.values().forEach(this::insert));
            return rows;
        });
        created.put(event.userId(), row);
    }

    @EventHandler
    public void on(UserStatusChangedEvent event) {
        Map<String, Object[]> created = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getResource(pendingResource) : null;
        Object[] pending = created == null ? null : created.get(event.userId());
        if (pending != null) {
            pending[3] = event.status().wireName();
            pending[5] = true;
            return;
        }
        jdbc.update("UPDATE analytics_user SET status = ? WHERE user_id = ?", event.status().wireName(),
                event.userId());
    }

    private final String pendingResource = UserStateAnalyticsProjection.class.getName() + ".created@"
            + System.identityHashCode(this);

    private void insert(Object[] row) {
        if (jdbc.update("INSERT INTO analytics_user (user_id, partner_id, environment, status, created_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", row[0], row[1], row[2], row[3], row[4]) == 0
                && Boolean.TRUE.equals(row[5])) {
            jdbc.update("UPDATE analytics_user SET status = ? WHERE user_id = ?", row[3], row[0]);
        }
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
        SqlWhere where = filter.where();
        jdbc.query("SELECT status, COUNT(*) AS users FROM analytics_user" + where.sql() + " GROUP BY status",
                rs -> {
                    states.put(rs.getString("status"), rs.getLong("users"));
                }, where.argsAfter());
        return new UserStatesReport(states, states.values().stream().mapToLong(Long::longValue).sum());
    }
}
