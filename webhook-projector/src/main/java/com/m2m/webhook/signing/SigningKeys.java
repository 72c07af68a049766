package com.m2m.webhook.signing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The secrets an environment signs with: the current one and, until {@code previousValidUntil}, the one it
 * replaced. {@code toString} never shows a secret.
 */
public record SigningKeys(String current, String previous, Instant previousValidUntil) {

    public static SigningKeys single(String current) {
        return new SigningKeys(current, null, null);
    }

    /** The secrets that sign at {@code now}, newest first; empty when the environment has no secret yet. */
    public List<String> activeAt(Instant now) {
        List<String> active = new ArrayList<>(2);
        if (current != null) {
            active.add(current);
        }
        if (previous != null && previousValidUntil != null && now.isBefore(previousValidUntil)) {
            active.add(previous);
        }
        return active;
    }

    @Override
    public String toString() {
        return "SigningKeys[current=" + (current == null ? "none" : "***") + ", previousValidUntil="
                + previousValidUntil + "]";
    }
}
