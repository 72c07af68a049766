package com.m2m.query.support;

import com.m2m.domain.staff.AuditTrail;
import com.m2m.domain.staff.StaffActor;
import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Support's reads (SUPPORT role, checked by the app). Finding a user reads the {@code user_view} projection; the
 * history and the point-in-time state read the user's events from the event store. Personal values are masked
 * unless the token has the {@code PII} role; every such unmasked read is written to the audit trail.
 */
@RestController
public record SupportUserController(SupportUserDirectory directory, UserEventStream events, LinkHistory links,
                                    AuditTrail audit, Clock clock) {

    static final String PII_READ = "pii.read";

    @GetMapping("/support/users")
    public Page<SupportUserDirectory.SupportUser> find(@RequestParam(required = false) String partnerId,
                                                       @RequestParam(required = false) String environment,
                                                       @RequestParam(required = false) String referenceId,
                                                       @RequestParam(required = false) String page,
                                                       @RequestParam(required = false) String limit) {
        return directory.find(QueryParams.partnerId(partnerId), QueryParams.environment(environment),
                QueryParams.referenceId(referenceId), PageRequest.parse(page, limit));
    }

    @GetMapping("/support/users/{userId}/history")
    public UserHistory.History history(StaffActor actor, @PathVariable String userId) {
        PersonalValues values = new PersonalValues(actor);
        List<DomainEventMessage<?>> stream = events.read(userId);
        UserHistory.History history = UserHistory.of(stream, values).withLinks(links.of(stream));
        auditUnmasked(actor, values, userId);
        return history;
    }

    @GetMapping("/support/users/{userId}/state")
    public UserStateAt.State state(StaffActor actor, @PathVariable String userId,
                                   @RequestParam(required = false) String asOf) {
        Instant at = QueryParams.from(asOf, "asOf").orElseGet(clock::instant);
        PersonalValues values = new PersonalValues(actor);
        UserStateAt.State state = UserStateAt.of(events.read(userId), at, values);
        auditUnmasked(actor, values, userId);
        return state;
    }

    private void auditUnmasked(StaffActor actor, PersonalValues values, String userId) {
        if (values.unmasked()) {
            audit.record(actor.name(), PII_READ, userId, clock.instant());
        }
    }
}
