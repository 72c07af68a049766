package com.m2m.domain.user;

import com.m2m.domain.common.WireName;

/** Who wrote a field, in priority order (docs/domain.md "Field precedence"): a lower rank wins. */
public enum FieldSource implements WireName {
    PARTNER_API(1),
    PARTNER_WEBHOOK(2),
    WIDGET(3);

    private final int rank;

    FieldSource(int rank) {
        this.rank = rank;
    }

    /** True when a write from this source may replace a value written by {@code stored}: same or higher priority. */
    public boolean mayReplace(FieldSource stored) {
        return rank <= stored.rank;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
