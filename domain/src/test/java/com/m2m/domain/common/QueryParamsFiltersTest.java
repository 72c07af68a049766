package com.m2m.domain.common;

import com.m2m.domain.operation.OperationStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static com.m2m.domain.testing.ValidationRefusals.assertRefusedNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filters webhook-projector's delivery log took from its own copy before the copies became this one. */
class QueryParamsFiltersTest {

    @Test
    void anIdentifierFilterIsCheckedAndNamedAfterItsParameter() {
        assertThat(QueryParams.identifier(null, "linkId")).isNull();
        assertThat(QueryParams.identifier(" ", "linkId")).isNull();
        assertThat(QueryParams.identifier("link_acme_0123456789ab", "linkId")).isEqualTo("link_acme_0123456789ab");
        assertRefusedNaming("linkId", () -> QueryParams.identifier("not valid", "linkId"));
        assertThatThrownBy(() -> QueryParams.referenceId("not valid"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("referenceId"));
    }

    @Test
    void fromMayNotBeAfterToWhateverTheBoundsKind() {
        Instant at = Instant.parse("2026-02-10T00:00:00Z");
        QueryParams.checkRange(at, new TimeBound(at, true));
        QueryParams.checkRange(null, new TimeBound(at, false));
        assertRefusedNaming("from", () -> QueryParams.checkRange(at, new TimeBound(at, false)));
        assertThatThrownBy(() -> QueryParams.checkRange(at.plusSeconds(1), new TimeBound(at, true)))
                .isInstanceOf(ValidationException.class);
        assertThat(QueryParams.createdRange("2026-02-10", "2026-02-10").to().inclusive()).isFalse();
    }

    @Test
    void aWireEnumFilterTakesExactWireNamesAndListsThemAllWhenWrong() {
        assertThat(QueryParams.oneOf(null, "status", OperationStatus.class)).isEmpty();
        assertThat(QueryParams.oneOf(" processing ", "status", OperationStatus.class))
                .contains(OperationStatus.PROCESSING);
        assertThatThrownBy(() -> QueryParams.oneOf("PROCESSING", "status", OperationStatus.class))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("status");
                    assertThat(e.getMessage()).isEqualTo(
                            "The status field must be one of: created, processing, completed, failed, cancelled");
                });
    }

    @Test
    void anExactIdFilterIsTrimmedAndBlankMeansAbsent() {
        assertThat(QueryParams.exact(null)).isNull();
        assertThat(QueryParams.exact("  ")).isNull();
        assertThat(QueryParams.exact(" op_acme_1 ")).isEqualTo("op_acme_1");
    }

    @Test
    void partnerAndEnvironmentFiltersFollowTheirRulesAndNameTheirParameter() {
        assertThat(QueryParams.partnerId(" acme ")).isEqualTo("acme");
        assertThat(QueryParams.partnerId("")).isNull();
        assertThatThrownBy(() -> QueryParams.partnerId("Not_A_Slug"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("partnerId");
                    assertThat(e.getMessage()).isEqualTo("The partnerId field must be 1 to 40 characters of a-z and 0-9");
                });
        assertThat(QueryParams.environment(" live ")).isEqualTo(Environment.LIVE);
        assertThat(QueryParams.environment(null)).isNull();
        assertThatThrownBy(() -> QueryParams.environment("prod"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("environment"));
    }
}
