package com.m2m.app.web;

import com.m2m.command.idempotency.IdempotencyService;
import com.m2m.domain.common.Tenant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on partner POSTs: same key and same request within 24 h replays the first response
 * (status and body, header {@code Idempotent-Replayed: true}); same key, different request: 409
 * {@code IDEMPOTENCY_CONFLICT}. Runs after authentication and rate limiting, so keys are scoped per tenant.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class Idempotency extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /** Answers that mean "nothing ran": not kept, so a corrected request may reuse the key. */
    private static final Set<Integer> NOT_KEPT = Set.of(400, 401, 403, 429);

    private final IdempotencyService service;
    private final ErrorResponses errors;

    public Idempotency(IdempotencyService service, ErrorResponses errors) {
        this.service = service;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || request.getAttribute(PartnerAuthentication.TENANT_ATTRIBUTE) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!KEY.matcher(key).matches()) {
            errors.write(request, response, new ApiError(ErrorCode.INVALID_REQUEST.name(),
                    "The Idempotency-Key header must be 1 to 255 visible ASCII characters", HEADER, null, null, null), 400);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodySizeLimit.BodyRefused refused) {
            errors.write(request, response, refused.code(), refused.getMessage());
            return;
        }
        Tenant tenant = (Tenant) request.getAttribute(PartnerAuthentication.TENANT_ATTRIBUTE);
        IdempotencyService.Decision decision = service.begin(tenant, key, fingerprint(request, body));
        if (decision instanceof IdempotencyService.Conflict conflict) {
            errors.write(request, response, ErrorCode.IDEMPOTENCY_CONFLICT, conflict.message());
        } else if (decision instanceof IdempotencyService.Replay replay) {
            response.setStatus(replay.status());
            response.setContentType(replay.contentType());
            response.setHeader("Idempotent-Replayed", "true");
            response.getOutputStream().write(replay.body());
        } else {
            run((IdempotencyService.Proceed) decision, new CachedBodyRequest(request, body), response, chain);
        }
    }

    private void run(IdempotencyService.Proceed proceed, HttpServletRequest request, HttpServletResponse response,
                     FilterChain chain) throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (status < 500 && !NOT_KEPT.contains(status)) {
                service.complete(proceed, status, captured.getContentType(), captured.getContentAsByteArray());
                kept = true;
            }
        } finally {
            if (!kept) {
                service.release(proceed);
            }
            captured.copyBodyToResponse();
        }
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM specification", e);
        }
    }

    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("The body was already read: synchronous reads only");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
