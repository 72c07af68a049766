package com.m2m.domain.user.validation;

import com.m2m.domain.common.ValidationException;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A photo of the identity document: a {@code data:image/jpeg;base64,…} or {@code data:image/png;base64,…} URI
 * whose payload decodes with the basic (RFC 4648, no line breaks) Base64 decoder to 1 byte .. 5 MiB.
 */
public final class IdImage {

    public static final int MAX_BYTES = 5 * 1024 * 1024;
    /** The longest base64 text that can decode to at most {@link #MAX_BYTES}: longer is refused undecoded. */
    private static final int MAX_BASE64_CHARS = 4 * ((MAX_BYTES + 2) / 3);
    private static final Pattern DATA_URI = Pattern.compile("^data:image/(jpeg|png);base64,(.*)$", Pattern.DOTALL);

    private IdImage() {
    }

    public static boolean isValid(String value) {
        try {
            validate("idImage", value);
            return true;
        } catch (ValidationException e) {
            return false;
        }
    }

    /** Returns {@code value} when it is an acceptable image data URI, else throws naming {@code field}. */
    public static String validate(String field, String value) {
        Matcher matcher = value == null ? null : DATA_URI.matcher(value);
        if (matcher == null || !matcher.matches()) {
            throw new ValidationException(field,
                    "The " + field + " field must be a data:image/jpeg or data:image/png base64 URI");
        }
        String payload = matcher.group(2);
        if (payload.length() > MAX_BASE64_CHARS) {
            throw tooLarge(field);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, "The " + field + " field must carry valid base64 data");
        }
        if (decoded.length == 0) {
            throw new ValidationException(field, "The " + field + " field must not be an empty image");
        }
        if (decoded.length > MAX_BYTES) {
            throw tooLarge(field);
        }
        return value;
    }

    private static ValidationException tooLarge(String field) {
        return new ValidationException(field, "The " + field + " field must be at most 5 MiB once decoded");
    }
}
