package com.m2m.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.coyote.CloseNowException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * Bounds what reading one request body can cost, before anything parses it.
 * <ul>
 * <li>Size: the large limit only where {@code userData} may carry an id image (create link, answer a data request,
 * widget details), the small one everywhere else; by Content-Length when declared, by counting while reading when
 * chunked.</li>
 * <li>Time: the whole body within {@code body-read-timeout}, however slowly it trickles (Tomcat's own timeout is per
 * read, so one byte every few seconds would hold a request thread for ever).</li>
 * <li>Threads: Tomcat reads a body on the request thread, blocking. Only {@code max-waiting-body-reads} threads may
 * wait for body bytes that have not arrived at once; a request that would be one more is answered 503 at once. So
 * slow senders hold at most that many threads, and the others keep serving everyone else.</li>
 * <li>Leftovers: what an early answer (401, malformed JSON) left of a body is read under the same rules, up to
 * {@link #DRAIN_BUDGET}, to keep the connection; otherwise the connection is closed after the answer.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class BodySizeLimit extends OncePerRequestFilter {

    static final String MESSAGE = "The request body is larger than the limit";

    /** Where {@code userData} (with an id image) may travel. */
    private static final Pattern LARGE_BODY_ROUTES = Pattern.compile(
            "POST /partner/links|PUT /partner/data-requests/[^/]+|POST /widget/api/details");

    /** Unread body left by an answer that is still read (under the same rules) to keep the connection. */
    static final long DRAIN_BUDGET = 64 * 1024;

    private final RequestLimits limits;
    private final Semaphore waitingReads;
    private final ErrorResponses errors;

    public BodySizeLimit(RequestLimits limits, ErrorResponses errors) {
        this.limits = limits;
        this.waitingReads = new Semaphore(limits.maxWaitingBodyReads());
        this.errors = errors;
    }

    /** The body limit of this request's route. */
    long limitFor(HttpServletRequest request) {
        boolean large = LARGE_BODY_ROUTES.matcher(request.getMethod() + " " + request.getRequestURI()).matches();
        return large ? limits.maxBodyBytes().toBytes() : limits.maxSmallBodyBytes().toBytes();
    }

    /** The body-reading refusal behind {@code e}, if any. */
    static BodyRefused cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyRefused refused) {
                return refused;
            }
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        long maxBytes = limitFor(request);
        LimitedRequest limited = new LimitedRequest(request, maxBytes);
        // Held until the end so that it goes out whole, with its length, even if the connection is closed after it.
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        if (request.getContentLengthLong() > maxBytes) {
            limited.refused = true;
            errors.write(request, answer, ErrorCode.INVALID_REQUEST, MESSAGE);
        } else {
            try {
                chain.doFilter(limited, answer);
            } catch (BodyRefused refused) {
                // Read by a filter that did not answer for it: answer here.
                if (!answer.isCommitted()) {
                    answer.resetBuffer();
                    errors.write(request, answer, refused.code(), refused.getMessage());
                }
            }
        }
        // The leftovers first: whether the connection stays must be known before the answer's headers go out.
        boolean keepConnection = limited.drain();
        if (!keepConnection) {
            // Said in the answer, so that a client does not put the connection back in its pool and send its next
            // request on a connection this server is closing (a client then reads "no bytes" for that request).
            response.setHeader("Connection", "close");
        }
        answer.copyBodyToResponse();
        if (!keepConnection) {
            closeConnection(response);
        }
    }

    /**
     * After an answer that left (part of) the body unread, Tomcat would read ("swallow") the rest on this request
     * thread, with no bound on time, to keep the connection for a next request: a slow sender would hold the thread
     * anyway. So the answer is sent and the connection closed instead. {@link CloseNowException} is Tomcat's own
     * signal for exactly that (logged at debug only).
     */
    private static void closeConnection(HttpServletResponse response) throws IOException {
        response.flushBuffer();
        throw new CloseNowException("request body not read to its end; connection closed");
    }

    /** Why a body stopped being read; answered by {@link ApiExceptionHandler} wherever the reader wrapped it. */
    abstract static sealed class BodyRefused extends IOException permits TooLarge, TooSlow, TooManyWaiting {
        BodyRefused(String message) {
            super(message);
        }

        abstract ErrorCode code();
    }

    static final class TooLarge extends BodyRefused {
        TooLarge() {
            super(MESSAGE);
        }

        @Override
        ErrorCode code() {
            return ErrorCode.INVALID_REQUEST;
        }
    }

    static final class TooSlow extends BodyRefused {
        TooSlow() {
            super("The request body did not arrive in time");
        }

        @Override
        ErrorCode code() {
            return ErrorCode.REQUEST_TIMEOUT;
        }
    }

    static final class TooManyWaiting extends BodyRefused {
        TooManyWaiting() {
            super("Too many requests are sending their bodies slowly; try again");
        }

        @Override
        ErrorCode code() {
            return ErrorCode.SERVER_BUSY;
        }
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private boolean refused;
        private ServletInputStream stream;
        private BufferedReader reader;

        private final long deadline;
        private LimitedStream limitedStream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
            this.deadline = System.nanoTime() + limits.bodyReadTimeout().toNanos();
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                limitedStream = new LimitedStream(this, super.getInputStream(), maxBytes, deadline);
                stream = limitedStream;
            }
            return stream;
        }

        /**
         * Reads what the answer left of a body (a refused key, a malformed document) under the same rules of time
         * and threads, so that the connection can be kept. False when it cannot: the body was refused, or more than
         * {@link #DRAIN_BUDGET} is left, or it does not come in time.
         */
        boolean drain() {
            if (refused) {
                return false;
            }
            try {
                getInputStream();
                LimitedStream body = limitedStream;
                if (getContentLengthLong() > 0 && getContentLengthLong() - body.count > DRAIN_BUDGET) {
                    return false;
                }
                byte[] buffer = new byte[8192];
                long drained = 0;
                for (int n; (n = body.guardedRead(buffer, 0, buffer.length, false)) >= 0; ) {
                    if ((drained += n) > DRAIN_BUDGET) {
                        return false;
                    }
                }
                return true;
            } catch (IOException | IllegalStateException unreadable) {
                return false;
            }
        }

        /** Tomcat's own reader would bypass the counting stream. */
        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private final class LimitedStream extends ServletInputStream {
        private final LimitedRequest request;
        private final ServletInputStream in;
        private final long maxBytes;
        private final long deadline;
        private long count;

        LimitedStream(LimitedRequest request, ServletInputStream in, long maxBytes, long deadline) {
            this.request = request;
            this.in = in;
            this.maxBytes = maxBytes;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return guardedRead(buffer, offset, length, true);
            } catch (BodyRefused refused) {
                request.refused = true;
                throw refused;
            }
        }

        /** A read under the time and thread rules; {@code counted}: under the size limit too. */
        int guardedRead(byte[] buffer, int offset, int length, boolean counted) throws IOException {
            if (length == 0) {
                return 0;
            }
            checkDeadline();
            // Nothing buffered and not at the end: this read waits for the network, on a request thread.
            boolean waits = in.available() == 0 && !in.isFinished();
            if (waits && !waitingReads.tryAcquire()) {
                throw new TooManyWaiting();
            }
            int n;
            try {
                n = in.read(buffer, offset, length);
            } finally {
                if (waits) {
                    waitingReads.release();
                }
            }
            if (n > 0 && (count += n) > maxBytes && counted) {
                throw new TooLarge();
            }
            if (n > 0) {
                checkDeadline();
            }
            return n;
        }

        private void checkDeadline() throws TooSlow {
            if (System.nanoTime() - deadline > 0) {
                throw new TooSlow();
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
