package com.m2m.app.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.servlet.mvc.method.annotation.ExtendedServletRequestDataBinder;

/**
 * A list's filters bind from its query string and nothing else. Since Spring 6.2 a parameter record is also
 * filled from request headers of the same name, so a crawler's {@code From:} header would become the
 * {@code from} filter and a proxy's {@code Status:} the {@code status} one; headers never mean a filter here.
 */
@ControllerAdvice
class QueryParametersOnly {

    @InitBinder
    void ignoreHeaders(WebDataBinder binder) {
        if (binder instanceof ExtendedServletRequestDataBinder requestBinder) {
            requestBinder.setHeaderPredicate(header -> false);
        }
    }
}
