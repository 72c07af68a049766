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
import com.m2m.domain.support.InMemoryAxon;
import com.m2m.domain.support.InMemoryAxon.Then;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.test.deadline.ScheduledDeadlineInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

import static com.m2m.domain.user.UserFixtures.identity;
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

/**
 * {@link LinkCreationHandler} touches two aggregates (the user and a new link) in one unit of work and schedules the
 * link's expiry, so it runs on real Axon infrastructure in memory ({@link InMemoryAxon}): a command bus, an embedded
 * event store whose storage refuses a second event at a taken aggregate sequence number (like the JDBC engine's
 * primary key, which settles the one-active-link race), event-sourcing repositories with the aggregates' own command
 * and deadline handlers, and a deadline manager on simulated time.
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

    @RegisterExtension
    final InMemoryAxon axon = InMemoryAxon.withSimulatedTime(T0);
    private final CommandGateway commandGateway = axon.commandGateway;

    // ---------------------------------------------------------------- first link

    @Test
    void theFirstLinkForANewReferenceIdCreatesTheUser() {
        when(createLink("link_acme_000000000001", IDENTITY, T0))
                .expectResult(firstLinkCreated(UserStatus.DATA_COMPLETE))
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
                .expectResult(firstLinkCreated(UserStatus.DATA_INCOMPLETE))
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
                .expectResult(firstLinkCreated(UserStatus.PENDING))
                .expectEvents(
                        new UserCreatedEvent(USER_ID, PARTNER, ENV, REF, ALL_REQUIRED, T0),
                        assigned("link_acme_000000000001", T0),
                        linkCreated("link_acme_000000000001", T0));
    }

    @Test
    void thePartnersRequiredSetDecidesTheStatus() {
        when(createLink("link_acme_000000000001", PARTNER, ENV, REF, Map.of(FIRST_NAME, "Juan"), Set.of(FIRST_NAME),
                T0))
                .expectResult(firstLinkCreated(UserStatus.DATA_COMPLETE))
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
                .expectResult(secondLinkCreated(UserStatus.DATA_COMPLETE, later))
                .expectEvents(secondLinkAssignedAndCreated(later));

        assertThat(stream("link_acme_000000000001")).extracting(Object::getClass)
                .containsExactly(LinkCreatedEvent.class, LinkRevokedEvent.class);
    }

    @Test
    void afterTheFirstLinkRanOutTheNextLinkIsCreatedAndTheOldOneExpiresInTheSameCommand() {
        Instant later = T0.plus(LIFETIME).plus(Duration.ofMinutes(1));
        given(createLink("link_acme_000000000001", Map.of(), T0));

        when(createLink("link_acme_000000000002", Map.of(), later))
                .expectResult(secondLinkCreated(UserStatus.PENDING, later))
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

    // ---------------------------------------------------------------- expiry deadline

    @Test
    void creatingALinkSchedulesItsExpiryAtExpiresAtOnTheLinksOwnScope() {
        when(createLink("link_acme_000000000001", IDENTITY, T0)).expectEventTypes(UserCreatedEvent.class,
                FieldMergedEvent.class, FieldMergedEvent.class, FieldMergedEvent.class, FieldMergedEvent.class,
                FieldMergedEvent.class, FieldMergedEvent.class, FieldMergedEvent.class,
                UserStatusChangedEvent.class, ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);

        List<ScheduledDeadlineInfo> scheduled = axon.simulatedDeadlines().scheduled();
        assertThat(scheduled).hasSize(1);
        ScheduledDeadlineInfo expiry = scheduled.get(0);
        assertThat(expiry.getDeadlineName()).isEqualTo(Link.EXPIRY_DEADLINE).isEqualTo("link-expiry");
        assertThat(expiry.getScheduleTime()).isEqualTo(T0.plus(LIFETIME));
        assertThat(expiry.getDeadlineScope())
                .isEqualTo(new AggregateScopeDescriptor("Link", "link_acme_000000000001"));
        // The type named is the one the Link repository answers to, or the deadline would reach nobody.
        assertThat(axon.links.canResolve(expiry.getDeadlineScope())).isTrue();
        assertThat(axon.users.canResolve(expiry.getDeadlineScope())).isFalse();
    }

    @Test
    void aRefusedLinkSchedulesNoExpiry() {
        given(createLink("link_acme_000000000001", Map.of(), T0));

        when(createLink("link_acme_000000000002", Map.of(), T0.plus(Duration.ofMinutes(5))))
                .expectException(ActiveLinkExistsException.class, e -> { });

        assertThat(axon.simulatedDeadlines().scheduled()).extracting(d -> d.getDeadlineScope())
                .containsExactly(Link.scope("link_acme_000000000001"));
    }

    @Test
    void atExpiresAtTheDeadlineExpiresTheActiveLinkEvenIfNobodyLooks() {
        given(createLink("link_acme_000000000001", Map.of(), T0));

        Instant before = Instant.now();
        Then then = axon.advanceTimeTo(T0.plus(LIFETIME));
        assertThat(then.failure()).isNull();
        assertThat(then.appended()).hasSize(1);
        LinkExpiredEvent expired = then.event(LinkExpiredEvent.class);
        assertThat(expired).usingRecursiveComparison().ignoringFields("recordedAt").isEqualTo(
                new LinkExpiredEvent("link_acme_000000000001", USER_ID, PARTNER, ENV, REF, T0.plus(LIFETIME), null));
        assertThat(expired.recordedAt()).isBetween(before, Instant.now());
        assertThat(axon.simulatedDeadlines().scheduled()).isEmpty();
    }

    @Test
    void oneMomentBeforeExpiresAtTheDeadlineHasNotFired() {
        given(createLink("link_acme_000000000001", Map.of(), T0));

        axon.advanceTimeTo(T0.plus(LIFETIME).minusMillis(1)).expectNoEvents();
        assertThat(axon.simulatedDeadlines().scheduled()).hasSize(1);
    }

    @Test
    void theDeadlineExpiresAnOpenedOrInProgressLinkToo() {
        given(createLink("link_acme_000000000001", Map.of(), T0),
                new OpenLinkCommand("link_acme_000000000001", tokenHash("link_acme_000000000001"), DeviceInfo.UNKNOWN,
                        T0.plusSeconds(10)),
                new StartLinkFlowCommand("link_acme_000000000001", T0.plusSeconds(20)));

        axon.advanceTimeTo(T0.plus(LIFETIME)).expectEventTypes(LinkExpiredEvent.class);
        assertThat(stream("link_acme_000000000001")).extracting(Object::getClass).containsExactly(
                LinkCreatedEvent.class, LinkOpenedEvent.class, LinkFlowStartedEvent.class, LinkExpiredEvent.class);
    }

    @Test
    void theDeadlineOfARevokedLinkDoesNothing() {
        given(createLink("link_acme_000000000001", Map.of(), T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plusSeconds(30)));

        axon.advanceTimeTo(T0.plus(LIFETIME)).expectNoEvents();
    }

    @Test
    void theDeadlineOfALinkAlreadyExpiredDoesNotExpireItTwice() {
        // The widget opened it after its time: the open recorded the expiry first.
        given(createLink("link_acme_000000000001", Map.of(), T0));
        when(new OpenLinkCommand("link_acme_000000000001", tokenHash("link_acme_000000000001"), DeviceInfo.UNKNOWN,
                T0.plus(LIFETIME).plusSeconds(1)))
                .expectResult(new LinkOpening("link_acme_000000000001", USER_ID, PARTNER, ENV, REF, LinkStatus.EXPIRED,
                        T0.plus(LIFETIME), OPTIONS, true))
                .expectEventTypes(LinkExpiredEvent.class);

        axon.advanceTimeTo(T0.plus(LIFETIME).plusSeconds(5)).expectNoEvents();
    }

    @Test
    void afterTheDeadlineExpiredTheLinkTheUserGetsANewOneWithoutASecondExpiry() {
        Instant later = T0.plus(LIFETIME).plus(Duration.ofMinutes(1));
        given(createLink("link_acme_000000000001", Map.of(), T0));
        axon.advanceTimeTo(T0.plus(LIFETIME)).expectEventTypes(LinkExpiredEvent.class);

        when(createLink("link_acme_000000000002", Map.of(), later))
                .expectEvents(secondLinkAssignedAndCreated(later));
    }

    @Test
    void theSandboxHelperExpiresTheLinkAndFreesTheUserAtOnce() {
        Instant now = T0.plus(Duration.ofMinutes(5));
        given(createLink("link_acme_000000000001", Map.of(), T0));

        when(new ExpireLinkCommand("link_acme_000000000001", PARTNER, ENV, now))
                .expectEvents(new LinkExpiredEvent("link_acme_000000000001", USER_ID, PARTNER, ENV, REF, now, now));
        when(createLink("link_acme_000000000002", Map.of(), now.plusSeconds(1)))
                .expectEventTypes(ActiveLinkAssignedEvent.class, LinkCreatedEvent.class);
        // The first link's own deadline finds it expired already.
        axon.advanceTimeTo(T0.plus(LIFETIME)).expectNoEvents();
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
                .expectResult(secondLinkCreated(UserStatus.DATA_INCOMPLETE, later))
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
        givenAFirstLinkRevoked();
        givenUserEvents(
                new UserStatusChangedEvent(USER_ID, UserStatus.DATA_COMPLETE, UserStatus.CIP_PENDING, List.of(), T0),
                new UserStatusChangedEvent(USER_ID, UserStatus.CIP_PENDING, UserStatus.CIP_VERIFIED, List.of(), T0));

        when(createLink("link_acme_000000000002", IDENTITY, later))
                .expectResult(secondLinkCreated(UserStatus.CIP_VERIFIED, later))
                .expectEvents(secondLinkAssignedAndCreated(later));
    }

    @Test
    void aVerifiedUserWhoseIdentityChangesOnANewLinkGoesBackToDataComplete() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        givenAFirstLinkRevokedAndTheUserNow(UserStatus.CIP_VERIFIED);

        when(createLink("link_acme_000000000002", Map.of(DOB, "1991-02-03"), later))
                .expectResult(secondLinkCreated(UserStatus.DATA_COMPLETE, later))
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
                .expectResult(firstLinkCreated(UserStatus.DATA_INCOMPLETE))
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
                .expectResult(firstLinkCreated(UserStatus.DATA_COMPLETE));
        assertThat(allEvents()).noneMatch(e -> e.getPayload() instanceof DataRequestOpenedEvent);
    }

    @Test
    void anExistingDataCompleteUserGetsNoRequestOnALaterLink() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        givenAFirstLinkRevoked();

        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(), DEFAULT, later))
                .expectEvents(secondLinkAssignedAndCreated(later));
    }

    @Test
    void aVerifiedUserGetsNoRequest() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        givenAFirstLinkRevokedAndTheUserNow(UserStatus.CIP_VERIFIED);

        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(), DEFAULT, later))
                .expectResult(secondLinkCreated(UserStatus.CIP_VERIFIED, later))
                .expectEvents(secondLinkAssignedAndCreated(later));
    }

    @ParameterizedTest
    @EnumSource(value = UserStatus.class, names = {"CIP_PENDING", "CIP_VERIFIED", "CIP_FAILED"})
    void aUserInVerificationGetsNoRequestEvenWhenThePartnersRequiredSetGrew(UserStatus verificationStage) {
        // The partner now also requires paymentMethod: something is missing, yet a user being or having been
        // verified is never asked.
        Instant later = T0.plus(Duration.ofMinutes(10));
        Set<UserField> grown = new HashSet<>(DEFAULT);
        grown.add(UserField.PAYMENT_METHOD);
        givenAFirstLinkRevokedAndTheUserNow(verificationStage);

        when(createLinkWithDataRequest("link_acme_000000000002", Map.of(), grown, later))
                .expectResult(secondLinkCreated(verificationStage, later))
                .expectEvents(
                        new UserStatusChangedEvent(USER_ID, verificationStage, verificationStage,
                                List.of(UserField.PAYMENT_METHOD), later),
                        assigned("link_acme_000000000002", later),
                        linkCreated("link_acme_000000000002", later));
    }

    @Test
    void aNewUserWithoutDataGetsARequestForEveryRequiredField() {
        when(createLinkWithDataRequest("link_acme_000000000001", Map.of(), DEFAULT, T0))
                .expectResult(firstLinkCreated(UserStatus.PENDING))
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
                .expectRefused(ActiveLinkExistsException.class);
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
                .expectResult(secondLinkCreated(UserStatus.DATA_COMPLETE, later))
                .expectEvents(secondLinkAssignedAndCreated(later));
    }

    @Test
    void anAnswerThroughTheCommandBusIsRefusedForAnotherReferenceIdAndAfterExpiry() {
        String dr = dataRequestId("link_acme_000000000001");
        given(createLinkWithDataRequest("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), DEFAULT, T0));
        UserData data = UserData.of(Map.of(DOB, "1990-05-15"));

        when(new FulfilDataRequestCommand(USER_ID, dr, "user_67890", data, DEFAULT, T0.plusSeconds(1)))
                .expectRefused(ReferenceIdMismatchException.class);
        when(new FulfilDataRequestCommand(USER_ID, dr, REF, data, DEFAULT, T0.plus(LIFETIME)))
                .expectRefused(LinkExpiredException.class);
        when(new FulfilDataRequestCommand(USER_ID, "dr_acme_ffffffffffff", REF, data, DEFAULT, T0.plusSeconds(1)))
                .expectRefused(ResourceNotFoundException.class);
    }

    @Test
    void aRequestExpiresWithItsLinkAlsoWhenTheLinkIsRevokedOrExpiredEarly() {
        UserData data = UserData.of(Map.of(DOB, "1990-05-15"));
        String revokedRequest = dataRequestId("link_acme_000000000001");
        given(createLinkWithDataRequest("link_acme_000000000001", Map.of(FIRST_NAME, "Juan"), DEFAULT, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plusSeconds(10)));
        when(new FulfilDataRequestCommand(USER_ID, revokedRequest, REF, data, DEFAULT, T0.plusSeconds(20)))
                .expectRefused(LinkExpiredException.class);

        Instant later = T0.plusSeconds(30);
        String expiredRequest = dataRequestId("link_acme_000000000002");
        given(createLinkWithDataRequest("link_acme_000000000002", Map.of(), DEFAULT, later),
                new ExpireLinkCommand("link_acme_000000000002", PARTNER, ENV, later.plusSeconds(5)));
        when(new FulfilDataRequestCommand(USER_ID, expiredRequest, REF, data, DEFAULT, later.plusSeconds(10)))
                .expectRefused(LinkExpiredException.class);
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
        axon.given(commands);
    }

    /** Given: the user's first link, created at T0 with the whole identity, revoked five minutes later. */
    private void givenAFirstLinkRevoked() {
        given(createLink("link_acme_000000000001", IDENTITY, T0),
                new RevokeLinkCommand("link_acme_000000000001", PARTNER, ENV, null, T0.plus(Duration.ofMinutes(5))));
    }

    /** Given: the first link revoked, and its user since moved on from data complete to {@code status}. */
    private void givenAFirstLinkRevokedAndTheUserNow(UserStatus status) {
        givenAFirstLinkRevoked();
        givenUserEvents(new UserStatusChangedEvent(USER_ID, UserStatus.DATA_COMPLETE, status, List.of(), T0));
    }

    /** Given: events appended to the user's stream as they are, after whatever it already holds. */
    private void givenUserEvents(Object... payloads) {
        axon.givenEvents(User.class, USER_ID, payloads);
    }

    /** When: the command is sent; the outcome holds its result or failure and every event it appended, in order. */
    private Then when(Object command) {
        return axon.when(command);
    }

    private List<Object> stream(String aggregateId) {
        return axon.stream(aggregateId);
    }

    private List<EventMessage<?>> allEvents() {
        return axon.allEvents();
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

    /** What creating the user's first link ({@code link_acme_000000000001}) at T0 answers. */
    private static LinkCreationResult firstLinkCreated(UserStatus status) {
        return new LinkCreationResult("link_acme_000000000001", USER_ID, status, T0, T0.plus(LIFETIME));
    }

    /** What creating the user's second link ({@code link_acme_000000000002}) at {@code at} answers. */
    private static LinkCreationResult secondLinkCreated(UserStatus status, Instant at) {
        return new LinkCreationResult("link_acme_000000000002", USER_ID, status, at, at.plus(LIFETIME));
    }

    /** The user's second link assigned to the user, then created, both at {@code at}. */
    private static Object[] secondLinkAssignedAndCreated(Instant at) {
        return new Object[]{assigned("link_acme_000000000002", at), linkCreated("link_acme_000000000002", at)};
    }

    private static ActiveLinkAssignedEvent assigned(String linkId, Instant at) {
        return new ActiveLinkAssignedEvent(USER_ID, linkId, at.plus(LIFETIME), at);
    }

    private static LinkCreatedEvent linkCreated(String linkId, Instant at) {
        return new LinkCreatedEvent(linkId, USER_ID, PARTNER, ENV, REF, tokenHash(linkId), OPTIONS, at.plus(LIFETIME),
                at);
    }
}
