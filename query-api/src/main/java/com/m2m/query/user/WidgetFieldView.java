package com.m2m.query.user;

/**
 * A field as the widget may show it: its widget mask (e.g. {@code J***}, {@code ****RL09}, {@code •••• 5558}) and
 * the source that wrote it ({@code partner_api}, {@code partner_webhook}, {@code widget}). The mask is
 * {@link com.m2m.query.common.Erased {"erased": true}} once the user was forgotten.
 */
public record WidgetFieldView(Object mask, String source) {
}
