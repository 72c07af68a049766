package com.m2m.domain.user;

/**
 * Deterministic sandbox rules (docs/domain.md "Sandbox verification"): date of birth 1900-01-01 fails with
 * {@code identity_mismatch}, an id number ending in 0000 fails with {@code document_invalid}, anything else passes.
 */
public class SandboxIdentityVerifier implements IdentityVerifier {

    public static final String IDENTITY_MISMATCH = "identity_mismatch";
    public static final String DOCUMENT_INVALID = "document_invalid";

    @Override
    public VerificationDecision verify(IdentitySnapshot identity) {
        if ("1900-01-01".equals(identity.get(UserField.DOB))) {
            return VerificationDecision.fail(IDENTITY_MISMATCH);
        }
        String idNumber = identity.get(UserField.ID_NUMBER);
        if (idNumber != null && idNumber.endsWith("0000")) {
            return VerificationDecision.fail(DOCUMENT_INVALID);
        }
        return VerificationDecision.pass();
    }
}
