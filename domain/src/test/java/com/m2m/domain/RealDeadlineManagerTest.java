package com.m2m.domain;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.link.CreateLinkCommand;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.LinkCompletedEvent;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkCreationHandler;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOpenedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.link.OpenLinkCommand;
import com.m2m.domain.link.RevokeLinkCommand;
import com.m2m.domain.operation.CreateOperationCommand;
import com.m2m.domain.operation.OperationCompletedEvent;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.OperationProcessingEvent;
import com.m2m.domain.operation.SandboxRates;
import com.m2m.domain.support.InMemoryAxon;
import com.m2m.domain.user.CipRequirements;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.StartCipVerificationCommand;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static com.m2m.domain.user.UserField.DOB;
import static com.m2m.domain.user.UserField.FIRST_NAME;
import static com.m2m.domain.user.UserField.ID_NUMBER;
import static com.m2m.domain.user.UserField.ID_TYPE;
import static com.m2m.domain.user.UserField.LAST_NAME;
import static com.m2m.domain.user.UserField.PAYMENT_METHOD;
import static com.m2m.domain.user.UserField.SECOND_LAST_NAME;
import static com.m2m.domain.user.UserField.SECOND_NAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every deadline on Axon's real {@link SimpleDeadlineManager} (its own scheduler thread and unit of work, real
 * time): what {@link LinkCreationHandler}, the user and the operation schedule reaches the right aggregate through
 * the repositories' scope resolution, and the deadline handlers' extra parameters (the identity verifier, the
 * deadline manager) are resolved. The application's persistent deadline manager delivers the same way.
 */
class RealDeadlineManagerTest {

    private static final String PARTNER = "acme";
    private static final Environment ENV = Environment.SANDBOX;
    private static final String REF = "user_12345";
    private static final String USER_ID = Identifiers.userId(PARTNER, ENV, REF);

    @RegisterExtension
    final InMemoryAxon axon = InMemoryAxon.with(
            scopes -> SimpleDeadlineManager.builder().scopeAwareProvider(scopes).build());

    @Test
    void anActiveLinkExpiresAtExpiresAtWithNobodyLooking() throws InterruptedException {
        Instant now = Instant.now();
        Instant expiresAt = now.plusMillis(300);
        axon.given(createLink("link_acme_00000000000a", Map.of(), now, expiresAt));
        assertThat(axon.stream("link_acme_00000000000a")).hasSize(1);

        await("link_acme_00000000000a", LinkExpiredEvent.class::isInstance);

        List<Object> stream = axon.stream("link_acme_00000000000a");
        assertThat(stream).hasSize(2);
        LinkExpiredEvent expired = (LinkExpiredEvent) stream.get(1);
        assertThat(expired.expiredAt()).isEqualTo(expiresAt);
        assertThat(expired.recordedAt()).isAfterOrEqualTo(expiresAt);
        assertThat(expired.userId()).isEqualTo(USER_ID);
    }

    @Test
    void aRevokedLinksDeadlineChangesNothing() throws InterruptedException {
        Instant now = Instant.now();
        axon.given(createLink("link_acme_00000000000b", Map.of(), now, now.plusMillis(300)),
                new RevokeLinkCommand("link_acme_00000000000b", PARTNER, ENV, null, now.plusMillis(10)));

        Thread.sleep(800);

        assertThat(axon.stream("link_acme_00000000000b")).extracting(Object::getClass)
                .containsExactly(LinkCreatedEvent.class, LinkRevokedEvent.class);
    }

    @Test
    void verificationAndPayoutRunOnTheirDeadlines() throws InterruptedException {
        Instant now = Instant.now();
        Map<UserField, String> data = new EnumMap<>(UserField.class);
        data.putAll(Map.of(FIRST_NAME, "Juan", SECOND_NAME, "Carlos", LAST_NAME, "Garcia", SECOND_LAST_NAME, "Lopez",
                ID_NUMBER, "GALO900515", ID_TYPE, "passport", DOB, "1990-05-15"));
        data.put(PAYMENT_METHOD, PaymentMethod.bankAccount("MX", "012180000118359719").encode());
        axon.given(createLink("link_acme_00000000000c", data, now, now.plus(Duration.ofMinutes(5))),
                new OpenLinkCommand("link_acme_00000000000c", tokenHash(), DeviceInfo.UNKNOWN, now));

        assertThat(axon.commandGateway.<UserStatus>sendAndWait(
                new StartCipVerificationCommand(USER_ID, Duration.ofMillis(100), Instant.now())))
                .isEqualTo(UserStatus.CIP_PENDING);
        await(USER_ID, e -> e instanceof UserStatusChangedEvent changed && changed.status() == UserStatus.CIP_VERIFIED);
        assertThat(axon.stream(USER_ID)).filteredOn(CipVerifiedEvent.class::isInstance).hasSize(1);

        axon.given(new CreateOperationCommand("op_acme_00000000000c", "link_acme_00000000000c", "qt_1",
                SandboxRates.quote(new BigDecimal("100.00"), "MXN"), Duration.ofMillis(100), Instant.now()));
        await("op_acme_00000000000c", OperationCompletedEvent.class::isInstance);

        assertThat(axon.stream("op_acme_00000000000c")).extracting(Object::getClass).containsExactly(
                OperationCreatedEvent.class, OperationProcessingEvent.class, OperationCompletedEvent.class);
        assertThat(axon.stream("link_acme_00000000000c")).extracting(Object::getClass).containsExactly(
                LinkCreatedEvent.class, LinkOpenedEvent.class, LinkCompletedEvent.class);
    }

    private void await(String aggregateId, Predicate<Object> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (axon.stream(aggregateId).stream().noneMatch(condition) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(axon.stream(aggregateId)).as("stream of " + aggregateId).anyMatch(condition);
    }

    private static CreateLinkCommand createLink(String linkId, Map<UserField, String> data, Instant at,
                                                Instant expiresAt) {
        return new CreateLinkCommand(linkId, USER_ID, PARTNER, ENV, REF, UserData.of(data),
                CipRequirements.DEFAULT_REQUIRED, tokenHash(), new LinkOptions(null, null, null, null, null),
                expiresAt, at, null, false);
    }

    private static String tokenHash() {
        return Identifiers.sha256Hex("token");
    }
}
