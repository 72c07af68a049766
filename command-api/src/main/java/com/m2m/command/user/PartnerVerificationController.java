package com.m2m.command.user;

import com.m2m.command.config.CipProperties;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.user.StartCipVerificationCommand;
import com.m2m.domain.user.UserStatus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code POST /partner/users/{referenceId}/verification}: the partner, having the user's consent, starts identity
 * verification without the widget. The same command as the widget's consent, so the same verifier, the same
 * {@code cip_pending} → {@code cip_verified}/{@code cip_failed} and the same webhooks. 202 with the status
 * afterwards; 409 {@code INVALID_STATE} when required data is missing or a verification failed before; a verified
 * or pending user answers 202 with that status (nothing is started twice).
 */
@RestController
public record PartnerVerificationController(CommandGateway commands, Clock clock, CipProperties cip) {

    public record VerificationStarted(String referenceId, String userId, String status) {
    }

    @PostMapping("/partner/users/{referenceId}/verification")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public VerificationStarted start(Tenant tenant, @PathVariable String referenceId) {
        Identifiers.requireReferenceId("referenceId", referenceId);
        String userId = Identifiers.userId(tenant.partnerId(), tenant.environment(), referenceId);
        UserStatus status;
        try {
            status = commands.sendAndWait(new StartCipVerificationCommand(userId, cip.sandboxDelay(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        } catch (AggregateNotFoundException unknown) {
            throw new ResourceNotFoundException("User not found");
        }
        return new VerificationStarted(referenceId, userId, status.wireName());
    }
}
