package com.m2m.app.privacy;

import jakarta.annotation.PostConstruct;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Start-up refuses a store it cannot keep its promises on: one written before personal data was encrypted (plain
 * personal values inside its events, which cannot be forgotten), and a master key that does not open the stored
 * data keys (another key was configured, or the key file was replaced).
 */
@Component
public record PrivacyStoreCheck(JdbcTemplate jdbc, DataKeyStore keys) {

    static final String LEGACY_STORE = "This database was written before personal data was encrypted: its events"
            + " hold personal data (or webhook secrets) in plain text, which can never be forgotten. No installation holds real data yet,"
            + " so it is not migrated: delete the database (the embedded default: the ./data directory) and start"
            + " again.";
    static final String WRONG_MASTER_KEY = PrivacyProperties.MASTER_KEY_PROPERTY + " does not open the data keys"
            + " stored in this database: start with the master key this database was created with (the embedded"
            + " default keeps it in ./data/master.key)";

    @PostConstruct
    void check() {
        Long legacy = jdbc.queryForObject("SELECT plaintext_pii_events FROM privacy_store_format WHERE id = 1",
                Long.class);
        if (legacy != null && legacy > 0) {
            throw new PrivacyStartupFailure(LEGACY_STORE);
        }
        if (!keys.masterKeyOpensStoredKeys()) {
            throw new PrivacyStartupFailure(WRONG_MASTER_KEY);
        }
    }
}
