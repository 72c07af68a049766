package com.m2m.app.web;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.staff.StaffActor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The staff tokens of {@code m2m.staff-tokens}: comma-separated {@code [name=]token:ROLE[+ROLE]} entries. The name
 * is who the audit trail shows; an entry without one (the older form) is named {@code staff_} + the first 8 hex of
 * the token's SHA-256, so the token itself never appears anywhere. Tokens shorter than {@value #MIN_TOKEN_LENGTH}
 * characters, unknown roles, duplicate tokens or names are refused at start-up.
 */
final class StaffTokens {

    static final int MIN_TOKEN_LENGTH = 24;
    static final Set<String> ROLES = Set.of("OPERATOR", "SUPPORT", "ANALYST", StaffActor.PII);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    private final Map<String, StaffActor> actorsByToken;

    private StaffTokens(Map<String, StaffActor> actorsByToken) {
        this.actorsByToken = actorsByToken;
    }

    static StaffTokens parse(String staffTokens) {
        Map<String, StaffActor> tokens = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        int position = 0;
        for (String raw : staffTokens.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            position++;
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw invalid("entries look like name=token:ROLE[+ROLE] (entry " + position + ")");
            }
            String credential = entry.substring(0, colon).trim();
            String name = null;
            // "name=token" only when what follows the first '=' is a whole token: a base64 token's '=' padding
            // (an older entry without a name) must not turn the token itself into a name.
            int equals = credential.indexOf('=');
            if (equals > 0 && NAME.matcher(credential.substring(0, equals)).matches()
                    && credential.length() - equals - 1 >= MIN_TOKEN_LENGTH) {
                name = credential.substring(0, equals);
                credential = credential.substring(equals + 1).trim();
            }
            if (credential.length() < MIN_TOKEN_LENGTH) {
                // Never echo any part of the entry: it may be a secret.
                throw invalid("a token must have at least " + MIN_TOKEN_LENGTH + " characters (entry " + position
                        + ")");
            }
            Set<String> roles = new LinkedHashSet<>();
            for (String role : entry.substring(colon + 1).split("\\+")) {
                String trimmed = role.trim();
                if (!ROLES.contains(trimmed)) {
                    throw invalid("unknown role '" + trimmed + "'; roles are OPERATOR, SUPPORT, ANALYST, PII");
                }
                roles.add(trimmed);
            }
            String actor = name != null ? name : "staff_" + Identifiers.sha256Hex(credential).substring(0, 8);
            if (!names.add(actor)) {
                throw invalid("the name " + actor + " is used twice");
            }
            if (tokens.put(credential, new StaffActor(actor, roles)) != null) {
                throw invalid("a token is listed twice");
            }
        }
        return new StaffTokens(tokens);
    }

    /** The actor a presented token belongs to; compared in constant time against every configured token. */
    Optional<StaffActor> find(String presented) {
        byte[] presentedBytes = presented.getBytes(StandardCharsets.UTF_8);
        StaffActor found = null;
        for (Map.Entry<String, StaffActor> entry : actorsByToken.entrySet()) {
            if (MessageDigest.isEqual(presentedBytes, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("m2m.staff-tokens: " + why);
    }

    @Override
    public String toString() {
        return "StaffTokens" + Arrays.toString(actorsByToken.values().stream().map(StaffActor::name).toArray());
    }
}
