package com.m2m.app.web;

import com.m2m.command.link.CreatedLink;
import com.m2m.command.partner.PartnerAdminController;
import com.m2m.command.widget.WidgetSessions;
import com.m2m.webhook.sandbox.SandboxTestResult;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A {@code Location} header on every 201: the path where the created resource can be read
 * ({@code /partner/links/{linkId}}, {@code /admin/partners/{partnerId}},
 * {@code /partner/webhooks/deliveries/{deliveryId}}, {@code /widget/api/state} for a widget session). Resources
 * with no read route of their own (an API key, a quote, a widget operation) name the collection they were created
 * in, which is the request's own path. Paths are relative to the API's base URL.
 */
@RestControllerAdvice(basePackages = "com.m2m")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CreatedLocations extends EveryBodyAdvice {

    @Override
    Object write(Object body, MediaType contentType, ServerHttpRequest request, ServerHttpResponse response) {
        if (response instanceof ServletServerHttpResponse servlet && servlet.getServletResponse().getStatus() == 201
                && !response.getHeaders().containsKey(HttpHeaders.LOCATION)) {
            response.getHeaders().set(HttpHeaders.LOCATION, location(body, request.getURI().getRawPath()));
        }
        return body;
    }

    static String location(Object result, String requestPath) {
        Object body = result instanceof ApiEnvelope.Success success ? success.data() : result;
        if (body instanceof CreatedLink link) {
            return "/partner/links/" + link.linkId();
        }
        if (body instanceof PartnerAdminController.PartnerCreated partner) {
            return "/admin/partners/" + partner.partnerId();
        }
        if (body instanceof SandboxTestResult test) {
            return "/partner/webhooks/deliveries/" + test.deliveryId();
        }
        if (body instanceof WidgetSessions.OpenedSession) {
            return "/widget/api/state";
        }
        return requestPath;
    }
}
