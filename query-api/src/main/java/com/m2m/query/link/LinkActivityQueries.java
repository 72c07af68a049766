package com.m2m.query.link;

import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.query.common.JsonText;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

import static com.m2m.query.common.Db.instant;

/** Reads of the timeline that {@link LinkActivityProjection} writes. */
@Component
public class LinkActivityQueries {

    private final JdbcClient jdbc;

    public LinkActivityQueries(JdbcTemplate jdbc) {
        this.jdbc = JdbcClient.create(jdbc);
    }

    /**
     * {@code GET /partner/links/{linkId}/activity}: the link's lifecycle events in order. One statement: the
     * tenant's link joined to its entries (a link without any yields one row of nulls).
     *
     * @throws ResourceNotFoundException when the link does not exist or belongs to another tenant
     */
    public List<LinkActivity> activity(Tenant tenant, String linkId) {
        List<LinkActivity> entries = new ArrayList<>();
        boolean[] owned = {false};
        jdbc.sql("SELECT a.type, a.at, a.details FROM link_view l LEFT JOIN link_activity a ON a.link_id = l.link_id"
                        + " WHERE l.link_id = ? AND l.partner_id = ? AND l.environment = ? ORDER BY a.seq")
                .params(linkId, tenant.partnerId(), tenant.environment().wireName())
                .query(rs -> {
                    owned[0] = true;
                    if (rs.getString("type") != null) {
                        entries.add(new LinkActivity(rs.getString("type"), instant(rs, "at"),
                                JsonText.readObject(rs.getString("details"))));
                    }
                });
        if (!owned[0]) {
            throw new ResourceNotFoundException("Link not found");
        }
        return entries;
    }
}
