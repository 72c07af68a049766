package com.m2m.domain.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static com.m2m.domain.testing.ValidationRefusals.assertRefusedNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {

    @Test
    void pageAndLimitDefaultAndBounds() {
        assertThat(PageRequest.parse(null, null)).isEqualTo(new PageRequest(1, 20));
        assertThat(PageRequest.parse("", " ")).isEqualTo(new PageRequest(1, 20));
        assertThat(PageRequest.parse("3", "100")).isEqualTo(new PageRequest(3, 100));
        assertThat(PageRequest.parse("2", "1").offset()).isEqualTo(1);
        assertThat(new PageRequest(Integer.MAX_VALUE, 100).offset()).isEqualTo((Integer.MAX_VALUE - 1L) * 100);

        for (String bad : List.of("0", "-1", "x", "1.5")) {
            assertRefusedNaming("page", () -> PageRequest.parse(bad, null));
        }
        for (String bad : List.of("0", "101", "ten")) {
            assertThatThrownBy(() -> PageRequest.parse(null, bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit"))
                    .hasMessage("The limit field must be an integer between 1 and 100");
        }
    }

    @Test
    void pageMath() {
        assertThat(Page.of(List.of(), new PageRequest(1, 20), 85).pagination())
                .isEqualTo(new Page.Pagination(1, 20, 85, 5));
        assertThat(Page.of(List.of(), new PageRequest(1, 20), 80).pagination().totalPages()).isEqualTo(4);
        assertThat(Page.of(List.of(), new PageRequest(1, 20), 1).pagination().totalPages()).isEqualTo(1);
        assertThat(Page.of(List.of(), new PageRequest(1, 20), 0).pagination().totalPages()).isZero();
    }

    @Test
    void datesAndInstants() {
        assertThat(QueryParams.from("2026-02-10", "from")).contains(Instant.parse("2026-02-10T00:00:00Z"));
        assertThat(QueryParams.from("2026-02-10T14:30:00.000Z", "from")).contains(Instant.parse("2026-02-10T14:30:00Z"));
        assertThat(QueryParams.from("2026-02-10T14:30:00+01:00", "from")).contains(Instant.parse("2026-02-10T13:30:00Z"));
        assertThat(QueryParams.to("2026-02-10", "to"))
                .contains(new TimeBound(Instant.parse("2026-02-11T00:00:00Z"), false));
        assertThat(QueryParams.to("2026-02-10T14:30:00Z", "to"))
                .contains(new TimeBound(Instant.parse("2026-02-10T14:30:00Z"), true));
        assertThat(QueryParams.from(null, "from")).isEmpty();

        for (String bad : List.of("yesterday", "2026-02-30", "2026-13-01", "2026-02-10T25:00:00Z", "1700000000")) {
            assertRefusedNaming("to", () -> QueryParams.to(bad, "to"));
        }
    }

    @Test
    void oneOfNamesTheAllowedValues() {
        assertThat(QueryParams.oneOf("b", "kind", List.of("a", "b"))).contains("b");
        assertThatThrownBy(() -> QueryParams.oneOf("B", "kind", List.of("a", "b")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("The kind field must be one of: a, b");
    }
}
