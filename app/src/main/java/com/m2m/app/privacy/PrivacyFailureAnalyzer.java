package com.m2m.app.privacy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a {@link PrivacyStartupFailure} as Spring Boot's short "APPLICATION FAILED TO START" report. */
public class PrivacyFailureAnalyzer extends AbstractFailureAnalyzer<PrivacyStartupFailure> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PrivacyStartupFailure cause) {
        return new FailureAnalysis(cause.getMessage(),
                "See the README, section \"Privacy: encryption and forgetting\".", cause);
    }
}
