package com.m2m.query.analytics;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.common.QueryParams;
import com.m2m.domain.common.TimeBound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.m2m.query.common.Db.ts;

/**
 * The filters every analytics query takes, all optional: {@code partnerId}, {@code environment} ({@code sandbox} |
 * {@code live}) and {@code from}/{@code to} on the creation time of what is counted (a date is a whole UTC day, an
 * instant is inclusive; the same rules as every partner list). Absent means "all".
 */
public record AnalyticsFilter(String partnerId, Environment environment, Instant from, TimeBound to) {

    /** @throws ValidationException naming the offending parameter */
    public static AnalyticsFilter parse(String partnerId, String environment, String from, String to) {
        String partner = null;
        if (!QueryParams.isAbsent(partnerId)) {
            partner = partnerId.trim();
            if (!Identifiers.PARTNER_SLUG.matcher(partner).matches()) {
                throw new ValidationException("partnerId",
                        "The partnerId field must be 1 to 40 lowercase letters or digits");
            }
        }
        Environment env = QueryParams.isAbsent(environment) ? null : Environment.parse(environment.trim(), "environment");
        QueryParams.CreatedRange range = QueryParams.createdRange(from, to);
        return new AnalyticsFilter(partner, env, range.from(), range.to());
    }

    public static AnalyticsFilter all() {
        return new AnalyticsFilter(null, null, null, null);
    }

    /** A SQL condition on the table's {@code partner_id}, {@code environment} and {@code created_at}, with its arguments. */
    public record Where(String sql, List<Object> args) {

        /** The arguments, after those of placeholders that come before the WHERE clause (e.g. "now"). */
        public Object[] argsAfter(Object... leading) {
            List<Object> all = new ArrayList<>(List.of(leading));
            all.addAll(args);
            return all.toArray();
        }
    }

    /** {@code " WHERE ..."} (always present, {@code 1 = 1} when nothing is filtered) for the table's columns. */
    public Where where() {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (partnerId != null) {
            sql.append(" AND partner_id = ?");
            args.add(partnerId);
        }
        if (environment != null) {
            sql.append(" AND environment = ?");
            args.add(environment.wireName());
        }
        if (from != null) {
            sql.append(" AND created_at >= ?");
            args.add(ts(from));
        }
        if (to != null) {
            sql.append(" AND ").append(to.upperBoundSql("created_at"));
            args.add(ts(to.at()));
        }
        return new Where(sql.toString(), List.copyOf(args));
    }
}
