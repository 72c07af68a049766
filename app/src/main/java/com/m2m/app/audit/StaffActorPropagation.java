package com.m2m.app.audit;

import com.m2m.app.web.StaffAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Carries the staff member behind a request onto the commands it sends and from there onto the events they record
 * (metadata {@value StaffAuditLog#ACTOR}), so every staff action is on record in the event store with who did it.
 * Commands are dispatched on the request's thread (Axon's simple command bus), where the request is at hand.
 */
@Configuration
public class StaffActorPropagation {

    /**
     * The actor interceptor on the command bus (registered once Axon starts: asking Spring for the bus here would be
     * a cycle), and the audit written in the staff command's own transaction, like the partner-facing read models.
     */
    @Bean
    public ConfigurerModule staffAuditModule() {
        return configurer -> {
            configurer.eventProcessing().registerSubscribingEventProcessor(StaffAuditLog.PROCESSING_GROUP);
            configurer.onInitialize(config -> config.onStart(Phase.INSTRUCTION_COMPONENTS,
                    () -> config.commandBus().registerDispatchInterceptor(new ActorOnCommands())));
        };
    }

    /** Axon's default (trace and correlation ids), which declaring another provider would otherwise replace. */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** Copies the actor from a command onto every event (and deadline) its handling records. */
    @Bean
    public CorrelationDataProvider staffActorCorrelation() {
        return new SimpleCorrelationDataProvider(StaffAuditLog.ACTOR);
    }

    private static final class ActorOnCommands implements MessageDispatchInterceptor<CommandMessage<?>> {

        @Override
        public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                List<? extends CommandMessage<?>> messages) {
            return (index, command) -> {
                if (command.getMetaData().containsKey(StaffAuditLog.ACTOR)
                        || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes web)) {
                    return command;
                }
                HttpServletRequest request = web.getRequest();
                return StaffAuthentication.actorOf(request)
                        .<CommandMessage<?>>map(actor -> command.andMetaData(Map.of(StaffAuditLog.ACTOR, actor.name())))
                        .orElse(command);
            };
        }
    }
}
