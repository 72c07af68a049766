package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.ResourceNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

/** The {@link Link} aggregate under {@link RevokeLinkCommand} (DOMAIN.md "Links"). */
class LinkTest {

    private static final String LINK_ID = "link_acme_0123456789ab";
    private static final String USER_ID = "user_acme_0123456789abcdef0123";
    private static final String PARTNER = "acme";
    private static final String REFERENCE_ID = "user_12345";
    private static final Instant CREATED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant EXPIRES_AT = Instant.parse("2025-03-01T11:00:00Z");
    private static final Instant BEFORE_EXPIRY = Instant.parse("2025-03-01T10:20:00Z");
    private static final Instant AFTER_EXPIRY = Instant.parse("2025-03-01T11:30:00Z");
    private static final String REASON = "customer_request";

    private FixtureConfiguration<Link> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Link.class);
    }

    @Test
    void revokingAnActiveLinkRecordsTheRevocation() {
        fixture.given(created())
                .when(revoke(PARTNER, Environment.SANDBOX, BEFORE_EXPIRY))
                .expectEvents(new LinkRevokedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                        REASON, BEFORE_EXPIRY))
                .expectResultMessagePayload(new RevocationResult(LINK_ID, false, BEFORE_EXPIRY));
    }

    @Test
    void revokingWithoutAReasonIsAllowed() {
        fixture.given(created())
                .when(new RevokeLinkCommand(LINK_ID, PARTNER, Environment.SANDBOX, null, BEFORE_EXPIRY))
                .expectEvents(new LinkRevokedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                        null, BEFORE_EXPIRY))
                .expectResultMessagePayload(new RevocationResult(LINK_ID, false, BEFORE_EXPIRY));
    }

    @Test
    void anotherPartnerCannotSeeTheLink() {
        fixture.given(created())
                .when(revoke("globex", Environment.SANDBOX, BEFORE_EXPIRY))
                .expectException(ResourceNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void theOtherEnvironmentCannotSeeTheLink() {
        fixture.given(created())
                .when(revoke(PARTNER, Environment.LIVE, BEFORE_EXPIRY))
                .expectException(ResourceNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void anotherTenantDoesNotExpireADueLinkEither() {
        // The ownership check comes first: a foreign tenant learns nothing and changes nothing.
        fixture.given(created())
                .when(revoke("globex", Environment.SANDBOX, AFTER_EXPIRY))
                .expectException(ResourceNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void aRevokedLinkCannotBeRevokedAgain() {
        fixture.given(created(), revoked())
                .when(revoke(PARTNER, Environment.SANDBOX, BEFORE_EXPIRY.plusSeconds(60)))
                .expectException(InvalidStateException.class)
                .expectNoEvents();
    }

    @Test
    void aRevokedLinkPastItsExpiryIsStillInvalidStateNotExpired() {
        fixture.given(created(), revoked())
                .when(revoke(PARTNER, Environment.SANDBOX, AFTER_EXPIRY))
                .expectException(InvalidStateException.class)
                .expectNoEvents();
    }

    // NOTE: "completed → InvalidStateException" cannot be given yet: the domain has no LinkCompleted event
    // (Link only sources LinkCreatedEvent, LinkRevokedEvent and LinkExpiredEvent).

    @Test
    void anAlreadyExpiredLinkAnswersLinkExpired() {
        fixture.given(created(), expired())
                .when(revoke(PARTNER, Environment.SANDBOX, AFTER_EXPIRY))
                .expectException(LinkExpiredException.class)
                .expectNoEvents();
    }

    @Test
    void aLinkWhoseTimeRanOutIsExpiredInsteadOfRevoked() {
        fixture.given(created())
                .when(revoke(PARTNER, Environment.SANDBOX, AFTER_EXPIRY))
                .expectEvents(new LinkExpiredEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                        EXPIRES_AT, AFTER_EXPIRY))
                .expectResultMessagePayload(new RevocationResult(LINK_ID, true, null));
    }

    @Test
    void aLinkExpiresExactlyAtItsExpiresAt() {
        fixture.given(created())
                .when(revoke(PARTNER, Environment.SANDBOX, EXPIRES_AT))
                .expectEvents(new LinkExpiredEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                        EXPIRES_AT, EXPIRES_AT))
                .expectResultMessagePayload(new RevocationResult(LINK_ID, true, null));
    }

    @Test
    void oneMillisecondBeforeExpiryTheLinkIsStillRevocable() {
        Instant justBefore = EXPIRES_AT.minusMillis(1);
        fixture.given(created())
                .when(revoke(PARTNER, Environment.SANDBOX, justBefore))
                .expectEvents(new LinkRevokedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                        REASON, justBefore))
                .expectResultMessagePayload(new RevocationResult(LINK_ID, false, justBefore));
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

    // ---------------------------------------------------------------- helpers

    private static LinkOptions options() {
        return new LinkOptions(Map.of("orderId", "A-1"), null, "dark", "es", null);
    }

    private static LinkCreatedEvent created() {
        return new LinkCreatedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", options(), EXPIRES_AT, CREATED_AT);
    }

    private static LinkRevokedEvent revoked() {
        return new LinkRevokedEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID, REASON,
                BEFORE_EXPIRY);
    }

    private static LinkExpiredEvent expired() {
        return new LinkExpiredEvent(LINK_ID, USER_ID, PARTNER, Environment.SANDBOX, REFERENCE_ID, EXPIRES_AT,
                EXPIRES_AT.plusSeconds(2));
    }

    private static RevokeLinkCommand revoke(String partnerId, Environment environment, Instant at) {
        return new RevokeLinkCommand(LINK_ID, partnerId, environment, REASON, at);
    }
}
