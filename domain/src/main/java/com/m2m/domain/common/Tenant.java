package com.m2m.domain.common;

/**
 * The partner environment a request acts for, decided by its API key. Every partner-facing read and write is
 * scoped by it: a resource of another tenant answers exactly like one that does not exist.
 */
public record Tenant(String partnerId, Environment environment) {
}
