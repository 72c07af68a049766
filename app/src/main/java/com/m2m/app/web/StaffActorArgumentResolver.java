package com.m2m.app.web;

import com.m2m.domain.staff.StaffActor;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a staff controller declare a {@link StaffActor} parameter: who {@link StaffAuthentication} let in. */
@Component
public class StaffActorArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == StaffActor.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Object actor = request.getAttribute(StaffAuthentication.ACTOR_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (actor == null) {
            // Only reachable if a staff endpoint is mapped outside the staff paths: fail closed.
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Missing authentication. Provide a Bearer token.");
        }
        return actor;
    }
}
