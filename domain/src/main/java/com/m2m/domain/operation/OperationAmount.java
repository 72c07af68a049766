package com.m2m.domain.operation;

import java.math.BigDecimal;

/** What the user sends, what the recipient gets, at which rate and fee (docs/api.md "Operations" {@code amount}). */
public record OperationAmount(BigDecimal send, BigDecimal receive, BigDecimal rate, BigDecimal fee,
                              String sourceCurrency, String destinationCurrency) {
}
