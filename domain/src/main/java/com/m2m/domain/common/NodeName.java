package com.m2m.domain.common;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How this node names itself to the others on the shared database: the owner of its event processor's token claims
 * and of its webhook dispatcher's delivery leases (docs/operations.md "Several nodes", "Node name").
 *
 * <p>A <em>stable</em> name is the same across restarts of one node: a node restarted after a crash (kill -9)
 * recognises its own claims and leases as left by its dead self and takes them back at once, instead of waiting
 * for the takeover timeouts. Two live nodes must never share one. An unstable name (the default outside the
 * embedded database) is unique to the process, as before: recovery then waits for the timeouts.
 *
 * @param value  1 to 40 letters, digits, {@code . _ - @ :}
 * @param stable whether the name survives a restart (set by configuration, or the embedded database's fixed name)
 */
public record NodeName(String value, boolean stable) {

    /** The fixed name of the one node the embedded database allows. */
    public static final String EMBEDDED = "embedded";
    public static final int MAX_LENGTH = 40;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._@:-]{1," + MAX_LENGTH + "}");

    public NodeName {
        Objects.requireNonNull(value, "value");
        if (stable && !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a node name has 1 to " + MAX_LENGTH
                    + " letters, digits or . _ - @ : (got '" + value + "')");
        }
    }

    public static NodeName stable(String value) {
        return new NodeName(value, true);
    }

    /** Unique to this process: the JVM's {@code pid@host}, Axon's own default owner name. */
    public static NodeName perProcess() {
        return new NodeName(ManagementFactory.getRuntimeMXBean().getName(), false);
    }
}
