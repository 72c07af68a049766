package com.m2m.domain.user;

/**
 * The identity verification provider. The platform ships one implementation, {@link SandboxIdentityVerifier}, used
 * in sandbox and (until a real provider is contracted) in live too.
 */
public interface IdentityVerifier {

    VerificationDecision verify(IdentitySnapshot identity);
}
