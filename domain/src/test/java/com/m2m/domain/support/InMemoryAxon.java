package com.m2m.domain.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import com.m2m.domain.link.Link;
import com.m2m.domain.link.LinkCreationHandler;
import com.m2m.domain.operation.Operation;
import com.m2m.domain.operation.OperationCreationHandler;
import com.m2m.domain.partner.Partner;
import com.m2m.domain.partner.PartnerStanding;
import com.m2m.domain.user.IdentityVerifier;
import com.m2m.domain.user.DataRequestAnswerHandler;
import com.m2m.domain.user.SandboxIdentityVerifier;
import com.m2m.domain.user.User;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The domain on real Axon infrastructure in memory: a {@link SimpleCommandBus}, an {@link EmbeddedEventStore} on a
 * {@link UniqueSequenceEventStorageEngine}, event-sourcing repositories for {@link User}, {@link Link} and
 * {@link Operation} with their own command and deadline handlers, {@link LinkCreationHandler} and
 * {@link OperationCreationHandler}, a deadline manager delivering to those repositories, and the
 * {@link SandboxIdentityVerifier} as the injectable {@link IdentityVerifier}.
 * <p>
 * This is what {@code DefaultConfigurer.defaultConfiguration().configureAggregate(..).registerCommandHandler(..)}
 * builds, done by hand because {@code axon-configuration} is not on the domain module's test classpath. The aggregate
 * types (the {@code AggregateScopeDescriptor} type a deadline must name to reach an aggregate) are Axon's defaults.
 * <p>
 * As a {@code @RegisterExtension} field (one per test instance) it shuts itself down after each test.
 */
public final class InMemoryAxon implements AfterEachCallback {

    public final UniqueSequenceEventStorageEngine storage = new UniqueSequenceEventStorageEngine();
    public final EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(storage).build();
    public final EventSourcingRepository<User> users;
    public final EventSourcingRepository<Link> links;
    public final EventSourcingRepository<Operation> operations;
    public final EventSourcingRepository<Partner> partners;
    public final DeadlineManager deadlineManager;
    public final CommandGateway commandGateway;
    private final List<ScopeAware> scopes = new CopyOnWriteArrayList<>();

    private InMemoryAxon(Function<ScopeAwareProvider, DeadlineManager> deadlineManagerFactory) {
        deadlineManager = deadlineManagerFactory.apply(descriptor -> scopes.stream());
        // Production asks the partner aggregate (PartnerStanding.of); here a partner the test never created counts
        // as active, so tests about links and operations need not onboard one.
        PartnerStanding partnerStanding = this::partnerActive;
        ParameterResolverFactory resolvers = MultiParameterResolverFactory.ordered(
                new SimpleResourceParameterResolverFactory(List.of(deadlineManager, new SandboxIdentityVerifier(),
                        partnerStanding)),
                ClasspathParameterResolverFactory.forClass(InMemoryAxon.class));
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        users = aggregate(User.class, resolvers, commandBus);
        links = aggregate(Link.class, resolvers, commandBus);
        operations = aggregate(Operation.class, resolvers, commandBus);
        partners = aggregate(Partner.class, resolvers, commandBus);
        scopes.addAll(List.of(users, links, operations, partners));
        new AnnotationCommandHandlerAdapter<>(new LinkCreationHandler(users, links, deadlineManager))
                .subscribe(commandBus);
        new AnnotationCommandHandlerAdapter<>(new OperationCreationHandler(links, users, operations,
                deadlineManager, partnerStanding)).subscribe(commandBus);
        new AnnotationCommandHandlerAdapter<>(new DataRequestAnswerHandler(users,
                linkId -> links.load(linkId).invoke(Link::isRevokedOrExpired))).subscribe(commandBus);
        commandGateway = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    private boolean partnerActive(String partnerId) throws Exception {
        return eventStore.lastSequenceNumberFor(partnerId).isEmpty() || PartnerStanding.of(partners).isActive(partnerId);
    }

    /** Simulated time starting at {@code now}: deadlines fire only when {@link #advanceTimeTo} passes them. */
    public static InMemoryAxon withSimulatedTime(Instant now) {
        return new InMemoryAxon(provider -> new CommittedStubDeadlineManager(now));
    }

    /** A real deadline manager (e.g. Axon's {@code SimpleDeadlineManager}) built on the aggregates' scopes. */
    public static InMemoryAxon with(Function<ScopeAwareProvider, DeadlineManager> deadlineManagerFactory) {
        return new InMemoryAxon(deadlineManagerFactory);
    }

    private <T> EventSourcingRepository<T> aggregate(Class<T> type, ParameterResolverFactory resolvers,
                                                     SimpleCommandBus commandBus) {
        AggregateModel<T> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(type, resolvers);
        EventSourcingRepository<T> repository = EventSourcingRepository.builder(type)
                .aggregateModel(model).parameterResolverFactory(resolvers).eventStore(eventStore).build();
        AggregateAnnotationCommandHandler.<T>builder().aggregateType(type).aggregateModel(model)
                .parameterResolverFactory(resolvers).repository(repository).build().subscribe(commandBus);
        return repository;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        shutDown();
    }

    public void shutDown() {
        deadlineManager.shutdown();
        eventStore.shutDown();
    }

    // ---------------------------------------------------------------- time

    public CommittedStubDeadlineManager simulatedDeadlines() {
        if (deadlineManager instanceof CommittedStubDeadlineManager stub) {
            return stub;
        }
        throw new IllegalStateException("Not on simulated time");
    }

    /**
     * Moves the simulated time to {@code instant}; every deadline due meanwhile is delivered, in order and each in
     * its own unit of work, to the aggregate its scope names. Fails when a deadline reaches no aggregate or its
     * handler fails.
     */
    public Then advanceTimeTo(Instant instant) {
        int before = allEvents().size();
        try {
            simulatedDeadlines().advanceTimeTo(instant, this::deliver);
        } catch (Exception e) {
            throw new IllegalStateException("A deadline failed", e);
        }
        return new Then(null, null, appendedSince(before));
    }

    public Then advanceTimeBy(Duration duration) {
        return advanceTimeTo(simulatedDeadlines().now().plus(duration));
    }

    private void deliver(ScopeDescriptor scope, DeadlineMessage<?> message) throws Exception {
        List<ScopeAware> targets = scopes.stream().filter(s -> s.canResolve(scope)).toList();
        if (targets.isEmpty()) {
            throw new AssertionError("No aggregate resolves the deadline scope " + scope.scopeDescription());
        }
        ResultMessage<?> result = DefaultUnitOfWork.startAndGet(message).executeWithResult(() -> {
            for (ScopeAware target : targets) {
                target.send(message, scope);
            }
            return null;
        });
        if (result.isExceptional()) {
            throw new IllegalStateException("Deadline " + message.getDeadlineName() + " failed",
                    result.exceptionResult());
        }
    }

    // ---------------------------------------------------------------- given / when / expect

    /** Given: commands already handled, in order (each must succeed). */
    public void given(Object... commands) {
        for (Object command : commands) {
            commandGateway.sendAndWait(command);
        }
    }

    /** Given: events appended to an aggregate's stream as they are, after whatever it already holds. */
    public void givenEvents(Class<?> aggregateType, String aggregateId, Object... payloads) {
        long next = eventStore.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
        for (Object payload : payloads) {
            eventStore.publish(new GenericDomainEventMessage<>(aggregateType.getSimpleName(), aggregateId, next++,
                    payload));
        }
    }

    /** When: the command is sent; the outcome holds its result or failure and every event it appended, in order. */
    public Then when(Object command) {
        int before = allEvents().size();
        Object result = null;
        Throwable failure = null;
        try {
            result = commandGateway.sendAndWait(command);
        } catch (Exception e) {
            failure = e;
        }
        return new Then(result, failure, appendedSince(before));
    }

    private List<Object> appendedSince(int before) {
        List<EventMessage<?>> all = allEvents();
        return all.subList(before, all.size()).stream().<Object>map(EventMessage::getPayload).toList();
    }

    public List<Object> stream(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().<Object>map(EventMessage::getPayload).toList();
    }

    public List<EventMessage<?>> allEvents() {
        return storage.readEvents(null, false).<EventMessage<?>>map(e -> e).toList();
    }

    public record Then(Object result, Throwable failure, List<Object> appended) {

        public Then expectResult(Object expected) {
            assertThat(failure).as("failure").isNull();
            assertThat(result).isEqualTo(expected);
            return this;
        }

        public <X extends Throwable> Then expectException(Class<X> type, java.util.function.Consumer<X> check) {
            if (failure == null) {
                fail("expected " + type.getSimpleName() + " but the command returned " + result);
            }
            assertThat(failure).isInstanceOf(type);
            check.accept(type.cast(failure));
            return this;
        }

        public Then expectException(Class<? extends Throwable> type, String message) {
            return expectException(type, e -> assertThat(e).hasMessage(message));
        }

        public Then expectEvents(Object... expected) {
            assertThat(failure).as("failure").isNull();
            assertThat(appended).containsExactly(expected);
            return this;
        }

        public Then expectEventTypes(Class<?>... expected) {
            assertThat(failure).as("failure").isNull();
            assertThat(appended.stream().<Class<?>>map(Object::getClass).toList()).containsExactly(expected);
            return this;
        }

        public Then expectNoEvents() {
            assertThat(appended).isEmpty();
            return this;
        }

        /** A refused command fails with {@code type} and appends nothing: the aggregate is left as it was. */
        public Then expectRefused(Class<? extends Throwable> type) {
            return expectException(type, e -> { }).expectNoEvents();
        }

        @SuppressWarnings("unchecked")
        public <E> E event(Class<E> type) {
            return (E) appended.stream().filter(type::isInstance).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + appended));
        }
    }
}
