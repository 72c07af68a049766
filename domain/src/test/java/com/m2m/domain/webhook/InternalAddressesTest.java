package com.m2m.domain.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/** Address literals only: nothing here resolves a name or opens a connection. */
class InternalAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.9", "172.31.255.255",
            "192.168.0.10", "::1", "fd12:3456::1", "fc00::1"})
    void loopbackAndPrivateAddressesArePrivate(String literal) throws UnknownHostException {
        assertThat(InternalAddresses.classify(InetAddress.getByName(literal)))
                .isEqualTo(InternalAddresses.Kind.PRIVATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "100.64.0.1", "100.127.255.255", "169.254.169.254",
            "169.254.0.1", "192.0.0.1", "192.0.0.170", "192.0.2.1", "192.31.196.1", "192.52.193.1", "192.88.99.1",
            "192.175.48.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1",
            "239.255.255.250", "240.0.0.1", "250.1.2.3", "255.255.255.255",
            "::", "::7f00:1", "::a00:1", "64:ff9b::7f00:1", "64:ff9b::808:808", "64:ff9b:1::1", "100::1",
            "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:2::1", "2001:10::1", "2001:20::1",
            "2001:1ff::1", "2001:db8::1", "3fff::1", "fe80::1", "febf::1", "fec0::1", "ff02::1", "ff0e::1",
            "2002:7f00:1::1", "2002:a00:1::1", "2002:c0a8:1::1", "2002:a9fe:a9fe::1", "2002:6440:1::1",
            "5f00::1", "1::1"})
    void specialPurposeAddressesAreForbidden(String literal) throws UnknownHostException {
        assertThat(InternalAddresses.classify(InetAddress.getByName(literal)))
                .isEqualTo(InternalAddresses.Kind.FORBIDDEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "100.128.0.1", "100.63.255.255", "172.32.0.1",
            "198.20.0.1", "223.255.255.255", "2606:4700::1111", "2a00:1450:4001::1", "2001:200::1",
            "2001:4860:4860::8888", "2002:808:808::1"})
    void globalUnicastAddressesArePublic(String literal) throws UnknownHostException {
        assertThat(InternalAddresses.classify(InetAddress.getByName(literal)))
                .isEqualTo(InternalAddresses.Kind.PUBLIC);
    }
}
