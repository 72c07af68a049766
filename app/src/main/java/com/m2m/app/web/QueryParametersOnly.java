package com.m2m.app.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.servlet.mvc.method.annotation.ExtendedServletRequestDataBinder;

/**
 * A list's filters bind from its query string, by their own names, and nothing else. Since Spring 6.2 a parameter
 * record is also filled from request headers of the same name, so a crawler's {@code From:} header would become the
 * {@code from} filter and a proxy's {@code Status:} the {@code status} one; and a data binder reads HTML-form
 * conventions ({@code !status} as a default for {@code status}, {@code _status} as an empty checkbox) that a
 * query parameter read with {@code @RequestParam} never had. Neither means a filter here.
 */
@ControllerAdvice
class QueryParametersOnly {

    @InitBinder
    void queryParametersByTheirOwnNames(WebDataBinder binder) {
        binder.setFieldDefaultPrefix(null);
        binder.setFieldMarkerPrefix(null);
        if (binder instanceof ExtendedServletRequestDataBinder requestBinder) {
            requestBinder.setHeaderPredicate(header -> false);
        }
    }
}
