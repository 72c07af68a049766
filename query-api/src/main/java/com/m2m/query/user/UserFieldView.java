package com.m2m.query.user;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Who wrote one field and when. The value itself is never returned; {@code maskedValue} ({@code ****} and the
 * last four characters) exists only for {@code idNumber} and {@code paymentMethod} and is omitted elsewhere; once
 * the user was forgotten it is {@code {"erased": true}} for every field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserFieldView(String source, Instant updatedAt, Object maskedValue) {
}
