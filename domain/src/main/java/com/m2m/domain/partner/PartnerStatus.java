package com.m2m.domain.partner;

public enum PartnerStatus {
    ACTIVE("active"),
    SUSPENDED("suspended");

    private final String wireName;

    PartnerStatus(String wireName) {
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
