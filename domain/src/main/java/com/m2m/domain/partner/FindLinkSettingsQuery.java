package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;

/**
 * What creating a link needs of a partner's environment, in one read: its settings and whether webhooks have a
 * target and a signing secret (so the command side reads the partner directory once, not it and the endpoints).
 */
public record FindLinkSettingsQuery(String partnerId, Environment environment) {
}
