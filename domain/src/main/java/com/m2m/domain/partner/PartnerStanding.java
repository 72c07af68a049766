package com.m2m.domain.partner;

import com.m2m.domain.common.PartnerSuspendedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Whether a partner may act (docs/domain.md "Partners": {@code active} or {@code suspended}), asked by the decisions
 * that open the way to money or move it: opening a link, creating an operation, a payout step. The answer comes
 * from the write model — the {@link Partner} aggregate rebuilt from its events inside the asking unit of work — never
 * from a read model. Injected into aggregate handlers as a resource, and passed to the operation-creation handler.
 */
@FunctionalInterface
public interface PartnerStanding {

    /** @return whether {@code partnerId} exists and is active */
    boolean isActive(String partnerId) throws Exception;

    /** @throws PartnerSuspendedException the partner is suspended or unknown */
    default void ensureActive(String partnerId) throws Exception {
        if (!isActive(partnerId)) {
            throw new PartnerSuspendedException();
        }
    }

    /**
     * The production answer: the partner aggregate loaded from {@code partners}. Loading it takes the aggregate's
     * lock for the rest of the unit of work, so on one node a suspension waits for a decision in progress (and the
     * decision sees the suspension once committed); an unknown partner is not active.
     */
    static PartnerStanding of(Repository<Partner> partners) {
        return partnerId -> {
            try {
                return partners.load(partnerId).invoke(Partner::isActive);
            } catch (AggregateNotFoundException unknown) {
                return false;
            }
        };
    }
}
