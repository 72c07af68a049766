package com.m2m.domain.operation;

import com.m2m.domain.common.Environment;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.PersonalDataOwner;

import java.time.Instant;

/** A transfer was confirmed. {@code payoutAccount} (the full account, personal data) is what the payout needs. */
public record OperationCreatedEvent(String operationId, String userId, String linkId, String partnerId,
                                    Environment environment, String referenceId, String quoteId,
                                    OperationAmount amount, PayoutSummary payout, PersonalData payoutAccount,
                                    Instant createdAt) implements OperationEvent, PersonalDataOwner {
}
