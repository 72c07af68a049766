package com.m2m.app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the database: in a context of its own whose DataSource the test can make refuse every new
 * connection (as a database that went away does), readiness turns DOWN naming {@code db}, and UP again once
 * the database answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "m2m.demo-partner.enabled=false"
})
@Import(ReadinessDatabaseTest.Breakable.class)
class ReadinessDatabaseTest {

    @LocalManagementPort
    int managementPort;
    @Autowired
    BreakableDataSource dataSource;

    @Test
    void readinessIsDownWhileTheDatabaseIsUnreachable() {
        Management management = new Management(managementPort);
        management.await(management::readiness, r -> r.statusCode() == 200, "readiness up after start-up");

        dataSource.broken = true;
        try {
            HttpResponse<String> down = management.readiness();
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(management.json(down).at("/components/db/status").asText()).isEqualTo("DOWN");
            assertThat(management.get("/actuator/health/liveness").statusCode())
                    .as("an unreachable database does not make the node dead").isEqualTo(200);
        } finally {
            dataSource.broken = false;
        }
        HttpResponse<String> up = management.await(management::readiness, r -> r.statusCode() == 200,
                "readiness up once the database answers");
        assertThat(management.json(up).at("/components/db/status").asText()).isEqualTo("UP");
    }

    /** Wraps the application's DataSource; while {@code broken}, no connection can be had. */
    static final class BreakableDataSource extends DelegatingDataSource {
        volatile boolean broken;

        BreakableDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            check();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            check();
            return super.getConnection(username, password);
        }

        private void check() throws SQLException {
            if (broken) {
                throw new SQLTransientConnectionException("database unreachable (test)");
            }
        }
    }

    /** Not annotated on purpose: imported here only, never picked up by component scanning. */
    static class Breakable {
        @Bean
        static BeanPostProcessor breakableDataSource() {
            return DataSourceWrapping.everyDataSource(source -> source instanceof BreakableDataSource
                    ? source : new BreakableDataSource(source));
        }
    }
}
