package com.m2m.app.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A {@link ResponseBodyAdvice} that sees every body our controllers write, whatever the converter or return type;
 * a subclass says only what it does to the body.
 */
abstract class EveryBodyAdvice implements ResponseBodyAdvice<Object> {

    @Override
    public final boolean supports(MethodParameter returnType,
                                  Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public final Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                        Class<? extends HttpMessageConverter<?>> converterType,
                                        ServerHttpRequest request, ServerHttpResponse response) {
        return write(body, contentType, request, response);
    }

    /** The body to write instead of {@code body} (or {@code body} itself). */
    abstract Object write(Object body, MediaType contentType, ServerHttpRequest request, ServerHttpResponse response);
}
