package com.m2m.app.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Web conventions every endpoint shares: the Tenant, WidgetSession and StaffActor parameters, and timestamps as {@code 2026-02-10T14:30:00.000Z}. */
@Configuration
@EnableConfigurationProperties(RequestLimits.class)
public class WebConfiguration implements WebMvcConfigurer {

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final TenantArgumentResolver tenantArgumentResolver;
    private final WidgetSessionArgumentResolver widgetSessionArgumentResolver;
    private final StaffActorArgumentResolver staffActorArgumentResolver;

    public WebConfiguration(TenantArgumentResolver tenantArgumentResolver,
                            WidgetSessionArgumentResolver widgetSessionArgumentResolver,
                            StaffActorArgumentResolver staffActorArgumentResolver) {
        this.tenantArgumentResolver = tenantArgumentResolver;
        this.widgetSessionArgumentResolver = widgetSessionArgumentResolver;
        this.staffActorArgumentResolver = staffActorArgumentResolver;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(tenantArgumentResolver);
        resolvers.add(widgetSessionArgumentResolver);
        resolvers.add(staffActorArgumentResolver);
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer timestampsWithMilliseconds() {
        return builder -> builder.serializerByType(Instant.class, new JsonSerializer<Instant>() {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(TIMESTAMP.format(value));
            }
        });
    }
}
