package com.m2m.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication, roles and rate-limit classes are decided from the request path, so other spellings of a path that
 * routing would still map to the same controller must never get through (a reviewer reached the operator API with
 * {@code /admin;x=1/...} and {@code /%61dmin/...} and no token before this).
 */
@PlatformTest
class PathCanonicalizationTest extends PlatformClientTest {

    @Test
    void nonCanonicalSpellingsOfProtectedPathsAreRefused() throws IOException {
        String partnerId = Partners.uniqueId("paths");
        String key = partners().sandboxPartner(partnerId);
        for (String path : new String[]{"/admin;x=1/partners/" + partnerId + "/keys", "/%61dmin/partners/" + partnerId + "/keys",
                "//admin/partners/" + partnerId + "/keys", "/admin/./partners/" + partnerId + "/keys",
                "/partner/../admin/partners/" + partnerId + "/keys"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(response).as(path).doesNotStartWith("HTTP/1.1 200").doesNotContain("\"prefix\"");
        }
        String issued = raw("POST /admin;x=1/partners/" + partnerId + "/keys HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 25\r\nConnection: close\r\n\r\n{\"environment\":\"live\"}   ");
        assertThat(issued).doesNotStartWith("HTTP/1.1 201").doesNotContain("m2m_live_");
        String suspended = raw("POST /%61dmin/partners/" + partnerId + "/suspend HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(suspended).doesNotStartWith("HTTP/1.1 200");
        assertThat(api.get("/partner/profile").key(key).send().data().get("status").asText()).isEqualTo("active");
    }

    @Test
    void theCreateLinkLimitCannotBeSidesteppedWithAnotherSpelling() throws IOException {
        String partnerId = Partners.uniqueId("pathrl");
        String key = partners().sandboxPartner(partnerId);
        for (String path : new String[]{"/partner/links;x=1", "/partner/%6Cinks"}) {
            String body = "{\"referenceId\":\"sidestep\"}";
            String response = raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body);
            assertThat(response).as(path).startsWith("HTTP/1.1 400").contains("INVALID_REQUEST");
        }
        assertThat(api.get("/partner/links").key(key).send().data().at("/pagination/total").asInt()).isZero();
    }

    /** Raw HTTP: Java's HttpClient normalises some of these paths itself, a raw socket sends them as written. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
