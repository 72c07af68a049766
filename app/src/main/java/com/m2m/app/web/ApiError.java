package com.m2m.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code error} member of a failure envelope. Optional members are left out when they do not apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String code, String message, String field, String existingLinkId, String state,
                       String requestId) {

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code.name(), message, null, null, null, null);
    }

    public ApiError withField(String field) {
        return new ApiError(code, message, field, existingLinkId, state, requestId);
    }

    public ApiError withExistingLinkId(String linkId) {
        return new ApiError(code, message, field, linkId, state, requestId);
    }

    /** For {@code INVALID_STATE}: the state that refused the request, in a word a client may branch on. */
    public ApiError withState(String refusingState) {
        return new ApiError(code, message, field, existingLinkId, refusingState, requestId);
    }

    public ApiError withRequestId(String id) {
        return new ApiError(code, message, field, existingLinkId, state, id);
    }
}
