package com.m2m.command.support;

import com.m2m.domain.common.Identifiers;
import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.staff.StaffActor;
import com.m2m.domain.user.CipReviewDecision;
import com.m2m.domain.user.ReviewCipCommand;
import com.m2m.domain.user.UserStatus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Support's review of a failed verification (SUPPORT role, checked by the app):
 * {@code POST /support/users/{userId}/cip/approve} and {@code /cip/reject} with {@code {"reason": "..."}}. The
 * {@code User} aggregate decides (only a {@code cip_failed} user, else 409 {@code INVALID_STATE}) and records the
 * review with the actor and the reason.
 */
@RestController
public record CipReviewController(CommandGateway commands, Clock clock) {

    static final int MAX_REASON = 500;

    public record CipReviewed(String userId, String decision, String status, String reviewedBy, Instant reviewedAt) {
    }

    @PostMapping("/support/users/{userId}/cip/approve")
    public CipReviewed approve(StaffActor actor, @PathVariable String userId,
                               @RequestBody(required = false) JsonNode body) {
        return review(actor, userId, body, CipReviewDecision.APPROVED);
    }

    @PostMapping("/support/users/{userId}/cip/reject")
    public CipReviewed reject(StaffActor actor, @PathVariable String userId,
                              @RequestBody(required = false) JsonNode body) {
        return review(actor, userId, body, CipReviewDecision.REJECTED);
    }

    private CipReviewed review(StaffActor actor, String userId, JsonNode body, CipReviewDecision decision) {
        String reason = reason(body);
        if (!Identifiers.isUserId(userId)) {
            throw new ResourceNotFoundException("User not found");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UserStatus status;
        try {
            status = commands.sendAndWait(new ReviewCipCommand(userId, decision, actor.name(), reason, now));
        } catch (AggregateNotFoundException | IncompatibleAggregateException unknown) {
            throw new ResourceNotFoundException("User not found");
        }
        return new CipReviewed(userId, decision.wireName(), status.wireName(), actor.name(), now);
    }

    private static String reason(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationException("reason", "The reason field is required (1 to " + MAX_REASON
                    + " characters) in a JSON object body");
        }
        JsonNode node = body.get("reason");
        if (node == null || node.isNull()) {
            throw new ValidationException("reason", "The reason field is required");
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_REASON) {
            throw new ValidationException("reason", "The reason field must be 1 to " + MAX_REASON + " characters");
        }
        return node.asText().trim();
    }
}
