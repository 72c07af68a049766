package com.m2m.app.web;

import com.m2m.domain.common.Identifiers;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's last word on an error that never reached the application, e.g. a request line or headers over
 * {@code server.max-http-request-header-size}: the envelope instead of Tomcat's HTML page. Nothing of the request
 * is echoed; a fresh request id is given because the request never got one.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ErrorCode code = ApiErrorController.codeFor(status);
        String requestId = "req_" + Identifiers.randomHex(12);
        // Here a 400 comes from the request line or the headers (too large, or not HTTP).
        String message = status == 400 ? "The request line or headers are not valid or larger than the limit"
                : ApiErrorController.messageFor(status);
        String body = "{\"success\":false,\"error\":{\"code\":\"" + code.name() + "\",\"message\":\""
                + message + "\",\"requestId\":\"" + requestId + "\"}}";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader(RequestIds.HEADER, requestId);
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException tooLate) {
            // The client is gone or the answer has started: nothing more can be said.
        }
    }
}
