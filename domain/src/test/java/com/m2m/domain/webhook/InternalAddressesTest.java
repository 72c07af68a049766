package com.m2m.domain.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class InternalAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "api.localhost", "127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.0.10",
            "169.254.169.254", "100.64.0.1", "0.0.0.0", "[::1]", "::1", "fd12:3456::1", "fe80::1", "224.0.0.1"})
    void internalHostsAreRefused(String host) {
        assertThat(InternalAddresses.isInternalHost(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "100.128.0.1", "2606:4700::1111", "no-such-host.invalid"})
    void publicOrUnresolvableHostsAreNotJudgedInternal(String host) {
        assertThat(InternalAddresses.isInternalHost(host)).isFalse();
    }
}
