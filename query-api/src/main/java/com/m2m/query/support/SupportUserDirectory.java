package com.m2m.query.support;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import com.m2m.query.common.SqlWhere;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

import static com.m2m.query.common.Db.instant;

/** {@code GET /support/users}: users of every partner from the {@code user_view} projection, newest first. */
@Component
public class SupportUserDirectory {

    private final JdbcTemplate jdbc;

    public SupportUserDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record SupportUser(String userId, String partnerId, String environment, String referenceId, String status,
                              Instant createdAt, Instant updatedAt) {
    }

    public Page<SupportUser> find(String partnerId, Environment environment, String referenceId, PageRequest page) {
        SqlWhere where = SqlWhere.everything()
                .equal("partner_id", partnerId)
                .equal("environment", environment)
                .equal("reference_id", referenceId);
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM user_view" + where.sql(), Long.class, where.args());
        List<SupportUser> items = jdbc.query("SELECT user_id, partner_id, environment, reference_id, status,"
                        + " created_at, updated_at FROM user_view" + where.sql()
                        + " ORDER BY created_at DESC, user_id LIMIT ? OFFSET ?",
                (rs, row) -> new SupportUser(rs.getString("user_id"), rs.getString("partner_id"),
                        rs.getString("environment"), rs.getString("reference_id"), rs.getString("status"),
                        instant(rs, "created_at"), instant(rs, "updated_at")),
                where.argsThen(page.limit(), page.offset()));
        return Page.of(items, page, total == null ? 0 : total);
    }
}
