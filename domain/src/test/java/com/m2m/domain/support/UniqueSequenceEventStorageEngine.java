package com.m2m.domain.support;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The in-memory engine with the uniqueness a relational event store gets from its primary key: one event per
 * (aggregate, sequence number), refused with {@link AggregateStreamCreationException} for sequence 0 and
 * {@link ConcurrencyException} otherwise. A batch (one unit of work) is accepted or refused whole. The plain
 * {@link InMemoryEventStorageEngine} accepts duplicates, which would hide the races the handlers rely on the store to
 * settle.
 */
public final class UniqueSequenceEventStorageEngine extends InMemoryEventStorageEngine {

    private final Set<String> taken = new HashSet<>();

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        List<DomainEventMessage<?>> domainEvents = events.stream()
                .filter(DomainEventMessage.class::isInstance)
                .<DomainEventMessage<?>>map(e -> (DomainEventMessage<?>) e)
                .toList();
        List<String> keys = domainEvents.stream()
                .map(e -> e.getAggregateIdentifier() + "#" + e.getSequenceNumber()).toList();
        synchronized (taken) {
            Set<String> batch = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                if (taken.contains(keys.get(i)) || !batch.add(keys.get(i))) {
                    DomainEventMessage<?> event = domainEvents.get(i);
                    String message = "An event for aggregate [%s] at sequence [%d] was already inserted"
                            .formatted(event.getAggregateIdentifier(), event.getSequenceNumber());
                    throw event.getSequenceNumber() == 0
                            ? new AggregateStreamCreationException(message)
                            : new ConcurrencyException(message);
                }
            }
            taken.addAll(keys);
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onRollback(u -> {
                synchronized (taken) {
                    keys.forEach(taken::remove);
                }
            });
        }
        super.appendEvents(events);
    }
}
