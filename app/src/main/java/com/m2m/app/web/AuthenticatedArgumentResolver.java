package com.m2m.app.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller declare a parameter of the type an authentication filter left in a request attribute: the
 * {@code Tenant} {@link PartnerAuthentication} found, the {@code WidgetSession} of {@link WidgetAuthentication}, the
 * {@code StaffActor} {@link StaffAuthentication} let in. A missing attribute is only reachable if an endpoint is
 * mapped outside the paths its filter guards: fail closed with 401.
 */
final class AuthenticatedArgumentResolver implements HandlerMethodArgumentResolver {

    private final Class<?> type;
    private final String attribute;
    private final String missingMessage;

    AuthenticatedArgumentResolver(Class<?> type, String attribute, String missingMessage) {
        this.type = type;
        this.attribute = attribute;
        this.missingMessage = missingMessage;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == type;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Object value = request.getAttribute(attribute, RequestAttributes.SCOPE_REQUEST);
        if (value == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, missingMessage);
        }
        return value;
    }
}
