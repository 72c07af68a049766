package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.StatusEvent;

import java.time.Instant;

/** The link was opened in the widget for the first time. */
public record LinkOpenedEvent(String linkId, String userId, String partnerId, Environment environment,
                              String referenceId, DeviceInfo deviceInfo, Instant openedAt)
        implements LinkEvent, StatusEvent {
}
