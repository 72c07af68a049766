package com.m2m.domain.partner;

/**
 * Answer to {@link IssueApiKeyCommand}: the key, to be shown once by the caller (only its hash is stored), and its
 * listing prefix.
 */
public record IssuedApiKey(String key, String prefix) {

    @Override
    public String toString() {
        return "IssuedApiKey[prefix=" + prefix + "]";
    }
}
