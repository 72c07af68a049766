package com.m2m.domain.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The public identifiers (docs/api.md "Identifiers"). Lives in the link package: link ids and user ids are what link
 * creation mints and routes on.
 */
class IdentifiersTest {

    @Test
    void aLinkIdIsLinkSlugAnd12Hex() {
        String linkId = Identifiers.newLinkId("acme");
        assertThat(linkId).matches("link_acme_[0-9a-f]{12}");
    }

    @Test
    void linkIdsDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(Identifiers.newLinkId("acme"));
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void aUserIdIsDeterministic() {
        String first = Identifiers.userId("acme", Environment.SANDBOX, "user_12345");
        assertThat(Identifiers.userId("acme", Environment.SANDBOX, "user_12345")).isEqualTo(first);
        assertThat(first).matches("user_acme_[0-9a-f]{20}");
    }

    @Test
    void onlyADerivedUserIdHasTheShapeOfAUserId() {
        String userId = Identifiers.userId("acme", Environment.SANDBOX, "user_12345");
        assertThat(Identifiers.isUserId(userId)).isTrue();
        assertThat(Identifiers.isUserId(Identifiers.newLinkId("acme"))).isFalse();
        assertThat(Identifiers.isUserId("user_acme_x1y2z3")).isFalse();
        assertThat(Identifiers.isUserId(userId + "0")).isFalse();
        assertThat(Identifiers.isUserId("user_ACME_0123456789abcdef0123")).isFalse();
        assertThat(Identifiers.isUserId(null)).isFalse();
    }

    /** Each case changes one of the three inputs of acme / SANDBOX / user_12345. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "acme, LIVE, user_12345",      // another environment
            "acme, SANDBOX, user_12346",   // another reference id
            "globex, SANDBOX, user_12345"  // another partner
    })
    void aUserIdDiffersWhenPartnerEnvironmentOrReferenceIdDiffers(String partner, Environment environment,
                                                                  String referenceId) {
        assertThat(Identifiers.userId("acme", Environment.SANDBOX, "user_12345"))
                .isNotEqualTo(Identifiers.userId(partner, environment, referenceId));
    }

    @Test
    void aUserIdDoesNotRevealTheReferenceId() {
        assertThat(Identifiers.userId("acme", Environment.SANDBOX, "customer-4711"))
                .doesNotContain("customer").doesNotContain("4711");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_12345", "a.b:c-d", "A", "0", "_", "a_b.c:d-e_F9"})
    void referenceIdAccepts(String referenceId) {
        assertThat(Identifiers.REFERENCE_ID.matcher(referenceId).matches()).isTrue();
    }

    @Test
    void referenceIdAccepts128Characters() {
        assertThat(Identifiers.REFERENCE_ID.matcher("a".repeat(128)).matches()).isTrue();
    }

    @Test
    void referenceIdRefuses129Characters() {
        assertThat(Identifiers.REFERENCE_ID.matcher("a".repeat(129)).matches()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user 12345", " user", "user\t1", "caf\u00e9", "\u00e9", "a/b", "a@b", "a+b", "a#b",
            "user_12345\n", "\uff41"})
    void referenceIdRefuses(String referenceId) {
        assertThat(Identifiers.REFERENCE_ID.matcher(referenceId).matches()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "a", "partner42"})
    void partnerSlugAccepts(String slug) {
        assertThat(Identifiers.PARTNER_SLUG.matcher(slug).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "ac-me", "ac_me"})
    void partnerSlugRefuses(String slug) {
        assertThat(Identifiers.PARTNER_SLUG.matcher(slug).matches()).isFalse();
    }

    @Test
    void requirePartnerSlugAnswersTheOneMessageNamingTheField() {
        assertThat(Identifiers.requirePartnerSlug("partnerId", "acme")).isEqualTo("acme");
        assertThatThrownBy(() -> Identifiers.requirePartnerSlug("partnerId", "Acme"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("partnerId");
                    assertThat(e.getMessage()).isEqualTo("The partnerId field must be 1 to 40 characters of a-z and 0-9");
                });
    }

    @Test
    void mintedIdsAreRecognisedWithTheirPartner() {
        assertThat(Identifiers.isLinkIdOf(Identifiers.newLinkId("acme"), "acme")).isTrue();
        assertThat(Identifiers.isOperationIdOf(Identifiers.newOperationId("acme"), "acme")).isTrue();
        assertThat(Identifiers.isDataRequestIdOf(Identifiers.newDataRequestId("acme"), "acme")).isTrue();
        assertThat(Identifiers.isLinkId(Identifiers.newLinkId("acme"))).isTrue();
    }

    @Test
    void anotherPartnersIdIsNotThisPartners() {
        assertThat(Identifiers.isLinkIdOf("link_globex_a1b2c3d4e5f6", "acme")).isFalse();
        assertThat(Identifiers.isLinkIdOf("link_acmex_a1b2c3d4e5f6", "acme")).isFalse();
        assertThat(Identifiers.isOperationIdOf("op_globex_a1b2c3d4e5f6", "acme")).isFalse();
        assertThat(Identifiers.isDataRequestIdOf("dr_globex_a1b2c3d4e5f6", "acme")).isFalse();
    }

    /** Ids of another aggregate type or of no shape at all: never loaded, answered like a missing id. */
    @ParameterizedTest
    @ValueSource(strings = {"", "beta", "acme", "user_acme_0123456789abcdef0123", "op_acme_a1b2c3d4e5f6",
            "dr_acme_a1b2c3d4e5f6", "link_acme_A1B2C3D4E5F6", "link_acme_a1b2c3d4e5f", "link_acme_a1b2c3d4e5f60",
            "link__a1b2c3d4e5f6", "link_acme_a1b2c3d4e5f6\n", "LINK_acme_a1b2c3d4e5f6", "link_ac-me_a1b2c3d4e5f6"})
    void notALinkId(String id) {
        assertThat(Identifiers.isLinkId(id)).isFalse();
        assertThat(Identifiers.isLinkIdOf(id, "acme")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"link_acme_a1b2c3d4e5f6", "user_acme_0123456789abcdef0123", "op_acme_a1b2c3d4e5f6x"})
    void notAnOperationIdOfAcme(String id) {
        assertThat(Identifiers.isOperationIdOf(id, "acme")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_acme_0123456789abcdef0123", "link_acme_a1b2c3d4e5f6", "Acme", ""})
    void notAPartnerSlug(String id) {
        assertThat(Identifiers.isPartnerSlug(id)).isFalse();
    }
}
