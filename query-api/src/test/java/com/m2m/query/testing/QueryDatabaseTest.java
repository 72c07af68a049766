package com.m2m.query.testing;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.testing.MutableClock;
import com.m2m.domain.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;

import java.time.Instant;

/**
 * What the query-api tests on a database start from, so that each states only what it builds on top: a fresh
 * database with the query migrations for every test (JUnit makes a new instance per test), closed after it, a
 * clock at {@link #T0} until the test moves it, the tenants whose rows must not mix, and personal data that
 * passes validation.
 */
public abstract class QueryDatabaseTest {

    protected static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");
    protected static final Tenant ACME = new Tenant("acme", Environment.SANDBOX);
    protected static final Tenant ACME_LIVE = new Tenant("acme", Environment.LIVE);
    protected static final Tenant OTHER = new Tenant("other", Environment.SANDBOX);
    /** A valid CURP (the Mexican national id). */
    protected static final String ID_NUMBER = "GAPA900515HDFRRL09";
    /** A valid CLABE (the Mexican bank account number). */
    protected static final String CLABE = "014027000005555558";

    protected final TestDatabase db = TestDatabase.create("query");
    protected final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
