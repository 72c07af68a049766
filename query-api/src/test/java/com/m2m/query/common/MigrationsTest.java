package com.m2m.query.common;

import com.m2m.domain.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {

    @Test
    void migrationsAreVersionedInTheQueryRangeAndCreateTheTables() {
        Resource[] migrations = TestDatabase.migrations("query");
        assertThat(migrations).isNotEmpty();
        assertThat(Arrays.stream(migrations).map(TestDatabase::version)).allSatisfy(v -> assertThat(v[0]).isEqualTo(100));
        assertThat(Arrays.stream(migrations).map(Resource::getFilename).distinct()).hasSize(migrations.length);

        try (TestDatabase db = TestDatabase.create("query")) {
            assertThat(db.tables())
                    .containsExactlyInAnyOrder("partner_view", "partner_api_key", "partner_settings",
                            "api_key_usage", "link_view", "link_activity", "link_count", "operation_count", "data_request_count", "user_view", "user_field",
                            "data_request_view", "operation_view", "analytics_link", "analytics_user",
                            "analytics_data_request", "analytics_operation");
        }
    }
}
