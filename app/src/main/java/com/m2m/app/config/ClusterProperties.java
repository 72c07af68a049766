package com.m2m.app.config;

import com.m2m.domain.common.NodeName;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import java.util.Locale;

/**
 * {@code m2m.cluster.*}: how this node names itself on the shared database (docs/operations.md "Node name").
 *
 * @param nodeName the owner of this node's outbox token claim and webhook delivery leases; 1 to 40 letters, digits,
 *                 {@code . _ - @ :}. Set it stable and unique per node (the host name, a pod's ordinal name) and a
 *                 node restarted after a crash takes its own claim and leases back at once. Not set: the fixed
 *                 name {@value NodeName#EMBEDDED} on the embedded database, which only ever has one node; anywhere
 *                 else a name unique to the process, and a restarted node waits for the takeover timeouts.
 */
@ConfigurationProperties("m2m.cluster")
public record ClusterProperties(String nodeName) {

    public ClusterProperties {
        if (StringUtils.hasText(nodeName)) {
            NodeName.stable(nodeName); // refuses a malformed name at start, naming the property
        }
    }

    /** The name in force for a node on {@code datasourceUrl} (as resolved, the embedded server's URL included). */
    public NodeName resolve(String datasourceUrl) {
        if (StringUtils.hasText(nodeName)) {
            return NodeName.stable(nodeName.trim());
        }
        return singleNode(datasourceUrl) ? NodeName.stable(NodeName.EMBEDDED) : NodeName.perProcess();
    }

    /**
     * A database that only one platform process can use: the embedded PostgreSQL this process started (a second
     * platform on the same data directory is refused), or an H2 file (H2 locks it) not opened in H2's shared
     * {@code AUTO_SERVER} mode. An H2 database in memory is not counted: several contexts of one test JVM may share it.
     */
    static boolean singleNode(String datasourceUrl) {
        if (EmbeddedPostgresServer.dataDirectoryOf(datasourceUrl).isPresent()) {
            return true;
        }
        return EmbeddedDatabase.filePath(datasourceUrl).isPresent()
                && !datasourceUrl.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }
}
