package com.m2m.query.testing;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.testing.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

/**
 * What the flat-reads tests of the list endpoints start from (docs/performance.md, "Flat reads"): the query
 * migrations on H2 or the embedded PostgreSQL ({@link #DATABASES}), the seeds' first instant, the tenant whose lists
 * are read and another whose rows must not count.
 */
public abstract class FlatReadsTestBase {

    protected static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    protected static final Tenant ACME = new Tenant("acme", Environment.SANDBOX);
    protected static final Tenant OTHER = new Tenant("other", Environment.LIVE);

    @RegisterExtension
    protected static final TestDatabases DATABASES = new TestDatabases("query");
}
