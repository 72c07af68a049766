package com.m2m.domain.partner;

import com.m2m.domain.common.PartnerSuspendedException;
import com.m2m.domain.support.InMemoryAxon;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PartnerStanding#of}: the partner aggregate's own status, rebuilt from its events; unknown means not active. */
class PartnerStandingTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @RegisterExtension
    final InMemoryAxon axon = InMemoryAxon.withSimulatedTime(T0);
    private final PartnerStanding standing = PartnerStanding.of(axon.partners);

    private boolean active(String partnerId) throws Exception {
        return DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> standing.isActive(partnerId)).getPayload();
    }

    @Test
    void followsSuspensionAndReactivation() throws Exception {
        axon.given(new CreatePartnerCommand("acme", "Acme", T0));
        assertThat(active("acme")).isTrue();
        axon.given(new SuspendPartnerCommand("acme", T0.plusSeconds(1)));
        assertThat(active("acme")).isFalse();
        axon.given(new ReactivatePartnerCommand("acme", T0.plusSeconds(2)));
        assertThat(active("acme")).isTrue();
    }

    @Test
    void anUnknownPartnerIsNotActive() throws Exception {
        assertThat(active("nobody")).isFalse();
        assertThat(DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
            standing.ensureActive("nobody");
            return null;
        }).exceptionResult()).isInstanceOf(PartnerSuspendedException.class);
    }
}
