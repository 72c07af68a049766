package com.m2m.query.common;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.TimeBound;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static com.m2m.query.common.Db.ts;
import static org.assertj.core.api.Assertions.assertThat;

class SqlWhereTest {

    private static final Instant AT = Instant.parse("2026-02-10T00:00:00Z");

    @Test
    void anAbsentFilterAddsNothing() {
        SqlWhere where = SqlWhere.everything().equal("actor", null).equal("environment", (Environment) null)
                .between("at", null, null);
        assertThat(where.sql()).isEqualTo(" WHERE 1 = 1");
        assertThat(where.args()).isEmpty();
    }

    @Test
    void presentFiltersAddTheirConditionAndArgumentInOrder() {
        SqlWhere where = SqlWhere.where("partner_id = ? AND environment = ?", "acme", "sandbox")
                .equal("environment", Environment.LIVE)
                .between("created_at", AT, new TimeBound(AT.plusSeconds(60), false))
                .equal("reference_id", "user_1")
                .and("expires_at > ?", "now");
        assertThat(where.sql()).isEqualTo(" WHERE partner_id = ? AND environment = ? AND environment = ?"
                + " AND created_at >= ? AND created_at < ? AND reference_id = ? AND expires_at > ?");
        assertThat(where.args()).containsExactly("acme", "sandbox", "live", ts(AT), ts(AT.plusSeconds(60)),
                "user_1", "now");
        assertThat(where.argsAfter("first")).startsWith("first", "acme").hasSize(8);
        assertThat(where.argsThen(20, 0)).endsWith("now", 20, 0).hasSize(9);
        assertThat(where.conditions()).as("for SQL that places the conditions itself")
                .isEqualTo(where.sql().substring(" WHERE ".length())).startsWith("partner_id = ?");
    }

    @Test
    void anInclusiveUpperBoundIsInclusive() {
        assertThat(SqlWhere.everything().between("at", null, new TimeBound(AT, true)).sql())
                .isEqualTo(" WHERE 1 = 1 AND at <= ?");
    }
}
