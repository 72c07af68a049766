package com.m2m.domain.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Shapes and generators of the public identifiers (docs/api.md "Identifiers"). */
public final class Identifiers {

    public static final Pattern PARTNER_SLUG = Pattern.compile("[a-z0-9]{1,40}");
    public static final Pattern REFERENCE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final String REFERENCE_ID_MESSAGE =
            "The %s field must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'";
    private static final String PARTNER_SLUG_MESSAGE = "The %s field must be 1 to 40 characters of a-z and 0-9";

    /** Minted ids: {@code <type>_<partner slug>_<hex>}; the slug names the partner the resource belongs to. */
    private static final Pattern LINK_ID = Pattern.compile("link_([a-z0-9]{1,40})_[0-9a-f]{12}");
    private static final Pattern OPERATION_ID = Pattern.compile("op_([a-z0-9]{1,40})_[0-9a-f]{12}");
    private static final Pattern DATA_REQUEST_ID = Pattern.compile("dr_([a-z0-9]{1,40})_[0-9a-f]{12}");
    /** Derived, not minted: {@code user_<partner slug>_<20 hex of the referenceId's hash>} ({@link #userId}). */
    private static final Pattern USER_ID = Pattern.compile("user_([a-z0-9]{1,40})_[0-9a-f]{20}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Identifiers() {
    }

    public static String newLinkId(String partnerId) {
        return "link_" + partnerId + "_" + randomHex(6);
    }

    /**
     * The user id is derived from (partner, environment, referenceId), so two concurrent first links for one
     * referenceId address the same aggregate and the event store's sequence constraint lets only one create it.
     */
    public static String userId(String partnerId, Environment environment, String referenceId) {
        return "user_" + partnerId + "_" + sha256Hex(environment.wireName() + ":" + referenceId).substring(0, 20);
    }

    public static String randomHex(int bytes) {
        return HEX.formatHex(randomBytes(bytes));
    }

    public static byte[] randomBytes(int count) {
        byte[] buffer = new byte[count];
        RANDOM.nextBytes(buffer);
        return buffer;
    }

    public static String newOperationId(String partnerId) {
        return "op_" + partnerId + "_" + randomHex(6);
    }

    public static String newQuoteId() {
        return "qt_" + randomHex(12);
    }

    public static String newDataRequestId(String partnerId) {
        return "dr_" + partnerId + "_" + randomHex(6);
    }

    /**
     * Whether {@code id} has the shape of a link id. Checked before an aggregate is loaded by a client-supplied id:
     * an id of another shape (a user id, say) names no link, and must answer exactly like a missing one.
     */
    public static boolean isLinkId(String id) {
        return id != null && LINK_ID.matcher(id).matches();
    }

    /** A link id of partner {@code partnerId}: another partner's link answers like a missing one, unloaded. */
    public static boolean isLinkIdOf(String id, String partnerId) {
        return ownedBy(LINK_ID, id, partnerId);
    }

    public static boolean isOperationIdOf(String id, String partnerId) {
        return ownedBy(OPERATION_ID, id, partnerId);
    }

    public static boolean isDataRequestIdOf(String id, String partnerId) {
        return ownedBy(DATA_REQUEST_ID, id, partnerId);
    }

    /** Whether {@code value} is a well-formed referenceId: 1 to 128 characters of {@code [A-Za-z0-9_.:-]}. */
    public static boolean isReferenceId(String value) {
        return value != null && REFERENCE_ID.matcher(value).matches();
    }

    /**
     * {@code value} when it is a well-formed referenceId; otherwise the one 400 every route answers for a bad one,
     * naming {@code field} (the body field, path variable or query parameter that carried it).
     */
    public static String requireReferenceId(String field, String value) {
        return require(isReferenceId(value), REFERENCE_ID_MESSAGE, field, value);
    }

    /** Whether {@code id} has the shape of a user id (checked before a user's stream is loaded by a staff route). */
    public static boolean isUserId(String id) {
        return id != null && USER_ID.matcher(id).matches();
    }

    /** A partner slug: the id of a {@link com.m2m.domain.partner.Partner} aggregate and nothing else. */
    public static boolean isPartnerSlug(String id) {
        return id != null && PARTNER_SLUG.matcher(id).matches();
    }

    /**
     * {@code value} when it is a partner slug; otherwise the one 400 every route answers for a bad one, naming
     * {@code field}.
     */
    public static String requirePartnerSlug(String field, String value) {
        return require(isPartnerSlug(value), PARTNER_SLUG_MESSAGE, field, value);
    }

    private static String require(boolean wellFormed, String message, String field, String value) {
        if (!wellFormed) {
            throw new ValidationException(field, message.formatted(field));
        }
        return value;
    }

    private static boolean ownedBy(Pattern shape, String id, String partnerId) {
        if (id == null || partnerId == null) {
            return false;
        }
        var matcher = shape.matcher(id);
        return matcher.matches() && matcher.group(1).equals(partnerId);
    }

    public static String randomAlphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    public static String sha256Hex(String value) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM specification", e);
        }
    }
}
