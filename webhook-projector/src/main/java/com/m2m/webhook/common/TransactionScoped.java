package com.m2m.webhook.common;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value that lives as long as the current Spring transaction: created on first use, bound to the transaction
 * under its owner's key, handed to {@code beforeCommit} just before the commit (still inside the transaction, so
 * what it writes commits or rolls back with the rest), and forgotten when the transaction ends, whatever its outcome.
 *
 * <p>The outbox processor handles a batch of events in one transaction: what is the same for the whole batch (an
 * endpoint's target, the totals to add) is then read or written once per batch instead of once per event.
 */
public final class TransactionScoped {

    private TransactionScoped() {
    }

    /**
     * The value bound under {@code key} to the current transaction, created by {@code create} on first use; empty
     * when no transaction synchronization is active (auto-commit: the caller does the work at once).
     *
     * @param beforeCommit run once, before the commit of the transaction that created the value (may be null). It
     *                     must not bind a new value itself: Spring runs the {@code beforeCommit} of the
     *                     synchronizations registered when the commit began, so one bound meanwhile would never be
     *                     written (the outbox's batch therefore writes its totals directly)
     */
    @SuppressWarnings("unchecked")
    public static <T> Optional<T> bound(Object key, Supplier<T> create, Consumer<T> beforeCommit) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return Optional.empty();
        }
        Object existing = TransactionSynchronizationManager.getResource(key);
        if (existing != null) {
            return Optional.of((T) existing);
        }
        T created = create.get();
        TransactionSynchronizationManager.bindResource(key, created);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                if (beforeCommit != null) {
                    beforeCommit.accept(created);
                }
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
        return Optional.of(created);
    }
}
