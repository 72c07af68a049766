package com.m2m.query.user;

/**
 * A field as the widget may show it: its widget mask (e.g. {@code J***}, {@code ****RL09}, {@code •••• 5558}) and
 * the source that wrote it ({@code partner_api}, {@code partner_webhook}, {@code widget}).
 */
public record WidgetFieldView(String mask, String source) {
}
