package com.m2m.app.config;

import com.m2m.domain.common.NodeName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code m2m.cluster.node-name}: as set (stable); unset, the fixed "embedded" on a database only one process can use,
 * the process's own pid@host anywhere else (unstable: nothing to reclaim after a restart).
 */
class ClusterPropertiesTest {

    private static final String H2_FILE = "jdbc:h2:file:./data/m2m;MODE=PostgreSQL";
    private static final String H2_SHARED = "jdbc:h2:file:./data/m2m;MODE=PostgreSQL;AUTO_SERVER=TRUE";
    private static final String H2_MEMORY = "jdbc:h2:mem:m2m;MODE=PostgreSQL";
    private static final String POSTGRES = "jdbc:postgresql://db:5432/m2m";

    @Test
    void aSetNameIsStableOnEveryDatabase() {
        assertThat(new ClusterProperties("pay-node-1").resolve(POSTGRES)).isEqualTo(NodeName.stable("pay-node-1"));
        assertThat(new ClusterProperties("pay-node-1").resolve(H2_FILE)).isEqualTo(NodeName.stable("pay-node-1"));
    }

    @Test
    void unsetItIsFixedOnlyWhereOneProcessCanUseTheDatabase() {
        assertThat(new ClusterProperties(null).resolve(H2_FILE)).isEqualTo(NodeName.stable(NodeName.EMBEDDED));
        assertThat(new ClusterProperties("").resolve(H2_FILE)).isEqualTo(NodeName.stable(NodeName.EMBEDDED));
        NodeName perProcess = new NodeName(ManagementFactory.getRuntimeMXBean().getName(), false);
        assertThat(new ClusterProperties(null).resolve(POSTGRES)).isEqualTo(perProcess);
        assertThat(new ClusterProperties(null).resolve(H2_SHARED)).isEqualTo(perProcess);
        assertThat(new ClusterProperties(null).resolve(H2_MEMORY)).isEqualTo(perProcess);
    }

    @Test
    void aMalformedNameIsRefusedAtStart() {
        assertThatThrownBy(() -> new ClusterProperties("node one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node name");
        assertThatThrownBy(() -> new ClusterProperties("n".repeat(NodeName.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
