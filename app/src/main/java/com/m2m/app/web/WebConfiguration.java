package com.m2m.app.web;

import com.m2m.domain.common.Timestamps;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.WidgetSession;
import com.m2m.domain.staff.StaffActor;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Web conventions every endpoint shares: the Tenant, WidgetSession and StaffActor parameters, and timestamps as {@code 2026-02-10T14:30:00.000Z}. */
@Configuration
@EnableConfigurationProperties(RequestLimits.class)
public class WebConfiguration implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new AuthenticatedArgumentResolver(Tenant.class, PartnerAuthentication.TENANT_ATTRIBUTE,
                "Missing authentication. Provide X-API-Key or Bearer token."));
        resolvers.add(new AuthenticatedArgumentResolver(WidgetSession.class, WidgetAuthentication.SESSION_ATTRIBUTE,
                "Missing widget session. Provide Authorization: Bearer <sessionToken>."));
        resolvers.add(new AuthenticatedArgumentResolver(StaffActor.class, StaffAuthentication.ACTOR_ATTRIBUTE,
                "Missing authentication. Provide a Bearer token."));
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer timestampsWithMilliseconds() {
        return builder -> builder.serializerByType(Instant.class, new JsonSerializer<Instant>() {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(Timestamps.wire(value));
            }
        });
    }
}
