package com.m2m.app.privacy;

import com.m2m.domain.privacy.MasterKey;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-user data keys over H2: wrapping, forgetting, and keys of rolled-back transactions. */
class DataKeyStoreTest {

    final MasterKey masterKey = MasterKey.generate();
    DriverManagerDataSource dataSource;
    JdbcTemplate jdbc;
    TransactionTemplate transaction;
    DataKeyStore keys;

    @BeforeEach
    void setUp() {
        dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/axon").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        keys = new DataKeyStore(jdbc, masterKey, Clock.systemUTC());
    }

    @Test
    void oneKeyPerUserWrappedUnderTheMasterKeyAndForgettingErasesOnlyThatUser() {
        String a1 = transaction.execute(status -> keys.encrypt("user_a", "Wenceslao"));
        String a2 = transaction.execute(status -> keys.encrypt("user_a", "1983-07-19"));
        String b = transaction.execute(status -> keys.encrypt("user_b", "Leocadia"));

        assertThat(a1).startsWith("pd1:dk_").doesNotContain("Wenceslao");
        assertThat(a1.split(":")[1]).as("one key per user").isEqualTo(a2.split(":")[1]);
        assertThat(b.split(":")[1]).isNotEqualTo(a1.split(":")[1]);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_data_key", Integer.class)).isEqualTo(2);
        assertThat(keys.decrypt(a1)).contains("Wenceslao");

        Integer deleted = transaction.execute(status -> keys.forget("user_a"));
        assertThat(deleted).isEqualTo(1);

        assertThat(keys.decrypt(a1)).isEmpty();
        assertThat(keys.decrypt(a2)).isEmpty();
        assertThat(keys.decrypt(b)).contains("Leocadia");
        String again = transaction.execute(status -> keys.encrypt("user_a", "Wenceslao"));
        assertThat(again.split(":")[1]).as("starting over takes a new key").isNotEqualTo(a1.split(":")[1]);
        assertThat(keys.decrypt(again)).contains("Wenceslao");
        assertThat(keys.decrypt(a1)).as("the old values stay erased").isEmpty();
    }

    @Test
    void aKeyMadeInARolledBackTransactionIsNeitherStoredNorUsed() {
        String lost = transaction.execute(status -> {
            String token = keys.encrypt("user_c", "Juan");
            status.setRollbackOnly();
            return token;
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_data_key", Integer.class)).isZero();
        assertThat(keys.decrypt(lost)).isEmpty();
        String kept = transaction.execute(status -> keys.encrypt("user_c", "Juan"));
        assertThat(kept.split(":")[1]).isNotEqualTo(lost.split(":")[1]);
        assertThat(keys.decrypt(kept)).contains("Juan");
    }

    @Test
    void anotherMasterKeyDoesNotOpenTheStoredKeys() {
        transaction.execute(status -> keys.encrypt("user_d", "Ana"));
        assertThat(keys.masterKeyOpensStoredKeys()).isTrue();
        assertThat(new DataKeyStore(jdbc, MasterKey.generate(), Clock.systemUTC()).masterKeyOpensStoredKeys())
                .isFalse();
        byte[] wrapped = jdbc.queryForObject("SELECT wrapped_key FROM user_data_key", byte[].class);
        assertThat(wrapped).hasSize(12 + 32 + 16); // nonce, AES-256 key, tag: never the raw key alone
    }

    @Test
    void aUserCreatedInTheTransactionGetsItsKeyWithoutALookupAndAWrongHintOnlyAddsAKey() {
        // The key store is told a user is created (its first event is being appended): no key to look up.
        String first = transaction.execute(status -> {
            keys.userCreated("user_e");
            // A lookup would find this row; the hint makes the store insert its own key without asking.
            jdbc.update("INSERT INTO user_data_key (key_id, user_id, wrapped_key, created_at)"
                    + " VALUES ('dk_planted', 'user_e', X'00', CURRENT_TIMESTAMP)");
            return keys.encrypt("user_e", "Marisol");
        });
        assertThat(first.split(":")[1]).isNotEqualTo("dk_planted");
        assertThat(keys.decrypt(first)).contains("Marisol");
        jdbc.update("DELETE FROM user_data_key WHERE key_id = 'dk_planted'");

        // Later transactions look the key up again (the hint lived in that transaction only): the newest one.
        String later = transaction.execute(status -> keys.encrypt("user_e", "1990-05-15"));
        assertThat(later.split(":")[1]).isEqualTo(first.split(":")[1]);

        // A wrong hint for a user who has a key: a second key; both open, forgetting deletes both.
        String second = transaction.execute(status -> {
            keys.userCreated("user_e");
            return keys.encrypt("user_e", "Marisol");
        });
        assertThat(second.split(":")[1]).isNotEqualTo(first.split(":")[1]);
        assertThat(keys.decrypt(first)).contains("Marisol");
        assertThat(keys.decrypt(second)).contains("Marisol");
        Integer forgotten = transaction.execute(status -> keys.forget("user_e"));
        assertThat(forgotten).isEqualTo(2);
        assertThat(keys.decrypt(first)).isEmpty();
        assertThat(keys.decrypt(second)).isEmpty();
    }
}
