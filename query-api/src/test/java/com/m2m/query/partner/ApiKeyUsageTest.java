package com.m2m.query.partner;

import com.m2m.query.testing.QueryDatabaseTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyUsageTest extends QueryDatabaseTest {

    private final ApiKeyUsage usage = new ApiKeyUsage(db.jdbc());

    @Test
    void firstUseInsertsTheRow() {
        assertThat(usage.lastUsedAt("hash-1")).isEmpty();
        usage.recordUse("hash-1", T0);
        assertThat(usage.lastUsedAt("hash-1")).contains(T0);
    }

    @Test
    void writesAtMostOncePerMinutePerKey() {
        usage.recordUse("hash-1", T0);
        usage.recordUse("hash-1", T0.plusSeconds(5));
        usage.recordUse("hash-1", T0.plusMillis(59_999));
        assertThat(usage.lastUsedAt("hash-1")).contains(T0);

        usage.recordUse("hash-2", T0.plusSeconds(5)); // another key is not throttled by the first
        assertThat(usage.lastUsedAt("hash-2")).contains(T0.plusSeconds(5));

        usage.recordUse("hash-1", T0.plusSeconds(60));
        assertThat(usage.lastUsedAt("hash-1")).contains(T0.plusSeconds(60));
        usage.recordUse("hash-1", T0.plusSeconds(75));
        assertThat(usage.lastUsedAt("hash-1")).contains(T0.plusSeconds(60));
        assertThat(db.count("api_key_usage")).isEqualTo(2);
    }

    @Test
    void anotherNodeUpdatesTheExistingRowAndNeverMovesItBack() {
        ApiKeyUsage otherNode = new ApiKeyUsage(db.jdbc());
        usage.recordUse("hash-1", T0.plusSeconds(30));

        otherNode.recordUse("hash-1", T0); // older: row exists, nothing to do, no error
        assertThat(usage.lastUsedAt("hash-1")).contains(T0.plusSeconds(30));

        otherNode.recordUse("hash-1", T0.plusSeconds(60));
        assertThat(usage.lastUsedAt("hash-1")).contains(T0.plusSeconds(60));
        assertThat(db.count("api_key_usage")).isEqualTo(1);
    }
}
