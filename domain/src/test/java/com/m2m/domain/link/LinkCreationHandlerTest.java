package com.m2m.domain.link;

import com.m2m.domain.common.ActiveLinkExistsException;
import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.ReferenceIdMismatchException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.DataRequestAnswer;
import com.m2m.domain.user.DataRequestFulfilledEvent;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.FulfilDataRequestCommand;
import com.m2m.domain.user.CipRequirements;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.FieldUpdateIgnoredEvent;
import com.m2m.domain.user.MergeUserDataCommand;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.User;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static com.m2m.domain.user.FieldSource.PARTNER_API;
import static com.m2m.domain.user.FieldSource.PARTNER_WEBHOOK;
import static com.m2m.domain.user.FieldSource.WIDGET;
import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserField.ID_NUMBER;
import static com.m2m.domain.user.UserField.ID_TYPE;
import static com.m2m.domain.user.UserField.LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link LinkCreationHandler} touches two aggregates (the user and a new link) in one unit of work, so it runs on
 * real Axon infrastructure in memory: a {@link SimpleCommandBus}, an {@link EmbeddedEventStore}, event-sourcing
 * repositories for {@link User} and {@link Link}, and the aggregates' own command handlers.
 * <p>
 * The wiring is what {@code DefaultConfigurer.defaultConfiguration().configureEmbeddedEventStore(..)
 * .configureAggregate(User.class).configureAggregate(Link.class).registerCommandHandler(..)} builds, done by hand
 * because {@code axon-configuration} is not on the domain module's test classpath.
 * <p>
 * The storage engine is Axon's in-memory one with one addition: like the JDBC engine the application runs on (its
 * primary key on aggregate id + sequence number), it refuses a second event at an aggregate sequence number already
 * taken, with {@link AggregateStreamCreationException} for sequence 0 and {@link ConcurrencyException} otherwise.
 * The plain {@link InMemoryEventStorageEngine} accepts duplicates, which would hide the race the handler relies on
 * the store to settle.
 */
class LinkCreationHandlerTest {

    private static final String PARTNER = "acme";
    private static final Environment ENV = Environment.SANDBOX;
    private static final String REF = "user_12345";
    private static final String USER_ID = Identifiers.userId(PARTNER, ENV, REF);
    private static final Duration LIFETIME = Duration.ofMinutes(60);
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final LinkOptions OPTIONS = new LinkOptions(Map.of("orderId", "A-1"), null, "dark", "es", null);
    private static final Set<UserField> DEFAULT = CipRequirements.DEFAULT_REQUIRED;
    private static final List<UserField> ALL_REQUIRED = DEFAULT.stream().sorted().toList();
    private static final Map<UserField, String> IDENTITY = identity();

    private UniqueSequenceEventStorageEngine storage;
    private EmbeddedEventStore eventStore;
    private CommandGateway commandGateway;

    @BeforeEach
    void startAxon() {
        storage = new UniqueSequenceEventStorageEngine();
        eventStore = EmbeddedEventStore.builder().storageEngine(storage).build();
        EventSourcingRepository<User> users = EventSourcingRepository.builder(User.class).eventStore(eventStore).build();
        EventSourcingRepository<Link> links = EventSourcingRepository.builder(Link.class).eventStore(eventStore).build();
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        AggregateAnnotationCommandHandler.<User>builder().aggregateType(User.class).repository(users).build()
                .subscribe(commandBus);
        AggregateAnnotationCommandHandler.<Link>builder().aggregateType(Link.class).repository(links).build()
                .subscribe(commandBus);
        new AnnotationCommandHandlerAdapter<>(new LinkCreationHandler(users, links)).subscribe(commandBus);
        commandGateway = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @AfterEach
    void stopAxon() {
        eventStore.shutDown();
    }

    // ---------------------------------------------------------------- first link

    @Test
    void theFirstLinkForANewReferenceIdCreatesTheUser() {
        when(createLink("link_acme_000000000001", IDENTITY, T0))
                .expectResult(new LinkCreationResult("link_acme_000000000001", USER_ID, UserStatus.DATA_COMPLETE,
                        T0, T0.plus(LIFETIME)))
                .expectEventTypes(UserCreatedEvent.class,
                        FieldMergedEvent.class, FieldMergedEvent.class, FieldMergedEvent.class, FieldMergedEvent.class,
                        FieldMergedEvent.class, FieldMergedEvent.class, FieldMergedEvent.class,
                        UserStatusChangedEvent.class, ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);

        List<Object> expectedUserStream = new ArrayList<>();
        expectedUserStream.add(new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, ALL_REQUIRED, T0));
        IDENTITY.forEach((field, value) -> expectedUserStream.add(
                new FieldMergedEvent(USER_ID, field, PARTNER_API, new PersonalData(value), null, T0)));
        expectedUserStream.add(new UserStatusChangedEvent(USER_ID, UserStatus.PENDING, UserStatus.DATA_COMPLETE,
                List.of(), T0));
        expectedUserStream.add(new ActiveLinkAssignedEvent(USER_ID, "link_acme_000000000001", T0.plus(LIFETIME), T0));
        assertThat(stream(USER_ID)).containsExactlyElementsOf(expectedUserStream);

        assertThat(stream("link_acme_000000000001")).containsExactly(new LinkCreatedEvent("link_acme_000000000001",
                USER_ID, PARTNER, ENV, REF, tokenHash("link_acme_000000000001"), OPTIONS, T0.plus(LIFETIME), T0));
    }

    @Test
    void theFirstLinkWithPartialDataLeavesTheUserDataIncomplete() {
        when(createLink("link_acme_000000000001", Map.of(FIRST_NAME, "Juan", DOB, "1990-01-15"), T0))
                .expectResult(new LinkCreationResult("link_acme_000000000001", USER_ID, UserStatus.DATA_INCOMPLETE,
                        T0, T0.plus(LIFETIME)))
                .expectEvents(
                        new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, ALL_REQUIRED, T0),
                        merged(FIRST_NAME, PARTNER_API, "Juan", null, T0),
                        merged(DOB, PARTNER_API, "1990-01-15", null, T0),
                        new UserStatusChangedEvent(USER_ID, UserStatus.PENDING, UserStatus.DATA_INCOMPLETE,
                                List.of(SECOND_NAME, LAST_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE), T0),
                        assigned("link_acme_000000000001", T0),
                        linkCreated("link_acme_000000000001", T0));
    }

    @Test
    void theFirstLinkWithoutDataLeavesTheUserPending() {
        when(createLink("link_acme_000000000001", Map.of(), T0))
                .expectResult(new LinkCreationResult("link_acme_000000000001", USER_ID, UserStatus.PENDING, T0,
                        T0.plus(LIFETIME)))
                .expectEvents(
                        new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, ALL_REQUIRED, T0),
                        assigned("link_acme_000000000001", T0),
                        linkCreated("link_acme_000000000001", T0));
    }

    @Test
    void thePartnersRequiredSetDecidesTheStatus() {
        when(createLink("link_acme_000000000001", PARTNER, ENV, REF, Map.of(FIRST_NAME, "Juan"), Set.of(FIRST_NAME),
                T0))
                .expectResult(new LinkCreationResult("link_acme_000000000001", USER_ID, UserStatus.DATA_COMPLETE, T0,
                        T0.plus(LIFETIME)))
                .expectEvents(
                        new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, List.of(FIRST_NAME), T0),
                        merged(FIRST_NAME, PARTNER_API, "Juan", null, T0),
                        new UserStatusChangedEvent(USER_ID, UserStatus.PENDING, UserStatus.DATA_COMPLETE, List.of(),
                                T0),
                        assigned("link_acme_000000000001", T0),
                        linkCreated("link_acme_000000000001", T0));
    }

    // ---------------------------------------------------------------- one active link

    @Test
    void aSecondLinkWhileTheFirstIsActiveIsRefusedAndAppendsNothing() {
        given(createLink("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), T0));

        when(createLink("link_acme_000000000002", Map.of(FIRST_NAME, "Pedro", DOB, "1990-01-15"),
                T0.plus(Duration.ofMinutes(5))))
                .expectException(ActiveLinkExistsException.class,
                        e -> assertThat(e.existingLinkId()).isEqualTo("link_acme_000000000001"))
                .expectNoEvents();

        assertThat(stream("link_acme_000000000002")).isEmpty();
        assertThat(stream(USER_ID)).filteredOn(FieldMergedEvent.class::isInstance).hasSize(1);
    }

    @Test
    void aSecondLinkOneMillisecondBeforeExpiryIsStillRefused() {
        given(createLink("link_acme_000000000001", Map.of(), T0));

        when(createLink("link_acme_000000000002", Map.of(), T0.plus(LIFETIME).minusMillis(1)))
                .expectException(ActiveLinkExistsException.class,
                        e -> assertThat(e.existingLinkId()).isEqualTo("link_acme_000000000001"))
                .expectNoEvents();
    }

    @Test
    void afterARevokeTheNextLinkIsCreated() {
        Instant revokedAt = T0.plus(Duration.ofMinutes(5));
        Instant later = T0.plus(Duration.ofMinutes(10));
        given(createLink("link_acme_000000000001", IDENTITY, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, "customer_request", revokedAt));

        when(createLink("link_acme_000000000002", Map.of(), later))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, UserStatus.DATA_COMPLETE,
                        later, later.plus(LIFETIME)))
                .expectEvents(assigned("link_acme_000000000002", later), linkCreated("link_acme_000000000002", later));

        assertThat(stream("link_acme_000000000001")).extracting(Object::getClass)
                .containsExactly(LinkCreatedEvent.class, LinkRevokedEvent.class);
    }

    @Test
    void afterTheFirstLinkRanOutTheNextLinkIsCreatedAndTheOldOneExpiresInTheSameCommand() {
        Instant later = T0.plus(LIFETIME).plus(Duration.ofMinutes(1));
        given(createLink("link_acme_000000000001", Map.of(), T0));

        when(createLink("link_acme_000000000002", Map.of(), later))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, UserStatus.PENDING, later,
                        later.plus(LIFETIME)))
                .expectEvents(
                        new LinkExpiredEvent("link_acme_000000000001", USER_ID, PARTNER, ENV, REF, T0.plus(LIFETIME),
                                later),
                        assigned("link_acme_000000000002", later),
                        linkCreated("link_acme_000000000002", later));
    }

    @Test
    void atExactlyExpiresAtTheOldLinkExpiresAndTheNextIsCreated() {
        Instant expiry = T0.plus(LIFETIME);
        given(createLink("link_acme_000000000001", Map.of(), T0));

        when(createLink("link_acme_000000000002", Map.of(), expiry))
                .expectEventTypes(LinkExpiredEvent.class, ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);
    }

    @Test
    void anAlreadyExpiredOldLinkIsNotExpiredTwice() {
        Instant revokeAttempt = T0.plus(LIFETIME).plus(Duration.ofMinutes(1));
        Instant later = T0.plus(LIFETIME).plus(Duration.ofMinutes(2));
        // The revoke finds the link out of time and records its expiry instead.
        given(createLink("link_acme_000000000001", Map.of(), T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, revokeAttempt));

        when(createLink("link_acme_000000000002", Map.of(), later))
                .expectEventTypes(ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);
        assertThat(stream("link_acme_000000000001")).extracting(Object::getClass)
                .containsExactly(LinkCreatedEvent.class, LinkExpiredEvent.class);
    }

    @Test
    void otherUsersAndTheOtherEnvironmentAreNotBlocked() {
        given(createLink("link_acme_000000000001", Map.of(), T0));

        when(createLink("link_acme_000000000002", PARTNER, ENV, "user_67890", Map.of(), T0))
                .expectEventTypes(UserCreatedEvent.class, ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);
        when(createLink("link_acme_000000000003", PARTNER, Environment.LIVE, REF, Map.of(), T0))
                .expectEventTypes(UserCreatedEvent.class, ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);

        assertThat(Identifiers.userId(PARTNER, Environment.LIVE, REF)).isNotEqualTo(USER_ID);
    }

    // ---------------------------------------------------------------- userData on later links

    @Test
    void userDataOnASecondLinkMergesUnderPrecedence() {
        Instant t1 = T0.plus(Duration.ofMinutes(1));
        Instant t2 = T0.plus(Duration.ofMinutes(2));
        Instant later = T0.plus(Duration.ofMinutes(10));
        given(createLink("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), T0),
                mergeCommand(Map.of(LAST_NAME, "Perez", DOB, "1990-01-15"), WIDGET, t1),
                mergeCommand(Map.of(ID_NUMBER, "ABC123456", FIRST_NAME, "Juanito"), PARTNER_WEBHOOK, t2),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, t2));
        // The webhook's firstName lost to partner_api.
        assertThat(stream(USER_ID)).filteredOn(FieldUpdateIgnoredEvent.class::isInstance)
                .hasSize(1);

        when(createLink("link_acme_000000000002", Map.of(
                FIRST_NAME, "Juan",          // identical, same source: nothing
                LAST_NAME, "Lopez",          // replaces widget
                ID_NUMBER, "XYZ987654",      // replaces partner_webhook
                SECOND_NAME, "Carlos"), later))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, UserStatus.DATA_INCOMPLETE,
                        later, later.plus(LIFETIME)))
                .expectEvents(
                        merged(SECOND_NAME, PARTNER_API, "Carlos", null, later),
                        merged(LAST_NAME, PARTNER_API, "Lopez", WIDGET, later),
                        merged(ID_NUMBER, PARTNER_API, "XYZ987654", PARTNER_WEBHOOK, later),
                        new UserStatusChangedEvent(USER_ID, UserStatus.DATA_INCOMPLETE, UserStatus.DATA_INCOMPLETE,
                                List.of(SECOND_LAST_NAME, ID_TYPE), later),
                        assigned("link_acme_000000000002", later),
                        linkCreated("link_acme_000000000002", later));
    }

    @Test
    void aVerifiedUserStaysVerifiedOnANewLinkWithTheSameData() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        given(createLink("link_acme_000000000001", IDENTITY, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plus(Duration.ofMinutes(5))));
        givenUserEvents(
                new UserStatusChangedEvent(USER_ID, UserStatus.DATA_COMPLETE, UserStatus.CIP_PENDING, List.of(), T0),
                new UserStatusChangedEvent(USER_ID, UserStatus.CIP_PENDING, UserStatus.CIP_VERIFIED, List.of(), T0));

        when(createLink("link_acme_000000000002", IDENTITY, later))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, UserStatus.CIP_VERIFIED,
                        later, later.plus(LIFETIME)))
                .expectEvents(assigned("link_acme_000000000002", later), linkCreated("link_acme_000000000002", later));
    }

    @Test
    void aVerifiedUserWhoseIdentityChangesOnANewLinkGoesBackToDataComplete() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        given(createLink("link_acme_000000000001", IDENTITY, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plus(Duration.ofMinutes(5))));
        givenUserEvents(
                new UserStatusChangedEvent(USER_ID, UserStatus.DATA_COMPLETE, UserStatus.CIP_VERIFIED, List.of(), T0));

        when(createLink("link_acme_000000000002", Map.of(DOB, "1991-02-03"), later))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, UserStatus.DATA_COMPLETE,
                        later, later.plus(LIFETIME)))
                .expectEvents(
                        merged(DOB, PARTNER_API, "1991-02-03", PARTNER_API, later),
                        new UserStatusChangedEvent(USER_ID, UserStatus.CIP_VERIFIED, UserStatus.DATA_COMPLETE,
                                List.of(), later),
                        assigned("link_acme_000000000002", later),
                        linkCreated("link_acme_000000000002", later));
    }

    // ---------------------------------------------------------------- data requests

    @Test
    void withDataRequestsEnabledAnIncompleteUserGetsARequestForTheMissingFieldsAfterTheLink() {
        // The seed's journey: the first link carries the name only.
        Map<UserField, String> nameOnly = Map.of(FIRST_NAME, "Juan", LAST_NAME, "Garcia");
        List<UserField> missing = List.of(SECOND_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE, DOB);

        when(createLinkWithDataRequest("link_acme_000000000001", nameOnly, DEFAULT, T0))
                .expectResult(new LinkCreationResult("link_acme_000000000001", USER_ID, UserStatus.DATA_INCOMPLETE,
                        T0, T0.plus(LIFETIME)))
                .expectEvents(
                        new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, ALL_REQUIRED, T0),
                        merged(FIRST_NAME, PARTNER_API, "Juan", null, T0),
                        merged(LAST_NAME, PARTNER_API, "Garcia", null, T0),
                        new UserStatusChangedEvent(USER_ID, UserStatus.PENDING, UserStatus.DATA_INCOMPLETE, missing,
                                T0),
                        assigned("link_acme_000000000001", T0),
                        linkCreated("link_acme_000000000001", T0),
                        new DataRequestOpenedEvent(USER_ID, dataRequestId("link_acme_000000000001"),
                                "link_acme_000000000001", PARTNER, ENV, REF, missing, T0.plus(LIFETIME), T0));

        // The request is on the user's stream, after the link's creation on the link's own stream.
        assertThat(stream(USER_ID)).last().isInstanceOf(DataRequestOpenedEvent.class);
        assertThat(stream("link_acme_000000000001")).containsExactly(linkCreated("link_acme_000000000001", T0));
        List<EventMessage<?>> all = allEvents();
        int linkCreatedAt = indexOf(all, LinkCreatedEvent.class);
        int requestOpenedAt = indexOf(all, DataRequestOpenedEvent.class);
        assertThat(linkCreatedAt).isNotNegative().isLessThan(requestOpenedAt);
        DomainEventMessage<?> opened = (DomainEventMessage<?>) all.get(requestOpenedAt);
        assertThat(opened.getAggregateIdentifier()).isEqualTo(USER_ID);
        assertThat(opened.getSequenceNumber()).isEqualTo(5L);
        assertThat(((DomainEventMessage<?>) all.get(linkCreatedAt)).getAggregateIdentifier())
                .isEqualTo("link_acme_000000000001");
    }

    @Test
    void withDataRequestsDisabledAnIncompleteUserGetsNoRequest() {
        when(createLink("link_acme_000000000001", Map.of(FIRST_NAME, "Juan", LAST_NAME, "Garcia"), T0))
                .expectEventTypes(UserCreatedEvent.class, FieldMergedEvent.class, FieldMergedEvent.class,
                        UserStatusChangedEvent.class, ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);
        assertThat(allEvents()).noneMatch(e -> e.getPayload() instanceof DataRequestOpenedEvent);
    }

    @Test
    void withDataRequestsDisabledANewUserWithoutDataGetsNoRequest() {
        when(createLink("link_acme_000000000001", Map.of(), T0))
                .expectEventTypes(UserCreatedEvent.class, ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);
    }

    @Test
    void aDataCompleteUserGetsNoRequest() {
        when(createLinkWithDataRequest("link_acme_000000000001", IDENTITY, DEFAULT, T0))
                .expectResult(new LinkCreationResult("link_acme_000000000001", USER_ID, UserStatus.DATA_COMPLETE,
                        T0, T0.plus(LIFETIME)));
        assertThat(allEvents()).noneMatch(e -> e.getPayload() instanceof DataRequestOpenedEvent);
    }

    @Test
    void anExistingDataCompleteUserGetsNoRequestOnALaterLink() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        given(createLink("link_acme_000000000001", IDENTITY, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plus(Duration.ofMinutes(5))));

        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(), DEFAULT, later))
                .expectEvents(assigned("link_acme_000000000002", later), linkCreated("link_acme_000000000002", later));
    }

    @Test
    void aVerifiedUserGetsNoRequest() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        given(createLink("link_acme_000000000001", IDENTITY, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plus(Duration.ofMinutes(5))));
        givenUserEvents(
                new UserStatusChangedEvent(USER_ID, UserStatus.DATA_COMPLETE, UserStatus.CIP_VERIFIED, List.of(), T0));

        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(), DEFAULT, later))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, UserStatus.CIP_VERIFIED,
                        later, later.plus(LIFETIME)))
                .expectEvents(assigned("link_acme_000000000002", later), linkCreated("link_acme_000000000002", later));
    }

    @ParameterizedTest
    @EnumSource(value = UserStatus.class, names = {"CIP_PENDING", "CIP_VERIFIED", "CIP_FAILED"})
    void aUserInVerificationGetsNoRequestEvenWhenThePartnersRequiredSetGrew(UserStatus verificationStage) {
        // The partner now also requires paymentMethod: something is missing, yet a user being or having been
        // verified is never asked.
        Instant later = T0.plus(Duration.ofMinutes(10));
        Set<UserField> grown = new HashSet<>(DEFAULT);
        grown.add(UserField.PAYMENT_METHOD);
        given(createLink("link_acme_000000000001", IDENTITY, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plus(Duration.ofMinutes(5))));
        givenUserEvents(
                new UserStatusChangedEvent(USER_ID, UserStatus.DATA_COMPLETE, verificationStage, List.of(), T0));

        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(), grown, later))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, verificationStage,
                        later, later.plus(LIFETIME)))
                .expectEvents(
                        new UserStatusChangedEvent(USER_ID, verificationStage, verificationStage,
                                List.of(UserField.PAYMENT_METHOD), later),
                        assigned("link_acme_000000000002", later),
                        linkCreated("link_acme_000000000002", later));
    }

    @Test
    void aNewUserWithoutDataGetsARequestForEveryRequiredField() {
        when(createLinkWithDataRequest("link_acme_000000000001", Map.of(), DEFAULT, T0))
                .expectResult(new LinkCreationResult("link_acme_000000000001", USER_ID, UserStatus.PENDING, T0,
                        T0.plus(LIFETIME)))
                .expectEvents(
                        new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, ALL_REQUIRED, T0),
                        assigned("link_acme_000000000001", T0),
                        linkCreated("link_acme_000000000001", T0),
                        new DataRequestOpenedEvent(USER_ID, dataRequestId("link_acme_000000000001"),
                                "link_acme_000000000001", PARTNER, ENV, REF, ALL_REQUIRED, T0.plus(LIFETIME), T0));
    }

    @Test
    void theRequestAsksForThePartnersRequiredSet() {
        Set<UserField> required = Set.of(FIRST_NAME, DOB, ID_NUMBER);
        when(createLinkWithDataRequest("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), required, T0))
                .expectEvents(
                        new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, List.of(FIRST_NAME, ID_NUMBER, DOB), T0),
                        merged(FIRST_NAME, PARTNER_API, "Juan", null, T0),
                        new UserStatusChangedEvent(USER_ID, UserStatus.PENDING, UserStatus.DATA_INCOMPLETE,
                                List.of(ID_NUMBER, DOB), T0),
                        assigned("link_acme_000000000001", T0),
                        linkCreated("link_acme_000000000001", T0),
                        new DataRequestOpenedEvent(USER_ID, dataRequestId("link_acme_000000000001"),
                                "link_acme_000000000001", PARTNER, ENV, REF, List.of(ID_NUMBER, DOB),
                                T0.plus(LIFETIME), T0));
    }

    @Test
    void aRefusedLinkOpensNoRequest() {
        given(createLink("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), T0));

        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(), DEFAULT, T0.plus(Duration.ofMinutes(5))))
                .expectException(ActiveLinkExistsException.class, e -> { })
                .expectNoEvents();
    }

    @Test
    void theSeedsJourneyNameOnlyThenRequestThenAnswerGivesDataComplete() {
        Instant answeredAt = T0.plus(Duration.ofMinutes(3));
        String dr = dataRequestId("link_acme_000000000001");
        given(createLinkWithDataRequest("link_acme_000000000001", Map.of(FIRST_NAME, "Juan", LAST_NAME, "Garcia"),
                DEFAULT, T0));

        // The answer repeats firstName differently (loses to partner_api) and brings the five missing fields.
        Map<UserField, String> answer = new EnumMap<>(UserField.class);
        answer.put(FIRST_NAME, "Juanito");
        answer.put(SECOND_NAME, "Carlos");
        answer.put(SECOND_LAST_NAME, "Lopez");
        answer.put(ID_NUMBER, "GALO900515");
        answer.put(ID_TYPE, "passport");
        answer.put(DOB, "1990-05-15");
        when(new FulfilDataRequestCommand(USER_ID, dr, REF, UserData.of(answer), DEFAULT, answeredAt))
                .expectResult(new DataRequestAnswer(dr, DataRequestStatus.FULFILLED, "link_acme_000000000001",
                        answeredAt, List.of()))
                .expectEvents(
                        new FieldUpdateIgnoredEvent(USER_ID, FIRST_NAME, PARTNER_WEBHOOK, new PersonalData("Juanito"),
                                PARTNER_API, FieldUpdateIgnoredEvent.LOWER_PRIORITY_SOURCE, answeredAt),
                        merged(SECOND_NAME, PARTNER_WEBHOOK, "Carlos", null, answeredAt),
                        merged(SECOND_LAST_NAME, PARTNER_WEBHOOK, "Lopez", null, answeredAt),
                        merged(ID_NUMBER, PARTNER_WEBHOOK, "GALO900515", null, answeredAt),
                        merged(ID_TYPE, PARTNER_WEBHOOK, "passport", null, answeredAt),
                        merged(DOB, PARTNER_WEBHOOK, "1990-05-15", null, answeredAt),
                        new UserStatusChangedEvent(USER_ID, UserStatus.DATA_INCOMPLETE, UserStatus.DATA_COMPLETE,
                                List.of(), answeredAt),
                        new DataRequestFulfilledEvent(USER_ID, dr, "link_acme_000000000001", PARTNER_WEBHOOK,
                                answeredAt));

        // Who wrote what, as the precedence table says: the name from partner_api, the rest from partner_webhook.
        Map<UserField, FieldSource> writers = new EnumMap<>(UserField.class);
        stream(USER_ID).stream().filter(FieldMergedEvent.class::isInstance).map(FieldMergedEvent.class::cast)
                .forEach(e -> writers.put(e.field(), e.source()));
        assertThat(writers).containsExactlyInAnyOrderEntriesOf(Map.of(
                FIRST_NAME, PARTNER_API, LAST_NAME, PARTNER_API,
                SECOND_NAME, PARTNER_WEBHOOK, SECOND_LAST_NAME, PARTNER_WEBHOOK, ID_NUMBER, PARTNER_WEBHOOK,
                ID_TYPE, PARTNER_WEBHOOK, DOB, PARTNER_WEBHOOK));

        // Answered twice with the same missing data: idempotent.
        Map<UserField, String> again = new EnumMap<>(answer);
        again.remove(FIRST_NAME);
        when(new FulfilDataRequestCommand(USER_ID, dr, REF, UserData.of(again), DEFAULT,
                answeredAt.plus(Duration.ofMinutes(1))))
                .expectResult(new DataRequestAnswer(dr, DataRequestStatus.FULFILLED, "link_acme_000000000001",
                        answeredAt, List.of()))
                .expectEvents();

        // The next link for this user is data_complete and asks for nothing.
        Instant later = T0.plus(Duration.ofMinutes(10));
        given(new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, later));
        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(), DEFAULT, later))
                .expectResult(new LinkCreationResult("link_acme_000000000002", USER_ID, UserStatus.DATA_COMPLETE,
                        later, later.plus(LIFETIME)))
                .expectEvents(assigned("link_acme_000000000002", later), linkCreated("link_acme_000000000002", later));
    }

    @Test
    void anAnswerThroughTheCommandBusIsRefusedForAnotherReferenceIdAndAfterExpiry() {
        String dr = dataRequestId("link_acme_000000000001");
        given(createLinkWithDataRequest("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), DEFAULT, T0));
        UserData data = UserData.of(Map.of(DOB, "1990-05-15"));

        when(new FulfilDataRequestCommand(USER_ID, dr, "user_67890", data, DEFAULT, T0.plusSeconds(1)))
                .expectException(ReferenceIdMismatchException.class, e -> { })
                .expectNoEvents();
        when(new FulfilDataRequestCommand(USER_ID, dr, REF, data, DEFAULT, T0.plus(LIFETIME)))
                .expectException(LinkExpiredException.class, e -> { })
                .expectNoEvents();
        when(new FulfilDataRequestCommand(USER_ID, "dr_acme_ffffffffffff", REF, data, DEFAULT, T0.plusSeconds(1)))
                .expectException(ResourceNotFoundException.class, e -> { })
                .expectNoEvents();
    }

    @Test
    void aLaterLinkWhoseUserDataCompletesTheUserClosesTheStillOpenRequestAsPartnerApi() {
        // The first link was revoked before its request expired; the second brings everything.
        Instant later = T0.plus(Duration.ofMinutes(10));
        String firstRequest = dataRequestId("link_acme_000000000001");
        given(createLinkWithDataRequest("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), DEFAULT, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plus(Duration.ofMinutes(5))));
        List<Object> expected = new ArrayList<>();
        IDENTITY.forEach((field, value) -> {
            if (field != FIRST_NAME) {
                expected.add(merged(field, PARTNER_API, value, null, later));
            }
        });
        expected.add(new UserStatusChangedEvent(USER_ID, UserStatus.DATA_INCOMPLETE, UserStatus.DATA_COMPLETE,
                List.of(), later));
        expected.add(new DataRequestFulfilledEvent(USER_ID, firstRequest, "link_acme_000000000001", PARTNER_API,
                later));
        expected.add(assigned("link_acme_000000000002", later));
        expected.add(linkCreated("link_acme_000000000002", later));

        when(createLinkWithDataRequest("link_acme_000000000002", IDENTITY, DEFAULT, later))
                .expectEvents(expected.toArray());
    }

    @Test
    void aLaterIncompleteLinkOpensANewRequestForItself() {
        Instant later = T0.plus(LIFETIME).plus(Duration.ofMinutes(1));
        given(createLinkWithDataRequest("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), DEFAULT, T0));

        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(DOB, "1990-05-15"), DEFAULT, later))
                .expectEvents(
                        new LinkExpiredEvent("link_acme_000000000001", USER_ID, PARTNER, ENV, REF, T0.plus(LIFETIME),
                                later),
                        merged(DOB, PARTNER_API, "1990-05-15", null, later),
                        new UserStatusChangedEvent(USER_ID, UserStatus.DATA_INCOMPLETE, UserStatus.DATA_INCOMPLETE,
                                List.of(SECOND_NAME, LAST_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE), later),
                        assigned("link_acme_000000000002", later),
                        linkCreated("link_acme_000000000002", later),
                        new DataRequestOpenedEvent(USER_ID, dataRequestId("link_acme_000000000002"),
                                "link_acme_000000000002", PARTNER, ENV, REF,
                                List.of(SECOND_NAME, LAST_NAME, SECOND_LAST_NAME, ID_NUMBER, ID_TYPE),
                                later.plus(LIFETIME), later));
    }

    private static int indexOf(List<EventMessage<?>> events, Class<?> payloadType) {
        for (int i = 0; i < events.size(); i++) {
            if (payloadType.isInstance(events.get(i).getPayload())) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- concurrency

    @RepeatedTest(5)
    void concurrentFirstLinksForOneNewUserLetExactlyOneWin() throws Exception {
        ConcurrentOutcome outcome = race(24, T0);

        assertThat(outcome.unexpected).as("failures that are neither conflicts nor success").isEmpty();
        assertThat(outcome.successes).hasSize(1);
        assertThat(outcome.conflicts).isEqualTo(23);
        assertOneActiveLink(outcome.successes.get(0));
        assertThat(stream(USER_ID)).filteredOn(UserCreatedEvent.class::isInstance).hasSize(1);
    }

    @RepeatedTest(5)
    void concurrentLinksForOneExistingUserLetExactlyOneWin() throws Exception {
        given(createLink("link_acme_000000000000", Map.of(), T0),
                new RevokeLinkCommand("link_acme_000000000000", PARTNER, ENV, null, T0.plusSeconds(1)));

        ConcurrentOutcome outcome = race(24, T0.plusSeconds(2));

        assertThat(outcome.unexpected).as("failures that are neither conflicts nor success").isEmpty();
        assertThat(outcome.successes).hasSize(1);
        assertThat(outcome.conflicts).isEqualTo(23);
        List<Object> assignments = stream(USER_ID).stream().filter(ActiveLinkAssignedEvent.class::isInstance).toList();
        assertThat(assignments).hasSize(2);
        assertThat(((ActiveLinkAssignedEvent) assignments.get(1)).linkId()).isEqualTo(outcome.successes.get(0));
    }

    private void assertOneActiveLink(String winner) {
        List<Object> assignments = stream(USER_ID).stream().filter(ActiveLinkAssignedEvent.class::isInstance).toList();
        assertThat(assignments).hasSize(1);
        assertThat(((ActiveLinkAssignedEvent) assignments.get(0)).linkId()).isEqualTo(winner);
        assertThat(allEvents()).filteredOn(e -> e.getPayload() instanceof LinkCreatedEvent)
                .extracting(e -> ((LinkCreatedEvent) e.getPayload()).linkId())
                .containsExactly(winner);
    }

    private ConcurrentOutcome race(int threads, Instant at) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 1; i <= threads; i++) {
                String linkId = "link_acme_%012d".formatted(100 + i);
                Callable<String> task = () -> {
                    ready.countDown();
                    go.await();
                    commandGateway.sendAndWait(createLink(linkId, IDENTITY, at));
                    return linkId;
                };
                futures.add(pool.submit(task));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            ConcurrentOutcome outcome = new ConcurrentOutcome();
            for (Future<String> future : futures) {
                try {
                    outcome.successes.add(future.get(30, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    if (isConflict(e.getCause())) {
                        outcome.conflicts++;
                    } else {
                        outcome.unexpected.add(e.getCause());
                    }
                }
            }
            return outcome;
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ActiveLinkExistsException || t instanceof ConcurrencyException
                    || t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }

    private static final class ConcurrentOutcome {
        final List<String> successes = new ArrayList<>();
        final List<Throwable> unexpected = new ArrayList<>();
        int conflicts;
    }

    // ---------------------------------------------------------------- given / when / expect

    /** Given: commands already handled, in order (each must succeed). */
    private void given(Object... commands) {
        for (Object command : commands) {
            commandGateway.sendAndWait(command);
        }
    }

    /** Given: events appended to the user's stream as they are, after whatever it already holds. */
    private void givenUserEvents(Object... payloads) {
        long next = eventStore.lastSequenceNumberFor(USER_ID).map(last -> last + 1).orElse(0L);
        for (Object payload : payloads) {
            eventStore.publish(new GenericDomainEventMessage<>("User", USER_ID, next++, payload));
        }
    }

    /** When: the command is sent; the outcome holds its result or failure and every event it appended, in order. */
    private Then when(Object command) {
        int before = allEvents().size();
        Object result = null;
        Throwable failure = null;
        try {
            result = commandGateway.sendAndWait(command);
        } catch (Exception e) {
            failure = e;
        }
        List<EventMessage<?>> all = allEvents();
        List<Object> appended = all.subList(before, all.size()).stream().<Object>map(EventMessage::getPayload).toList();
        return new Then(result, failure, appended);
    }

    private record Then(Object result, Throwable failure, List<Object> appended) {

        Then expectResult(Object expected) {
            assertThat(failure).as("command failure").isNull();
            assertThat(result).isEqualTo(expected);
            return this;
        }

        <X extends Throwable> Then expectException(Class<X> type, Consumer<X> check) {
            if (failure == null) {
                fail("expected " + type.getSimpleName() + " but the command returned " + result);
            }
            assertThat(failure).isInstanceOf(type);
            check.accept(type.cast(failure));
            return this;
        }

        Then expectEvents(Object... expected) {
            assertThat(failure).as("command failure").isNull();
            assertThat(appended).containsExactly(expected);
            return this;
        }

        Then expectEventTypes(Class<?>... expected) {
            assertThat(failure).as("command failure").isNull();
            assertThat(appended.stream().<Class<?>>map(Object::getClass).toList()).containsExactly(expected);
            return this;
        }

        Then expectNoEvents() {
            assertThat(appended).isEmpty();
            return this;
        }
    }

    private List<Object> stream(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().<Object>map(EventMessage::getPayload).toList();
    }

    private List<EventMessage<?>> allEvents() {
        return storage.readEvents(null, false).<EventMessage<?>>map(e -> e).toList();
    }

    // ---------------------------------------------------------------- commands and events

    private static CreateLinkCommand createLink(String linkId, Map<UserField, String> data, Instant at) {
        return createLink(linkId, PARTNER, ENV, REF, data, at);
    }

    private static CreateLinkCommand createLink(String linkId, String partnerId, Environment environment,
                                                String referenceId, Map<UserField, String> data, Instant at) {
        return createLink(linkId, partnerId, environment, referenceId, data, DEFAULT, at);
    }

    /** A CreateLinkCommand without a data request (the partner has no webhook target). */
    private static CreateLinkCommand createLink(String linkId, String partnerId, Environment environment,
                                                String referenceId, Map<UserField, String> data,
                                                Set<UserField> required, Instant at) {
        return new CreateLinkCommand(linkId, Identifiers.userId(partnerId, environment, referenceId), partnerId,
                environment, referenceId, UserData.of(data), required, tokenHash(linkId), OPTIONS, at.plus(LIFETIME),
                at, null, false);
    }

    /** A CreateLinkCommand for a partner with a webhook target: a data request opens if data is missing. */
    private static CreateLinkCommand createLinkWithDataRequest(String linkId, Map<UserField, String> data,
                                                               Set<UserField> required, Instant at) {
        return new CreateLinkCommand(linkId, USER_ID, PARTNER, ENV, REF, UserData.of(data), required,
                tokenHash(linkId), OPTIONS, at.plus(LIFETIME), at, dataRequestId(linkId), true);
    }

    /** The data request id paired with a link in these tests: {@code dr_acme_} + the link's 12 hex. */
    private static String dataRequestId(String linkId) {
        return "dr_" + PARTNER + "_" + linkId.substring(linkId.lastIndexOf('_') + 1);
    }

    private static MergeUserDataCommand mergeCommand(Map<UserField, String> data, FieldSource source, Instant at) {
        return new MergeUserDataCommand(USER_ID, UserData.of(data), source, DEFAULT, at);
    }

    private static String tokenHash(String linkId) {
        return Identifiers.sha256Hex("token-of-" + linkId);
    }

    private static FieldMergedEvent merged(UserField field, FieldSource source, String value, FieldSource previous,
                                           Instant at) {
        return new FieldMergedEvent(USER_ID, field, source, new PersonalData(value), previous, at);
    }

    private static ActiveLinkAssignedEvent assigned(String linkId, Instant at) {
        return new ActiveLinkAssignedEvent(USER_ID, linkId, at.plus(LIFETIME), at);
    }

    private static LinkCreatedEvent linkCreated(String linkId, Instant at) {
        return new LinkCreatedEvent(linkId, USER_ID, PARTNER, ENV, REF, tokenHash(linkId), OPTIONS, at.plus(LIFETIME),
                at);
    }

    private static Map<UserField, String> identity() {
        Map<UserField, String> values = new EnumMap<>(UserField.class);
        values.put(FIRST_NAME, "Juan");
        values.put(SECOND_NAME, "Carlos");
        values.put(LAST_NAME, "Perez");
        values.put(SECOND_LAST_NAME, "Gomez");
        values.put(ID_NUMBER, "ABC123456");
        values.put(ID_TYPE, "passport");
        values.put(DOB, "1990-01-15");
        return values;
    }

    /**
     * The in-memory engine with the uniqueness a relational event store gets from its primary key: one event per
     * (aggregate, sequence number). A batch (one unit of work) is accepted or refused whole.
     */
    static final class UniqueSequenceEventStorageEngine extends InMemoryEventStorageEngine {

        private final Set<String> taken = new HashSet<>();

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            List<DomainEventMessage<?>> domainEvents = events.stream()
                    .filter(DomainEventMessage.class::isInstance)
                    .<DomainEventMessage<?>>map(e -> (DomainEventMessage<?>) e)
                    .toList();
            List<String> keys = domainEvents.stream()
                    .map(e -> e.getAggregateIdentifier() + "#" + e.getSequenceNumber()).toList();
            synchronized (taken) {
                Set<String> batch = new HashSet<>();
                for (int i = 0; i < keys.size(); i++) {
                    if (taken.contains(keys.get(i)) || !batch.add(keys.get(i))) {
                        DomainEventMessage<?> event = domainEvents.get(i);
                        String message = "An event for aggregate [%s] at sequence [%d] was already inserted"
                                .formatted(event.getAggregateIdentifier(), event.getSequenceNumber());
                        throw event.getSequenceNumber() == 0
                                ? new AggregateStreamCreationException(message)
                                : new ConcurrencyException(message);
                    }
                }
                taken.addAll(keys);
            }
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().onRollback(u -> {
                    synchronized (taken) {
                        keys.forEach(taken::remove);
                    }
                });
            }
            super.appendEvents(events);
        }
    }
}
