package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The API key format, its environment, listing prefix and hash (docs/api.md "Authentication"). */
class ApiKeysTest {

    private static final String TEST_KEY = "m2m_test_ab1CDEfgh23456789012345678901abc";
    private static final String LIVE_KEY = "m2m_live_Zy9XWvu87654321098765432100zyxwv";

    @ParameterizedTest
    @EnumSource(Environment.class)
    void aGeneratedKeyIsThePrefixAnd32Alphanumerics(Environment environment) {
        String key = ApiKeys.generate(environment);
        assertThat(key).startsWith(environment.keyPrefix())
                .hasSize(environment.keyPrefix().length() + 32)
                .matches("m2m_(test|live)_[A-Za-z0-9]{32}");
        assertThat(ApiKeys.environmentOf(key)).contains(environment);
    }

    @Test
    void theKeyPrefixesAreTheSpecOnes() {
        assertThat(Environment.SANDBOX.keyPrefix()).isEqualTo("m2m_test_");
        assertThat(Environment.LIVE.keyPrefix()).isEqualTo("m2m_live_");
    }

    @Test
    void generatedKeysDoNotRepeat() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeys.generate(Environment.SANDBOX));
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void theEnvironmentComesFromThePrefix() {
        assertThat(ApiKeys.environmentOf(TEST_KEY)).contains(Environment.SANDBOX);
        assertThat(ApiKeys.environmentOf(LIVE_KEY)).contains(Environment.LIVE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "m2m_test_",                                       // no body
            "m2m_test_ab1CDEfgh23456789012345678901ab",        // 31
            "m2m_test_ab1CDEfgh23456789012345678901abcd",      // 33
            "m2m_prod_ab1CDEfgh23456789012345678901abc",       // unknown environment
            "M2M_TEST_ab1CDEfgh23456789012345678901abc",       // wrong case
            "m2m_test_ab1CDEfgh2345678901234567890-abc",       // not alphanumeric
            "m2m_test_ab1CDEfgh23456789012345678901ab\u00e9",  // not ASCII
            " m2m_test_ab1CDEfgh23456789012345678901abc",      // surrounding space
            "m2m_test_ab1CDEfgh23456789012345678901abc ",
            "Bearer m2m_test_ab1CDEfgh23456789012345678901abc",
            "m2m_live_m2m_test_ab1CDEfgh23456789012"})
    void aMalformedKeyHasNoEnvironment(String key) {
        assertThat(ApiKeys.environmentOf(key)).isEqualTo(Optional.empty());
    }

    @Test
    void theListingPrefixIsTheFirst12Characters() {
        assertThat(ApiKeys.listingPrefix(TEST_KEY)).isEqualTo("m2m_test_ab1").hasSize(12);
        assertThat(ApiKeys.listingPrefix(LIVE_KEY)).isEqualTo("m2m_live_Zy9").hasSize(12);
    }

    @Test
    void theHashIs64LowercaseHexAndNotTheKey() {
        String hash = ApiKeys.hash(TEST_KEY);
        assertThat(hash).matches("[0-9a-f]{64}")
                .isNotEqualTo(TEST_KEY)
                .doesNotContain(TEST_KEY.substring(9))
                .isEqualTo(Identifiers.sha256Hex(TEST_KEY));
        assertThat(ApiKeys.hash(TEST_KEY)).isEqualTo(hash);
        assertThat(ApiKeys.hash(LIVE_KEY)).isNotEqualTo(hash);
    }

    @Test
    void theHashIsSha256() {
        // SHA-256("abc"), FIPS 180-2 test vector.
        assertThat(ApiKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
