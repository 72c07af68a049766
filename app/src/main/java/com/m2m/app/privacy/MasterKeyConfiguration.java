package com.m2m.app.privacy;

import com.m2m.app.config.EmbeddedDatabase;
import com.m2m.domain.privacy.MasterKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the master key comes from: {@code m2m.privacy.master-key} when set; otherwise, on the embedded default
 * only (the embedded PostgreSQL on {@code ./data/pg}, or an H2 file), a key file in the data directory
 * ({@code ./data/master.key}) created owner-only on the first start; with any
 * other database start-up fails and names the property. An in-memory H2 database (tests) gets a key that lives
 * as long as the database does.
 */
@Configuration
@EnableConfigurationProperties(PrivacyProperties.class)
public class MasterKeyConfiguration {

    static final String KEY_FILE = "master.key";
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyConfiguration.class);

    @Bean
    public MasterKey masterKey(PrivacyProperties properties, @Value("${spring.datasource.url:}") String datasourceUrl) {
        return resolve(properties, datasourceUrl);
    }

    /**
     * Makes Flyway (the first to open the database) wait for the master key, so the embedded default's data
     * directory already exists owner-only when H2 creates its files in it.
     */
    @Bean
    public FlywayConfigurationCustomizer dataDirectoryBeforeDatabase(MasterKey masterKey) {
        return configuration -> {
            // nothing to change: depending on the master key is the point
        };
    }

    static MasterKey resolve(PrivacyProperties properties, String datasourceUrl) {
        if (properties.hasMasterKey()) {
            try {
                return MasterKey.fromBase64(properties.masterKey());
            } catch (IllegalArgumentException invalid) {
                throw new PrivacyStartupFailure(invalid.getMessage());
            }
        }
        if (!EmbeddedDatabase.isEmbedded(datasourceUrl)) {
            throw new PrivacyStartupFailure(PrivacyProperties.MASTER_KEY_PROPERTY + " is required with this database"
                    + " (only the embedded default creates its own): set it to 32 random bytes in base64, e.g."
                    + " M2M_PRIVACY_MASTER_KEY=$(openssl rand -base64 32), and keep it safe: without it personal"
                    + " data cannot be read");
        }
        Optional<Path> dataDirectory = EmbeddedDatabase.dataDirectory(datasourceUrl);
        if (dataDirectory.isEmpty()) {
            LOG.info("In-memory database: personal data is encrypted with a temporary master key that lives as long"
                    + " as the database");
            return MasterKey.generate();
        }
        return fromKeyFile(dataDirectory.get());
    }

    private static MasterKey fromKeyFile(Path dataDirectory) {
        OwnerOnlyFiles.directory(dataDirectory);
        Path keyFile = dataDirectory.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            OwnerOnlyFiles.restrict(keyFile, OwnerOnlyFiles.FILE);
            try {
                MasterKey key = MasterKey.fromBase64(Files.readString(keyFile, StandardCharsets.US_ASCII));
                LOG.info("Personal data is encrypted under the master key in {} (owner-only)", keyFile);
                return key;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the master key file " + keyFile, e);
            } catch (IllegalArgumentException invalid) {
                throw new PrivacyStartupFailure("The master key file " + keyFile + " is damaged: "
                        + invalid.getMessage());
            }
        }
        MasterKey key = MasterKey.generate();
        OwnerOnlyFiles.writeNew(keyFile, (key.toBase64() + "\n").getBytes(StandardCharsets.US_ASCII));
        LOG.warn("Created a new master key for personal data in {} (owner-only, 0600). Back it up with the"
                + " database: without it the stored personal data cannot be read. To use your own, set "
                + PrivacyProperties.MASTER_KEY_PROPERTY + ".", keyFile);
        return key;
    }
}
