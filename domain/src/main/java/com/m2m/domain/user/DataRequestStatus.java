package com.m2m.domain.user;

public enum DataRequestStatus {
    PENDING("pending"),
    PARTIALLY_FULFILLED("partially_fulfilled"),
    FULFILLED("fulfilled"),
    EXPIRED("expired");

    private final String wireName;

    DataRequestStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
