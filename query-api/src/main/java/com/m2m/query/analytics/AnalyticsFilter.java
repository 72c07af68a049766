package com.m2m.query.analytics;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.common.QueryParams;
import com.m2m.domain.common.TimeBound;
import com.m2m.query.common.SqlWhere;

import java.time.Instant;

/**
 * The filters every analytics query takes, all optional: {@code partnerId}, {@code environment} ({@code sandbox} |
 * {@code live}) and {@code from}/{@code to} on the creation time of what is counted (a date is a whole UTC day, an
 * instant is inclusive; the same rules as every partner list). Absent means "all".
 */
public record AnalyticsFilter(String partnerId, Environment environment, Instant from, TimeBound to) {

    /** @throws ValidationException naming the offending parameter */
    public static AnalyticsFilter parse(String partnerId, String environment, String from, String to) {
        String partner = QueryParams.partnerId(partnerId);
        Environment env = QueryParams.environment(environment);
        QueryParams.CreatedRange range = QueryParams.createdRange(from, to);
        return new AnalyticsFilter(partner, env, range.from(), range.to());
    }

    public static AnalyticsFilter all() {
        return new AnalyticsFilter(null, null, null, null);
    }

    /** {@code " WHERE ..."} (always present, {@code 1 = 1} when nothing is filtered) for the table's columns. */
    public SqlWhere where() {
        return SqlWhere.everything()
                .equal("partner_id", partnerId)
                .equal("environment", environment)
                .between("created_at", from, to);
    }
}
