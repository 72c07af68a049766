package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.PartnerSuspendedException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.partner.PartnerStanding;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.m2m.domain.testing.Refusals.refused;
import static com.m2m.domain.user.UserFixtures.USER_ID;


/**
 * The {@link Link} aggregate (docs/domain.md "Links"): revoke by the partner, open and flow start by the widget, the
 * sandbox expire helper. The expiry deadline and completion, which other handlers drive, are covered in
 * {@code LinkCreationHandlerTest}, {@code LinkExpiryDeadlineTest} and {@code OperationCreationHandlerTest}.
 */
class LinkTest {

    private static final String LINK_ID = "link_acme_0123456789ab";
    private static final String PARTNER = "acme";
    private static final String REFERENCE_ID = "user_12345";
    private static final Instant CREATED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant EXPIRES_AT = Instant.parse("2025-03-01T11:00:00Z");
    private static final Instant BEFORE_EXPIRY = Instant.parse("2025-03-01T10:20:00Z");
    private static final Instant AFTER_EXPIRY = Instant.parse("2025-03-01T11:30:00Z");
    private static final String REASON = "customer_request";
    private static final String TOKEN_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final DeviceInfo DEVICE = new DeviceInfo("Mozilla/5.0 (iPhone)", "iOS", "es-MX");

    private FixtureConfiguration<Link> fixture;
    /** What the injected {@link PartnerStanding} answers for the link's partner. */
    private boolean partnerActive;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Link.class);
        partnerActive = true;
        fixture.registerInjectableResource((PartnerStanding) partnerId -> partnerActive);
    }

    @Test
    void revokingAnActiveLinkRecordsTheRevocation() {
        revokingTheCreatedLink(revoke(BEFORE_EXPIRY),
                revokedEvent(REASON, BEFORE_EXPIRY), new RevocationResult(LINK_ID, false, BEFORE_EXPIRY));
    }

    @Test
    void revokingWithoutAReasonIsAllowed() {
        revokingTheCreatedLink(new RevokeLinkCommand(LINK_ID, PARTNER, Environment.SANDBOX, null, BEFORE_EXPIRY),
                revokedEvent(null, BEFORE_EXPIRY), new RevocationResult(LINK_ID, false, BEFORE_EXPIRY));
    }

    @Test
    void anotherPartnerCannotSeeTheLink() {
        refused(fixture, revoke("globex", Environment.SANDBOX, BEFORE_EXPIRY), ResourceNotFoundException.class,
                created());
    }

    @Test
    void theOtherEnvironmentCannotSeeTheLink() {
        refused(fixture, revoke(PARTNER, Environment.LIVE, BEFORE_EXPIRY), ResourceNotFoundException.class, created());
    }

    @Test
    void anotherTenantDoesNotExpireADueLinkEither() {
        // The ownership check comes first: a foreign tenant learns nothing and changes nothing.
        refused(fixture, revoke("globex", Environment.SANDBOX, AFTER_EXPIRY), ResourceNotFoundException.class,
                created());
    }

    @Test
    void aRevokedLinkCannotBeRevokedAgain() {
        refused(fixture, revoke(BEFORE_EXPIRY.plusSeconds(60)), InvalidStateException.class, created(), revoked());
    }

    @Test
    void aRevokedLinkPastItsExpiryIsStillInvalidStateNotExpired() {
        refused(fixture, revoke(AFTER_EXPIRY), InvalidStateException.class, created(), revoked());
    }

    @Test
    void aCompletedLinkCannotBeRevoked() {
        refused(fixture, revoke(BEFORE_EXPIRY.plusSeconds(60)),
                InvalidStateException.class, created(), opened(), completed());
    }

    @Test
    void anAlreadyExpiredLinkAnswersLinkExpired() {
        refused(fixture, revoke(AFTER_EXPIRY), LinkExpiredException.class, created(), expired());
    }

    @Test
    void aLinkWhoseTimeRanOutIsExpiredInsteadOfRevoked() {
        revokingTheCreatedLink(revoke(AFTER_EXPIRY),
                expiredEvent(AFTER_EXPIRY), new RevocationResult(LINK_ID, true, null));
    }

    @Test
    void aLinkExpiresExactlyAtItsExpiresAt() {
        revokingTheCreatedLink(revoke(EXPIRES_AT),
                expiredEvent(EXPIRES_AT), new RevocationResult(LINK_ID, true, null));
    }

    @Test
    void oneMillisecondBeforeExpiryTheLinkIsStillRevocable() {
        Instant justBefore = EXPIRES_AT.minusMillis(1);
        revokingTheCreatedLink(revoke(justBefore),
                revokedEvent(REASON, justBefore), new RevocationResult(LINK_ID, false, justBefore));
    }

    @Test
    void aLiveLinkIsRevokedByItsLivePartner() {
        fixture.given(new LinkCreatedEvent(LINK_ID, USER_ID, PARTNER, Environment.LIVE, REFERENCE_ID, "hash",
                        options(), EXPIRES_AT, CREATED_AT))
                .when(revoke(PARTNER, Environment.LIVE, BEFORE_EXPIRY))
                .expectEvents(new LinkRevokedEvent(LINK_ID, USER_ID, PARTNER, Environment.LIVE, REFERENCE_ID,
                        REASON, BEFORE_EXPIRY))
                .expectResultMessagePayload(new RevocationResult(LINK_ID, false, BEFORE_EXPIRY));
    }

    // ---------------------------------------------------------------- open (widget session)

    @Nested
    class Open {

        @Test
        void theFirstOpenMovesTheLinkToOpenedWithTheDeviceInfo() {
            fixture.given(created())
                    .when(open(TOKEN_HASH, BEFORE_EXPIRY))
                    .expectEvents(new LinkOpenedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                            DEVICE, BEFORE_EXPIRY))
                    .expectResultMessagePayload(opening(LinkStatus.OPENED, false));
        }

        @Test
        void aSecondOpenChangesNothing() {
            fixture.given(created(), opened())
                    .when(open(TOKEN_HASH, BEFORE_EXPIRY.plusSeconds(300)))
                    .expectNoEvents()
                    .expectResultMessagePayload(opening(LinkStatus.OPENED, false));
        }

        @Test
        void openingALinkInProgressChangesNothing() {
            fixture.given(created(), opened(), flowStarted())
                    .when(open(TOKEN_HASH, BEFORE_EXPIRY.plusSeconds(300)))
                    .expectNoEvents()
                    .expectResultMessagePayload(opening(LinkStatus.IN_PROGRESS, false));
        }

        @Test
        void aSuspendedPartnersLinkIsNotOpened() {
            partnerActive = false;
            refused(fixture, open(TOKEN_HASH, BEFORE_EXPIRY), PartnerSuspendedException.class, created());
        }

        @Test
        void aWrongTokenOfASuspendedPartnersLinkLearnsNothingMore() {
            partnerActive = false;
            refused(fixture, open("0".repeat(64), BEFORE_EXPIRY), ResourceNotFoundException.class, created());
        }

        @Test
        void anOpenWithoutDeviceInfoRecordsItAsUnknown() {
            fixture.given(created())
                    .when(new OpenLinkCommand(LINK_ID, TOKEN_HASH, null, BEFORE_EXPIRY))
                    .expectEvents(new LinkOpenedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                            DeviceInfo.UNKNOWN, BEFORE_EXPIRY));
        }

        @Test
        void aWrongTokenIsAnsweredLikeAnUnknownLinkAndRecordsNothing() {
            refused(fixture, open("0".repeat(64), BEFORE_EXPIRY), ResourceNotFoundException.class,
                    created())
                    .expectExceptionMessage(Link.NOT_FOUND);
        }

        @Test
        void aMissingTokenIsAnsweredLikeAnUnknownLink() {
            refused(fixture, open(null, BEFORE_EXPIRY), ResourceNotFoundException.class,
                    created())
                    .expectExceptionMessage(Link.NOT_FOUND);
        }

        @Test
        void aWrongTokenRevealsNothingAboutAnExpiredRevokedOrDueLink() {
            refused(fixture, open("0".repeat(64), AFTER_EXPIRY), ResourceNotFoundException.class, created(), expired());
            refused(fixture, open("0".repeat(64), BEFORE_EXPIRY), ResourceNotFoundException.class,
                    created(), revoked());
            // Time is over but the wrong token does not even get the expiry recorded.
            refused(fixture, open("0".repeat(64), AFTER_EXPIRY), ResourceNotFoundException.class, created());
        }

        @Test
        void openingALinkWhoseTimeRanOutRecordsTheExpiryAndAnswersExpired() {
            fixture.given(created())
                    .when(open(TOKEN_HASH, AFTER_EXPIRY))
                    .expectEvents(expiredEvent(AFTER_EXPIRY))
                    .expectResultMessagePayload(opening(LinkStatus.EXPIRED, true));
        }

        @Test
        void openingAnOpenedLinkAtExactlyExpiresAtExpiresIt() {
            fixture.given(created(), opened())
                    .when(open(TOKEN_HASH, EXPIRES_AT))
                    .expectEvents(expiredEvent(EXPIRES_AT))
                    .expectResultMessagePayload(opening(LinkStatus.EXPIRED, true));
        }

        @Test
        void anExpiredLinkAnswersLinkExpired() {
            refused(fixture, open(TOKEN_HASH, AFTER_EXPIRY), LinkExpiredException.class, created(), expired());
        }

        @Test
        void aRevokedLinkAnswersInvalidState() {
            refused(fixture, open(TOKEN_HASH, BEFORE_EXPIRY), InvalidStateException.class,
                    created(), revoked())
                    .expectExceptionMessage("This link was revoked");
        }

        @Test
        void aRevokedLinkPastItsTimeStillAnswersRevoked() {
            refused(fixture, open(TOKEN_HASH, AFTER_EXPIRY), InvalidStateException.class,
                    created(), revoked())
                    .expectExceptionMessage("This link was revoked");
        }

        @Test
        void aCompletedLinkAnswersInvalidState() {
            refused(fixture, open(TOKEN_HASH, BEFORE_EXPIRY.plusSeconds(600)), InvalidStateException.class,
                    created(), opened(), completed())
                    .expectExceptionMessage("This link was already used");
        }
    }

    // ---------------------------------------------------------------- flow start (first details)

    @Nested
    class StartFlow {

        @Test
        void theFirstActionMovesAnOpenedLinkToInProgress() {
            fixture.given(created(), opened())
                    .when(startFlow(BEFORE_EXPIRY.plusSeconds(60)))
                    .expectEvents(new LinkFlowStartedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX,
                            REFERENCE_ID, BEFORE_EXPIRY.plusSeconds(60)));
        }

        @Test
        void laterActionsChangeNothing() {
            fixture.given(created(), opened(), flowStarted())
                    .when(startFlow(BEFORE_EXPIRY.plusSeconds(120)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aLinkNeverOpenedIsRefused() {
            refused(fixture, startFlow(BEFORE_EXPIRY), InvalidStateException.class, created());
        }

        @Test
        void aLinkWhoseTimeRanOutAnswersLinkExpired() {
            refused(fixture, startFlow(EXPIRES_AT), LinkExpiredException.class, created(), opened(), flowStarted());
        }

        @Test
        void anExpiredLinkAnswersLinkExpired() {
            refused(fixture, startFlow(AFTER_EXPIRY), LinkExpiredException.class, created(), opened(), expired());
        }

        @Test
        void aRevokedLinkAnswersInvalidState() {
            refused(fixture, startFlow(BEFORE_EXPIRY.plusSeconds(60)),
                    InvalidStateException.class, created(), opened(), revoked())
                    .expectExceptionMessage("This link was revoked");
        }

        @Test
        void aCompletedLinkAnswersInvalidState() {
            refused(fixture, startFlow(BEFORE_EXPIRY.plusSeconds(700)),
                    InvalidStateException.class, created(), opened(), completed())
                    .expectExceptionMessage("This link was already used");
        }
    }

    // ---------------------------------------------------------------- sandbox expire helper

    @Nested
    class SandboxExpire {

        @ParameterizedTest
        @EnumSource(value = LinkStatus.class, names = {"CREATED", "OPENED", "IN_PROGRESS"})
        void anActiveLinkExpiresNowAsIfItsTimeHadRunOut(LinkStatus status) {
            fixture.given(givenIn(status))
                    .when(new ExpireLinkCommand(LINK_ID, PARTNER, Environment.SANDBOX, BEFORE_EXPIRY))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new LinkExpiredEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                            BEFORE_EXPIRY, BEFORE_EXPIRY));
        }

        @Test
        void anotherPartnerOrEnvironmentCannotSeeTheLink() {
            refused(fixture, new ExpireLinkCommand(LINK_ID, "globex", Environment.SANDBOX, BEFORE_EXPIRY),
                    ResourceNotFoundException.class, created())
                    .expectExceptionMessage(Link.NOT_FOUND);
            refused(fixture, new ExpireLinkCommand(LINK_ID, PARTNER, Environment.LIVE, BEFORE_EXPIRY),
                    ResourceNotFoundException.class, created());
        }

        @Test
        void anExpiredLinkAnswersLinkExpired() {
            refused(fixture, new ExpireLinkCommand(LINK_ID, PARTNER, Environment.SANDBOX, AFTER_EXPIRY),
                    LinkExpiredException.class, created(), expired());
        }

        @Test
        void aRevokedLinkAnswersInvalidState() {
            refused(fixture, new ExpireLinkCommand(LINK_ID, PARTNER, Environment.SANDBOX, BEFORE_EXPIRY),
                    InvalidStateException.class, created(), revoked());
        }

        @Test
        void aCompletedLinkAnswersInvalidState() {
            refused(fixture, new ExpireLinkCommand(LINK_ID, PARTNER, Environment.SANDBOX, BEFORE_EXPIRY),
                    InvalidStateException.class, created(), opened(), completed());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static LinkOptions options() {
        return new LinkOptions(Map.of("orderId", "A-1"), null, "dark", "es", null);
    }

    private static LinkCreatedEvent created() {
        return new LinkCreatedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID, TOKEN_HASH,
                options(), EXPIRES_AT, CREATED_AT);
    }

    private static LinkRevokedEvent revoked() {
        return revokedEvent(REASON, BEFORE_EXPIRY);
    }

    private static LinkExpiredEvent expired() {
        return expiredEvent(EXPIRES_AT.plusSeconds(2));
    }

    private static LinkOpenedEvent opened() {
        return new LinkOpenedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID, DEVICE,
                CREATED_AT.plusSeconds(60));
    }

    private static LinkFlowStartedEvent flowStarted() {
        return new LinkFlowStartedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                CREATED_AT.plusSeconds(120));
    }

    private static LinkCompletedEvent completed() {
        return new LinkCompletedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                "op_acme_0123456789ab", BEFORE_EXPIRY);
    }

    private static List<Object> givenIn(LinkStatus status) {
        return switch (status) {
            case CREATED -> List.of(created());
            case OPENED -> List.of(created(), opened());
            case IN_PROGRESS -> List.of(created(), opened(), flowStarted());
            default -> throw new IllegalArgumentException(status.toString());
        };
    }

    private static OpenLinkCommand open(String tokenHash, Instant at) {
        return new OpenLinkCommand(LINK_ID, tokenHash, DEVICE, at);
    }

    private static LinkOpening opening(LinkStatus status, boolean expired) {
        return new LinkOpening(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID, status, EXPIRES_AT,
                options(), expired);
    }

    /** Revoking the created link: the one event {@code command} records and what it answers. */
    private void revokingTheCreatedLink(RevokeLinkCommand command, Object recorded, RevocationResult answer) {
        fixture.given(created()).when(command).expectEvents(recorded).expectResultMessagePayload(answer);
    }

    /** The sandbox partner's revocation of the link. */
    private static LinkRevokedEvent revokedEvent(String reason, Instant at) {
        return new LinkRevokedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID, reason, at);
    }

    /** The link's expiry, recorded at {@code at} (at or after its deadline). */
    private static LinkExpiredEvent expiredEvent(Instant at) {
        return new LinkExpiredEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID, EXPIRES_AT, at);
    }

    /** The link's own (sandbox) partner revokes it at {@code at}, giving {@link #REASON}. */
    private static RevokeLinkCommand revoke(Instant at) {
        return revoke(PARTNER, Environment.SANDBOX, at);
    }

    private static RevokeLinkCommand revoke(String partnerId, Environment environment, Instant at) {
        return new RevokeLinkCommand(LINK_ID, partnerId, environment, REASON, at);
    }

    private static StartLinkFlowCommand startFlow(Instant at) {
        return new StartLinkFlowCommand(LINK_ID, at);
    }
}
