package com.m2m.domain.common;

import com.m2m.domain.link.LinkStatus;
import com.m2m.domain.operation.OperationStatus;
import com.m2m.domain.partner.PartnerStatus;
import com.m2m.domain.user.CipReviewDecision;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.UserStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire names the API, webhooks and read models carry: one rule (lower-case constant name) for every status enum. */
class WireNameTest {

    @Test
    void everyStatusHasItsDocumentedWireName() {
        assertThat(wireNames(LinkStatus.values()))
                .containsExactly("created", "opened", "in_progress", "completed", "expired", "revoked");
        assertThat(wireNames(UserStatus.values())).containsExactly(
                "pending", "data_incomplete", "data_complete", "cip_pending", "cip_verified", "cip_failed");
        assertThat(wireNames(OperationStatus.values()))
                .containsExactly("created", "processing", "completed", "failed", "cancelled");
        assertThat(wireNames(DataRequestStatus.values()))
                .containsExactly("pending", "partially_fulfilled", "fulfilled", "expired");
        assertThat(wireNames(PartnerStatus.values())).containsExactly("active", "suspended");
        assertThat(wireNames(CipReviewDecision.values())).containsExactly("approved", "rejected");
        assertThat(wireNames(FieldSource.values())).containsExactly("partner_api", "partner_webhook", "widget");
        assertThat(wireNames(Environment.values())).containsExactly("sandbox", "live");
    }

    @Test
    void toStringIsTheWireName() {
        assertThat(LinkStatus.IN_PROGRESS).hasToString("in_progress");
        assertThat(DataRequestStatus.PARTIALLY_FULFILLED).hasToString("partially_fulfilled");
        assertThat(Environment.LIVE).hasToString("live");
        assertThat(FieldSource.PARTNER_WEBHOOK).hasToString("partner_webhook");
    }

    @Test
    void fromWireFindsOnlyExactWireNames() {
        assertThat(WireName.fromWire(OperationStatus.class, "processing")).contains(OperationStatus.PROCESSING);
        assertThat(WireName.fromWire(OperationStatus.class, "PROCESSING")).isEmpty();
        assertThat(WireName.fromWire(OperationStatus.class, null)).isEmpty();
        assertThat(LinkStatus.fromWireName("in_progress")).isEqualTo(LinkStatus.IN_PROGRESS);
        assertThatThrownBy(() -> LinkStatus.fromWireName("gone"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Unknown link status gone");
    }

    @Test
    void environmentParsingIgnoresCaseAndNamesTheField() {
        assertThat(Environment.parse("LIVE", "environment")).isEqualTo(Environment.LIVE);
        assertThat(Environment.parse("sandbox", "environment")).isEqualTo(Environment.SANDBOX);
        assertThatThrownBy(() -> Environment.parse(null, "environment"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The environment field must be one of: sandbox, live");
        assertThatThrownBy(() -> Environment.parse("prod", "env")).isInstanceOf(ValidationException.class);
    }

    private static String[] wireNames(WireName[] values) {
        return Arrays.stream(values).map(WireName::wireName).toArray(String[]::new);
    }
}
