package com.m2m.domain.partner;

/**
 * What {@link FindLinkSettingsQuery} answers: the environment's settings, whether a webhook URL is configured
 * ({@code webhookTarget}) and whether a signing secret exists ({@code webhookSecret}; once true it stays true, as a
 * secret is rotated, never removed).
 */
public record LinkSettings(PartnerSettings settings, boolean webhookTarget, boolean webhookSecret) {
}
