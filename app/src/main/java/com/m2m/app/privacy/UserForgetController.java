package com.m2m.app.privacy;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.user.ForgetUserCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code POST /admin/users/{userId}/forget} (OPERATOR, by the staff path rules): records
 * {@code UserForgottenEvent} and deletes the user's data keys in one transaction, so either both happen or
 * neither. Afterwards every personal value in the user's events reads as erased, everywhere and for good.
 */
@RestController
public record UserForgetController(CommandGateway commands, DataKeyStore keys, TransactionTemplate transaction,
                                   Clock clock) {

    public record ForgottenUser(String userId, boolean forgotten, Instant forgottenAt) {
    }

    @PostMapping("/admin/users/{userId}/forget")
    public ResponseEntity<ForgottenUser> forget(@PathVariable String userId) {
        if (!Identifiers.isUserId(userId)) {      // anything else cannot be a user, and is not looked up
            throw new ResourceNotFoundException("User not found");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        transaction.executeWithoutResult(status -> {
            commands.sendAndWait(new ForgetUserCommand(userId, now));
            keys.forget(userId);
        });
        return ResponseEntity.ok(new ForgottenUser(userId, true, now));
    }
}
