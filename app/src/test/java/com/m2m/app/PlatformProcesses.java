package com.m2m.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests that start the platform as a separate process (to kill it) need to find it. */
public final class PlatformProcesses {

    private static final Pattern DEMO_KEY = Pattern.compile("^\\s+(m2m_test_[A-Za-z0-9]{32})$", Pattern.MULTILINE);

    private PlatformProcesses() {
    }

    /** The demo partner's key that a starting platform prints to its {@code log}, waiting up to {@code bound}. */
    public static String awaitDemoKey(Path log, Duration bound) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log)) {
                Matcher matcher = DEMO_KEY.matcher(Files.readString(log));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the platform did not print its demo key:\n" + Files.readString(log));
    }

    /** A loopback port free now, for a platform process to listen on. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
