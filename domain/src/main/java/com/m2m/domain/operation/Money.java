package com.m2m.domain.operation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts are decimals with two places, never binary floating point. */
public final class Money {

    public static final BigDecimal MIN_SEND = new BigDecimal("1.00");
    public static final BigDecimal MAX_SEND = new BigDecimal("2999.00");

    private Money() {
    }

    public static BigDecimal amount(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
