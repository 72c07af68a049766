package com.m2m.domain.operation;

/** Where the money goes, as partners may see it: method, country and the account's last four characters. */
public record PayoutSummary(String method, String country, String accountLast4) {
}
