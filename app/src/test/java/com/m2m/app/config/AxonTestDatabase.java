package com.m2m.app.config;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.UUID;

/** A fresh in-memory H2 database (PostgreSQL mode) with the Axon store's migrations, for the event-store tests. */
final class AxonTestDatabase {

    private AxonTestDatabase() {
    }

    static DriverManagerDataSource migrated() {
        DriverManagerDataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration/axon").load().migrate();
        return h2;
    }
}
