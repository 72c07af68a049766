package com.m2m.app.privacy;

import com.m2m.app.config.EmbeddedDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded database's files are owner-only. The embedded PostgreSQL's own directory is made 0700 by initdb;
 * ./data and the master key are restricted here. For an H2 file: the directory is created 0700 before H2 opens it (see
 * {@link MasterKeyConfiguration}), so files H2 creates later with the process umask cannot be reached by other
 * users; once started, the database files H2 created and the master key are also set to 0600.
 */
@Component
public class DataDirectoryPermissions {

    private final String datasourceUrl;

    public DataDirectoryPermissions(@Value("${spring.datasource.url:}") String datasourceUrl) {
        this.datasourceUrl = datasourceUrl;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void restrict() {
        Optional<Path> h2File = EmbeddedDatabase.filePath(datasourceUrl);
        if (h2File.isPresent()) {
            restrict(h2File.get());
        } else {
            // The embedded PostgreSQL: initdb makes ./data/pg owner-only itself; the directory and the key file here.
            EmbeddedDatabase.dataDirectory(datasourceUrl).ifPresent(DataDirectoryPermissions::restrictKeyFile);
        }
    }

    static void restrictKeyFile(Path directory) {
        OwnerOnlyFiles.directory(directory);
        Path keyFile = directory.resolve(MasterKeyConfiguration.KEY_FILE);
        if (Files.isRegularFile(keyFile)) {
            OwnerOnlyFiles.restrict(keyFile, OwnerOnlyFiles.FILE);
        }
    }

    static void restrict(Path database) {
        Path directory = database.getParent();
        OwnerOnlyFiles.directory(directory);
        String prefix = database.getFileName().toString() + ".";
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().startsWith(prefix)
                            || file.getFileName().toString().equals(MasterKeyConfiguration.KEY_FILE))
                    .forEach(file -> OwnerOnlyFiles.restrict(file, OwnerOnlyFiles.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the data directory " + directory, e);
        }
    }
}
