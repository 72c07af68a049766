package com.m2m.domain.user.validation;

/** Character-class helpers shared by the validators (ASCII only where a rule says "digits"). */
final class Chars {

    private Chars() {
    }

    static boolean isAsciiDigits(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static int length(String value) {
        return value.codePointCount(0, value.length());
    }
}
