package com.m2m.domain.user;

/** Who wrote a field, in priority order (docs/domain.md "Field precedence"): a lower rank wins. */
public enum FieldSource {
    PARTNER_API("partner_api", 1),
    PARTNER_WEBHOOK("partner_webhook", 2),
    WIDGET("widget", 3);

    private final String wireName;
    private final int rank;

    FieldSource(String wireName, int rank) {
        this.wireName = wireName;
        this.rank = rank;
    }

    public String wireName() {
        return wireName;
    }

    /** True when a write from this source may replace a value written by {@code stored}: same or higher priority. */
    public boolean mayReplace(FieldSource stored) {
        return rank <= stored.rank;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
