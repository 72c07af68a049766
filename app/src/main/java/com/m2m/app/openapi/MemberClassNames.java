package com.m2m.app.openapi;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.jackson.TypeNameResolver;

import java.util.Set;

/**
 * Schema names for the document. By default a schema is named after the class's simple name, and two nested
 * records of one name (each controller has its {@code VerificationStarted}, several views their {@code Amount} or
 * {@code Pagination}) would silently share one schema. A nested class is named after its enclosing class too.
 */
final class MemberClassNames extends TypeNameResolver {

    @Override
    protected String nameForClass(JavaType type, Set<Options> options) {
        Class<?> cls = type.getRawClass();
        String name = super.nameForClass(type, options);
        if (cls.getEnclosingClass() != null && name.equals(cls.getSimpleName())) {
            return cls.getEnclosingClass().getSimpleName() + name;
        }
        return name;
    }
}
