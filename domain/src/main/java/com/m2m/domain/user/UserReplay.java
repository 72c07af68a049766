package com.m2m.domain.user;

import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.util.Optional;

/**
 * Rebuilds a {@link User} from (a prefix of) its event stream with the aggregate's own
 * {@code @EventSourcingHandler}s, exactly as Axon does before a command: support's point-in-time view
 * ({@code GET /support/users/{userId}/state?asOf=}) is therefore the aggregate's state at that instant, never a
 * second copy of the precedence and CIP rules. Also lets a caller look at the state just before an event (to
 * explain why a field write won or lost).
 */
public final class UserReplay {

    private static final AggregateModel<User> MODEL = AnnotatedAggregateMetaModelFactory.inspectAggregate(User.class,
            MultiParameterResolverFactory.ordered(ClasspathParameterResolverFactory.forClass(User.class),
                    new CommandSideResources()));

    private User user;

    /** Applies one event of the user's stream (events must come in sequence order). */
    public void apply(EventMessage<?> event) {
        if (user == null) {
            user = new User();
        }
        MODEL.publish(event, user);
    }

    /** The user as rebuilt so far; empty before the first event. */
    public Optional<User> user() {
        return Optional.ofNullable(user).filter(u -> u.userId() != null);
    }

    /**
     * The command and deadline handlers take resources (deadline manager, identity verifier) that only the running
     * platform injects; replay never calls those handlers, so the inspection only needs to know the types.
     */
    private static final class CommandSideResources implements ParameterResolverFactory {

        @Override
        public ParameterResolver<?> createInstance(Executable executable, Parameter[] parameters, int index) {
            Class<?> type = parameters[index].getType();
            if (type == DeadlineManager.class || type == IdentityVerifier.class) {
                return new ParameterResolver<Object>() {
                    @Override
                    public Object resolveParameterValue(Message<?> message) {
                        throw new IllegalStateException("Replay does not run command or deadline handlers");
                    }

                    @Override
                    public boolean matches(Message<?> message) {
                        return true;
                    }
                };
            }
            return null;
        }
    }
}
