package com.m2m.domain.user;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.ReferenceIdMismatchException;
import com.m2m.domain.common.ResourceNotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A partner's end user: per field value, source and time; the CIP state; the one active link.
 * Link creation (which touches this aggregate and a new {@code Link} in one transaction) is driven by
 * {@code LinkCreationHandler}; that is why a few methods here are public.
 */
public class User {

    /** The deadline on which the identity provider's decision is taken; its payload is the verification id. */
    public static final String CIP_DECISION_DEADLINE = "cip-decision";

    static final String VERIFICATION_FAILED_MESSAGE =
            "Identity verification failed; the case is with our support team";
    static final String DATA_INCOMPLETE_MESSAGE = "Required data is incomplete";
    static final String NOT_FAILED_MESSAGE = "Only a user whose verification failed (cip_failed) can be reviewed";

    @AggregateIdentifier
    private String userId;
    private String partnerId;
    private Environment environment;
    private String referenceId;
    private final Map<UserField, StoredField> fields = new EnumMap<>(UserField.class);
    private UserStatus status;
    private List<UserField> missingFields = List.of();
    private String activeLinkId;
    /** The verification started last; a decision for any other one is stale. */
    private String verificationId;
    private final Map<String, DataRequest> dataRequests = new LinkedHashMap<>();
    /** Forgotten and not started over yet: no field is known, a pending decision is void. */
    private boolean forgotten;

    User() {
        // required by Axon to rebuild the aggregate from its events
    }

    public User(String userId, String partnerId, Environment environment, String referenceId,
                Set<UserField> requiredFields, Instant at) {
        apply(new UserCreatedEvent(userId, partnerId, environment, referenceId, sorted(requiredFields), at));
    }

    @CommandHandler
    MergeOutcome handle(MergeUserDataCommand command) {
        return merge(command.userData(), command.source(), command.requiredFields(), command.at());
    }

    /**
     * Merges every field present under the precedence rules, records ignored writes, then re-evaluates CIP
     * against {@code requiredFields} (the partner's current set).
     */
    public MergeOutcome merge(UserData data, FieldSource source, Set<UserField> requiredFields, Instant at) {
        List<UserField> ignored = new ArrayList<>();
        boolean identityChanged = false;
        for (Map.Entry<UserField, PersonalData> entry : data.values().entrySet()) {
            UserField field = entry.getKey();
            PersonalData value = entry.getValue();
            StoredField stored = fields.get(field);
            if (stored == null) {
                apply(new FieldMergedEvent(userId, field, source, value, null, at));
            } else if (!source.mayReplace(stored.source())) {
                apply(new FieldUpdateIgnoredEvent(userId, field, source, value, stored.source(),
                        FieldUpdateIgnoredEvent.LOWER_PRIORITY_SOURCE, at));
                ignored.add(field);
            } else if (!(stored.value().sameValueAs(value) && stored.source() == source)) {
                identityChanged |= field.isIdentity() && !stored.value().sameValueAs(value);
                apply(new FieldMergedEvent(userId, field, source, value, stored.source(), at));
            }
        }
        evaluate(requiredFields, identityChanged, at);
        if (missingFields.isEmpty()) {
            dataRequests.values().stream().filter(request -> request.isOpenAt(at)).toList()
                    .forEach(request -> apply(new DataRequestFulfilledEvent(userId, request.id(), request.linkId(),
                            source, at)));
        }
        return new MergeOutcome(status, missingFields, List.copyOf(ignored));
    }

    /**
     * Asks the partner for what is missing, when something is: never for a user whose data is complete or who is
     * being or has been verified.
     */
    public void openDataRequestIfIncomplete(String dataRequestId, String linkId, Instant expiresAt, Instant at) {
        if ((status == UserStatus.PENDING || status == UserStatus.DATA_INCOMPLETE) && !missingFields.isEmpty()) {
            apply(new DataRequestOpenedEvent(userId, dataRequestId, linkId, partnerId, environment, referenceId,
                    missingFields, expiresAt, at));
        }
    }

    /** The link a data request was opened with, so its answer can be checked against that link's state. */
    public Optional<String> dataRequestLinkId(String dataRequestId) {
        return Optional.ofNullable(dataRequests.get(dataRequestId)).map(DataRequest::linkId);
    }

    /**
     * The partner's answer to a data request ({@link DataRequestAnswerHandler} first asks the request's link whether
     * it has closed early: a request expires with its link, also when that link was revoked or expired before its
     * time).
     */
    public DataRequestAnswer answerDataRequest(FulfilDataRequestCommand command, boolean linkClosed) {
        DataRequest request = dataRequests.get(command.dataRequestId());
        if (request == null) {
            throw new ResourceNotFoundException(DataRequest.NOT_FOUND);
        }
        if (!referenceId.equals(command.referenceId())) {
            throw new ReferenceIdMismatchException();
        }
        if (linkClosed || !command.at().isBefore(request.expiresAt())) {
            throw new LinkExpiredException();
        }
        MergeOutcome outcome = merge(command.userData(), FieldSource.PARTNER_WEBHOOK, command.requiredFields(),
                command.at());
        DataRequest merged = dataRequests.get(command.dataRequestId());
        if (merged.isOpenAt(command.at()) && !outcome.missingFields().equals(merged.remainingFields())) {
            apply(new DataRequestPartiallyFulfilledEvent(userId, merged.id(), merged.linkId(),
                    outcome.missingFields(), command.at()));
        }
        DataRequest answered = dataRequests.get(command.dataRequestId());
        return new DataRequestAnswer(answered.id(), answered.status(), answered.linkId(), answered.fulfilledAt(),
                answered.status() == DataRequestStatus.FULFILLED ? List.of() : answered.remainingFields());
    }

    private void evaluate(Set<UserField> requiredFields, boolean identityChanged, Instant at) {
        List<UserField> missing = requiredFields.stream().filter(f -> !fields.containsKey(f)).sorted().toList();
        UserStatus next;
        if (status == UserStatus.CIP_FAILED || (status.isVerificationStage() && !identityChanged)) {
            // A failed verification is support's to review: new data never clears it by itself.
            next = status;
        } else if (fields.isEmpty()) {
            next = UserStatus.PENDING;
        } else {
            next = missing.isEmpty() ? UserStatus.DATA_COMPLETE : UserStatus.DATA_INCOMPLETE;
        }
        if (next != status || !missing.equals(missingFields)) {
            apply(new UserStatusChangedEvent(userId, status, next, missing, at));
        }
    }

    // ---------------------------------------------------------------- CIP verification

    /**
     * The end user consented to verification: a data-complete user goes {@code cip_pending} and the provider's
     * decision is scheduled {@code decisionDelay} later. Idempotent while pending and once verified (a verified user
     * is never verified again while the identity stays the same).
     *
     * @return the status afterwards
     * @throws InvalidStateException when verification failed before, or required data is missing
     */
    @CommandHandler
    UserStatus handle(StartCipVerificationCommand command, DeadlineManager deadlines) {
        switch (status) {
            case CIP_PENDING, CIP_VERIFIED -> {
                return status;
            }
            case CIP_FAILED -> throw new InvalidStateException(VERIFICATION_FAILED_MESSAGE);
            case PENDING, DATA_INCOMPLETE -> throw new InvalidStateException(DATA_INCOMPLETE_MESSAGE);
            default -> {
                // DATA_COMPLETE: start below
            }
        }
        String started = "ver_" + Identifiers.randomHex(8);
        apply(new CipVerificationStartedEvent(userId, started, command.at()));
        apply(new UserStatusChangedEvent(userId, status, UserStatus.CIP_PENDING, missingFields, command.at()));
        deadlines.schedule(command.decisionDelay(), CIP_DECISION_DEADLINE, started);
        return status;
    }

    /**
     * The provider decides on the identity as it is now. Ignored unless the user is still {@code cip_pending} on
     * this very verification: an identity change meanwhile sent the user back to {@code data_complete} (and maybe
     * into a newer verification), and a decision about the old identity must not count.
     */
    @DeadlineHandler(deadlineName = CIP_DECISION_DEADLINE)
    void decide(String decidedVerificationId, IdentityVerifier verifier) {
        if (forgotten || status != UserStatus.CIP_PENDING || !decidedVerificationId.equals(verificationId)) {
            return;
        }
        VerificationDecision decision = verifier.verify(identity());
        Instant at = Instant.now();
        if (decision.verified()) {
            apply(new CipVerifiedEvent(userId, verificationId, at));
            apply(new UserStatusChangedEvent(userId, status, UserStatus.CIP_VERIFIED, missingFields, at));
        } else {
            apply(new CipFailedEvent(userId, verificationId, decision.reason(), at));
            apply(new UserStatusChangedEvent(userId, status, UserStatus.CIP_FAILED, missingFields, at));
        }
    }

    /**
     * Support's review of a failed verification. Only a {@code cip_failed} user can be reviewed: approving clears the
     * block ({@code cip_verified}), rejecting confirms it (the user stays {@code cip_failed}); both are on record
     * with the actor and the reason. A rejected case may still be approved later (a second look).
     *
     * @return the status afterwards
     * @throws InvalidStateException when the user is not {@code cip_failed}
     */
    @CommandHandler
    UserStatus handle(ReviewCipCommand command) {
        if (status != UserStatus.CIP_FAILED) {
            throw new InvalidStateException(NOT_FAILED_MESSAGE);
        }
        apply(new CipReviewedEvent(userId, verificationId, command.decision(), command.actor(), command.reason(),
                command.at()));
        if (command.decision() == CipReviewDecision.APPROVED) {
            apply(new UserStatusChangedEvent(userId, status, UserStatus.CIP_VERIFIED, missingFields, command.at()));
        }
        return status;
    }

    // ---------------------------------------------------------------- forgetting

    /**
     * Records that the user was forgotten (the caller deletes the data key in the same transaction). Statuses stay
     * as they were; the fields are no longer known. Forgetting twice records it twice (each one an operator act).
     */
    @CommandHandler
    void handle(ForgetUserCommand command) {
        apply(new UserForgottenEvent(userId, partnerId, environment, referenceId, command.at()));
    }

    /**
     * A new link for a forgotten user starts over: {@code pending}, every required field missing, verification
     * required again (the old verification was about data nobody can read any more).
     */
    public void startOverIfForgotten(Set<UserField> requiredFields, Instant at) {
        if (forgotten) {
            UserStatus previous = status;
            List<UserField> missing = sorted(requiredFields);
            apply(new UserStartedOverEvent(userId, missing, at));
            // The status change is a fact of its own, so every reader of statuses (analytics, webhooks to come)
            // follows without knowing about forgetting.
            if (previous != UserStatus.PENDING) {
                apply(new UserStatusChangedEvent(userId, previous, UserStatus.PENDING, missing, at));
            }
        }
    }

    public boolean isForgotten() {
        return forgotten;
    }

    /** The identity fields' current values (absent fields are left out). */
    private IdentitySnapshot identity() {
        Map<UserField, String> values = new EnumMap<>(UserField.class);
        fields.forEach((field, stored) -> {
            if (field.isIdentity()) {
                values.put(field, stored.value().value());
            }
        });
        return new IdentitySnapshot(values);
    }

    public void assignActiveLink(String linkId, Instant expiresAt, Instant at) {
        apply(new ActiveLinkAssignedEvent(userId, linkId, expiresAt, at));
    }

    public String activeLinkId() {
        return activeLinkId;
    }

    public UserStatus status() {
        return status;
    }

    /** The current payout destination, decoded from the stored {@code paymentMethod} field; empty when none. */
    public Optional<PaymentMethod> paymentMethod() {
        return Optional.ofNullable(fields.get(UserField.PAYMENT_METHOD))
                .map(stored -> PaymentMethod.decode(stored.value().value()));
    }

    public String userId() {
        return userId;
    }

    public String partnerId() {
        return partnerId;
    }

    public Environment environment() {
        return environment;
    }

    public String referenceId() {
        return referenceId;
    }

    /** The required fields still missing, as last evaluated. */
    public List<UserField> missingFields() {
        return missingFields;
    }

    /** The verification started last; null if none ever started. */
    public String verificationId() {
        return verificationId;
    }

    @EventSourcingHandler
    void on(UserCreatedEvent event) {
        userId = event.userId();
        partnerId = event.partnerId();
        environment = event.environment();
        referenceId = event.referenceId();
        status = UserStatus.PENDING;
        missingFields = event.requiredFields();
    }

    @EventSourcingHandler
    void on(FieldMergedEvent event) {
        fields.put(event.field(), new StoredField(event.value(), event.source(), event.at()));
    }

    @EventSourcingHandler
    void on(UserStatusChangedEvent event) {
        status = event.status();
        missingFields = event.missingFields();
    }

    @EventSourcingHandler
    void on(CipVerificationStartedEvent event) {
        verificationId = event.verificationId();
    }

    @EventSourcingHandler
    void on(UserForgottenEvent event) {
        fields.clear();
        forgotten = true;
    }

    @EventSourcingHandler
    void on(UserStartedOverEvent event) {
        forgotten = false;
        status = UserStatus.PENDING;
        missingFields = event.requiredFields();
        verificationId = null;
    }

    @EventSourcingHandler
    void on(ActiveLinkAssignedEvent event) {
        activeLinkId = event.linkId();
    }

    @EventSourcingHandler
    void on(DataRequestOpenedEvent event) {
        dataRequests.put(event.dataRequestId(), new DataRequest(event.dataRequestId(), event.linkId(),
                event.requiredFields(), event.expiresAt(), DataRequestStatus.PENDING, null));
    }

    @EventSourcingHandler
    void on(DataRequestPartiallyFulfilledEvent event) {
        dataRequests.computeIfPresent(event.dataRequestId(), (id, request) -> new DataRequest(id, request.linkId(),
                event.remainingFields(), request.expiresAt(), DataRequestStatus.PARTIALLY_FULFILLED, null));
    }

    @EventSourcingHandler
    void on(DataRequestFulfilledEvent event) {
        dataRequests.computeIfPresent(event.dataRequestId(), (id, request) -> new DataRequest(id, request.linkId(),
                List.of(), request.expiresAt(), DataRequestStatus.FULFILLED, event.at()));
    }

    private static List<UserField> sorted(Set<UserField> fields) {
        return fields.stream().sorted().toList();
    }

    /** Every field the user has, in the order of {@link UserField} (for support's point-in-time view). */
    public Map<UserField, StoredField> fields() {
        return Collections.unmodifiableMap(new EnumMap<>(fields));
    }

    /** The user's data requests in the order they were opened (for support's point-in-time view). */
    public List<DataRequest> dataRequests() {
        return List.copyOf(dataRequests.values());
    }

    /** One field: its value, who wrote it and when. */
    public record StoredField(PersonalData value, FieldSource source, Instant at) {
    }

    /** {@code remainingFields}: what the request still waits for (its required fields until a partial answer). */
    public record DataRequest(String id, String linkId, List<UserField> remainingFields, Instant expiresAt,
                               DataRequestStatus status, Instant fulfilledAt) {

        static final String NOT_FOUND = "Data request not found";

        boolean isOpenAt(Instant at) {
            return status != DataRequestStatus.FULFILLED && at.isBefore(expiresAt);
        }
    }
}
