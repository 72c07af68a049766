package com.m2m.domain.common;

import java.util.Map;

/**
 * Marks an event whose whole effect on its aggregate's state is a new status (opened, revoked, suspended...). The
 * aggregate keeps one table from such event types to the status each leaves it in and replays them all with one
 * event-sourcing handler, instead of one near-identical handler per event. A marker only: the serialized event is
 * unchanged.
 */
public interface StatusEvent {

    /**
     * The status {@code event} leaves its aggregate in, by the aggregate's {@code table}.
     *
     * @throws IllegalStateException when the table lacks the event's type (a new status event not mapped yet)
     */
    static <S> S statusAfter(StatusEvent event, Map<Class<? extends StatusEvent>, S> table) {
        S status = table.get(event.getClass());
        if (status == null) {
            throw new IllegalStateException("No status after " + event.getClass().getSimpleName());
        }
        return status;
    }
}
