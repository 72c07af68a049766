package com.m2m.domain.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Loopback endpoints that never give an HTTP answer, for the webhook tests of failures without a response: a port
 * that refuses the connection, and a server that takes it and stays silent.
 */
public final class DeadEndpoints {

    private DeadEndpoints() {
    }

    /** A loopback port that nothing listens on any more: a connection to it is refused at once. */
    public static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** A loopback server that accepts every connection and reads from it, but never writes: until closed. */
    public static SilentServer silentServer() throws IOException {
        return new SilentServer(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
    }

    public static final class SilentServer implements AutoCloseable {

        private final ServerSocket server;

        private SilentServer(ServerSocket server) {
            this.server = server;
            Thread hangUp = new Thread(this::acceptAndStaySilent, "silent-server");
            hangUp.setDaemon(true);
            hangUp.start();
        }

        private void acceptAndStaySilent() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read();
                } catch (IOException e) {
                    return;
                }
            }
        }

        public int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
