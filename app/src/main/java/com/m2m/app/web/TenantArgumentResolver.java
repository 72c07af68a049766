package com.m2m.app.web;

import com.m2m.domain.common.Tenant;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller declare a {@link Tenant} parameter: the partner environment {@link PartnerAuthentication} found. */
@Component
public class TenantArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Tenant.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Object tenant = request.getAttribute(PartnerAuthentication.TENANT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (tenant == null) {
            // Only reachable if a partner endpoint is mapped outside /partner/**: fail closed.
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Missing authentication. Provide X-API-Key or Bearer token.");
        }
        return tenant;
    }
}
