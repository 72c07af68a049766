package com.m2m.command.widget;

import com.m2m.command.common.TooManyRequestsException;

/**
 * Failed session exchanges per link ({@code POST /widget/api/sessions} with a wrong token): once a link has had
 * its allowance of failures in the window, every exchange for it is refused — the right token too — until the
 * window passes, so a link's token cannot be guessed at speed. Implemented by the application (its settings).
 */
public interface SessionAttemptLimiter {

    /** @throws TooManyRequestsException the link has used up its failed attempts for now */
    void ensureAllowed(String linkId);

    /** A wrong token or an unknown link. */
    void recordFailure(String linkId);
}
