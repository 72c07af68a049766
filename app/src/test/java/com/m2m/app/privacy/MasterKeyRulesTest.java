package com.m2m.app.privacy;

import com.m2m.domain.privacy.Aead;
import com.m2m.domain.privacy.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the master key comes from, and what start-up says when it cannot have one. */
class MasterKeyRulesTest {

    @TempDir
    Path temp;

    static final PrivacyProperties NONE = new PrivacyProperties(null);

    @Test
    void anyDatabaseButTheEmbeddedDefaultRequiresTheProperty() {
        assertThatThrownBy(() -> MasterKeyConfiguration.resolve(NONE, "jdbc:postgresql://db:5432/m2m"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("m2m.privacy.master-key is required with this database");
        assertThatThrownBy(() -> MasterKeyConfiguration.resolve(new PrivacyProperties("  "), "jdbc:postgresql://db/m2m"))
                .hasMessageContaining("m2m.privacy.master-key");
    }

    @Test
    void aConfiguredKeyIsUsedAndABadOneIsRefusedWithoutRepeatingIt() {
        MasterKey configured = MasterKey.generate();
        MasterKey used = MasterKeyConfiguration.resolve(new PrivacyProperties(configured.toBase64()),
                "jdbc:postgresql://db/m2m");
        assertThat(used.open(configured.seal(new byte[]{1, 2, 3}, "t"), "t")).containsExactly(1, 2, 3);
        assertThat(used.toString()).doesNotContain(configured.toBase64());

        assertThatThrownBy(() -> MasterKeyConfiguration.resolve(new PrivacyProperties("c2hvcnQ="), "jdbc:h2:mem:x"))
                .hasMessage("m2m.privacy.master-key must be 32 bytes in base64, not 5 bytes");
        assertThatThrownBy(() -> MasterKeyConfiguration.resolve(new PrivacyProperties("not base64 !"), "jdbc:h2:mem:x"))
                .hasMessageStartingWith("m2m.privacy.master-key must be 32 random bytes in base64")
                .hasMessageNotContaining("not base64 !");
    }

    @Test
    void theEmbeddedDefaultCreatesAnOwnerOnlyKeyFileOnceAndReusesIt() throws IOException {
        Path dataDir = temp.resolve("data");
        String url = "jdbc:h2:file:" + dataDir.resolve("m2m") + ";MODE=PostgreSQL;WRITE_DELAY=0";

        MasterKey first = MasterKeyConfiguration.resolve(NONE, url);

        Path keyFile = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.readString(keyFile, StandardCharsets.US_ASCII).trim()).isEqualTo(first.toBase64());

        MasterKey second = MasterKeyConfiguration.resolve(NONE, url);
        assertThat(second.open(first.seal(new byte[]{7}, "ctx"), "ctx")).containsExactly(7);
    }

    @Test
    void anInMemoryDatabaseGetsATemporaryKeyAndWritesNoFile() throws IOException {
        MasterKey one = MasterKeyConfiguration.resolve(NONE, "jdbc:h2:mem:test;MODE=PostgreSQL");
        MasterKey other = MasterKeyConfiguration.resolve(NONE, "jdbc:h2:mem:test;MODE=PostgreSQL");
        assertThatThrownBy(() -> other.open(one.seal(new byte[]{1}, "c"), "c")).isInstanceOf(Aead.DecryptionFailed.class);
    }

    @Test
    void theDatabaseFilesAreMadeOwnerOnlyOnceStarted() throws IOException {
        Path dataDir = Files.createDirectories(temp.resolve("loose"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = Files.writeString(dataDir.resolve("m2m.mv.db"), "x");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Path unrelated = Files.writeString(dataDir.resolve("notes.txt"), "x");
        Files.setPosixFilePermissions(unrelated, PosixFilePermissions.fromString("rw-r--r--"));

        DataDirectoryPermissions.restrict(dataDir.resolve("m2m"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unrelated))).isEqualTo("rw-r--r--");
    }

    @Test
    void aSealedValueOpensOnlyWithItsKeyAndContext() {
        MasterKey key = MasterKey.generate();
        byte[] sealed = key.seal("secret".getBytes(StandardCharsets.UTF_8), "a");
        byte[] again = key.seal("secret".getBytes(StandardCharsets.UTF_8), "a");
        assertThat(sealed).as("a fresh nonce per message").isNotEqualTo(again);
        assertThatThrownBy(() -> key.open(sealed, "b")).isInstanceOf(Aead.DecryptionFailed.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> key.open(sealed, "a")).isInstanceOf(Aead.DecryptionFailed.class);
    }
}
