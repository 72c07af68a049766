package com.m2m.query.common;

import com.m2m.domain.common.TimeBound;
import com.m2m.domain.common.WireName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.m2m.query.common.Db.ts;

/**
 * A {@code WHERE} clause of optional filters and its arguments, in order: a filter whose value is null (absent)
 * adds nothing, so a list query states each filter once instead of an {@code if} that appends SQL and an argument.
 */
public final class SqlWhere {

    private final StringBuilder sql;
    private final List<Object> args;

    private SqlWhere(String condition, List<Object> args) {
        this.sql = new StringBuilder(" WHERE ").append(condition);
        this.args = new ArrayList<>(args);
    }

    /** {@code WHERE condition}, with the arguments of its placeholders (the tenant, say). */
    public static SqlWhere where(String condition, Object... args) {
        return new SqlWhere(condition, List.of(args));
    }

    /** A clause every row passes until a filter narrows it. */
    public static SqlWhere everything() {
        return new SqlWhere("1 = 1", List.of());
    }

    /** {@code AND column = ?} when {@code value} is present. */
    public SqlWhere equal(String column, Object value) {
        return value == null ? this : and(column + " = ?", value);
    }

    /** {@code AND column = ?} on the wire name when {@code value} is present. */
    public SqlWhere equal(String column, WireName value) {
        return equal(column, value == null ? null : value.wireName());
    }

    /** {@code from} inclusive, {@code to} as the bound says, each when present (the list rules for createdAt). */
    public SqlWhere between(String column, Instant from, TimeBound to) {
        if (from != null) {
            and(column + " >= ?", ts(from));
        }
        return to == null ? this : and(to.upperBoundSql(column), ts(to.at()));
    }

    /** {@code AND condition}, always, with the arguments of its placeholders. */
    public SqlWhere and(String condition, Object... values) {
        sql.append(" AND ").append(condition);
        args.addAll(List.of(values));
        return this;
    }

    /** The clause, with its leading space: {@code " WHERE ..."}. */
    public String sql() {
        return sql.toString();
    }

    /** The conditions alone, without the {@code WHERE}: for SQL that places them itself (each part of a union). */
    public String conditions() {
        return sql.substring(" WHERE ".length());
    }

    public Object[] args() {
        return args.toArray();
    }

    /** The arguments, after those of placeholders that come before the WHERE clause (e.g. "now"). */
    public Object[] argsAfter(Object... leading) {
        List<Object> all = new ArrayList<>(List.of(leading));
        all.addAll(args);
        return all.toArray();
    }

    /** The arguments, then those of placeholders after the WHERE clause ({@code LIMIT ? OFFSET ?}, say). */
    public Object[] argsThen(Object... trailing) {
        List<Object> all = new ArrayList<>(args);
        all.addAll(List.of(trailing));
        return all.toArray();
    }
}
