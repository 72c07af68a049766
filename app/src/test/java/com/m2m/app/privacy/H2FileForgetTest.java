package com.m2m.app.privacy;

import com.m2m.app.ApiClient;
import com.m2m.app.M2mApplication;
import com.m2m.app.Partners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default as it runs for a new user: an H2 file database in a fresh data directory, no master key
 * configured. The platform creates the key file itself, owner-only, says so without printing the key, and keeps
 * the directory and the database files owner-only. The raw bytes scanned are every file of the directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class H2FileForgetTest extends ForgetContract {

    @TempDir
    static Path parent;
    static Path dataDir;
    static ConfigurableApplicationContext platform;

    @BeforeAll
    static void start() {
        dataDir = parent.resolve("data");
        platform = start(dataDir);
    }

    static ConfigurableApplicationContext start(Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("m2m") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        return new SpringApplicationBuilder(M2mApplication.class).run(args("--spring.datasource.url=" + url));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** The platform runs in this JVM: whatever it logged during a test is in the captured output. */
    @AfterEach
    void noPersonalDataInTheLogs(CapturedOutput output) {
        for (String value : PII_A) {
            assertThat(output.getAll()).doesNotContain(value);
        }
        for (String value : PII_B) {
            assertThat(output.getAll()).doesNotContain(value);
        }
    }

    @Override
    int port() {
        return ((WebServerApplicationContext) platform).getWebServer().getPort();
    }

    @Override
    String rawDatabase() {
        StringBuilder raw = new StringBuilder();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                raw.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw.toString();
    }

    @Test
    void theDataDirectoryTheKeyAndTheDatabaseAreOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        Path keyFile = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("m2m.mv.db"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(keyFile).trim()).hasSize(44); // 32 bytes in base64
    }

    /**
     * After a restart the user aggregate still decrypts its events (the key file is reused): re-sending the same
     * id number is recognised as the same value and changes nothing. The first start announces the new key file
     * without printing the key; a different master key refuses to start.
     */
    @Test
    void personalDataStaysReadableAcrossARestartAndAnotherMasterKeyIsRefused(CapturedOutput output)
            throws IOException {
        Path again = parent.resolve("restart-data");
        String key;
        String reference = "restart-" + Partners.uniqueId("r");
        String body = """
                {"referenceId":"%s","userData":{"idType":"PASSPORT","idNumber":"PR1234567XY"}}""".formatted(reference);
        String updatedAt;
        try (ConfigurableApplicationContext first = start(again)) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) first).getWebServer().getPort());
            String masterKey = Files.readString(again.resolve("master.key")).trim();
            assertThat(output.getAll()).contains("Created a new master key for personal data in "
                    + again.resolve("master.key")).doesNotContain(masterKey);
            key = new Partners(api).sandboxPartner(Partners.uniqueId("restart"));
            ApiClient.Response created = api.post("/partner/links", body).key(key).send();
            assertThat(created.status()).isEqualTo(201);
            updatedAt = user(api, key, reference).at("/fields/idNumber/updatedAt").asText();
            assertThat(api.post("/partner/links/" + created.data().get("linkId").asText() + "/revoke",
                    "{\"reason\":\"again\"}").key(key).send().status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start(again)) {
            assertThat(output.getAll()).contains("Personal data is encrypted under the master key in");
            ApiClient api = new ApiClient(((WebServerApplicationContext) second).getWebServer().getPort());
            assertThat(api.post("/partner/links", body).key(key).send().status()).isEqualTo(201);
            assertThat(user(api, key, reference).at("/fields/idNumber/updatedAt").asText())
                    .as("the stored value was read back and found equal").isEqualTo(updatedAt);
        }
        String url = "jdbc:h2:file:" + again.resolve("m2m") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SpringApplicationBuilder(M2mApplication.class)
                        .run("--server.port=0", "--spring.datasource.url=" + url, "--m2m.demo-partner.enabled=false",
                                "--m2m.privacy.master-key=" + com.m2m.domain.privacy.MasterKey.generate().toBase64())
                        .close())
                .satisfies(failure -> assertThat(rootMessage(failure)).isEqualTo(PrivacyStoreCheck.WRONG_MASTER_KEY));
    }

    static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
