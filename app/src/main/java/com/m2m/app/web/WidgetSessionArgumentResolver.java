package com.m2m.app.web;

import com.m2m.domain.common.WidgetSession;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a widget controller declare a {@link WidgetSession} parameter: the session {@link WidgetAuthentication} found. */
@Component
public class WidgetSessionArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == WidgetSession.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Object session = request.getAttribute(WidgetAuthentication.SESSION_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (session == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Missing widget session. Provide Authorization: Bearer <sessionToken>.");
        }
        return session;
    }
}
