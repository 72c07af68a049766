package com.m2m.domain.testing;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

/** A typed settings record bound from property keys as Spring Boot binds it at startup (defaults, validation). */
public final class BoundProperties {

    private BoundProperties() {
    }

    public static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }
}
