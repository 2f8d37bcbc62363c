package org.skingpt.api.record;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One server (node) that uses the clinical record, as its last heartbeat described it.
 *
 * @param name          the node's name ({@code nodeName} of {@code etc/org.skingpt.store.cfg}), unique among
 *                      the nodes of one record
 * @param host          the host it runs on
 * @param software      the store bundle's version on that node
 * @param schemaVersion the schema version that node's store knows
 * @param multiNode     whether it runs in multi-node mode
 * @param startedAt     when its store became ready
 * @param heartbeatAt   its last heartbeat
 * @param stoppedAt     when it stopped cleanly; null while running or after a crash
 * @param alive         running: not stopped, and a heartbeat within the registry's staleness limit
 * @param self          the node answering this call
 * @param serving       what it serves, one entry per model, locale or report bundle, for example
 *                      {@code language-model skingpt-demo-llm@1.1.0 READY active}; sorted
 */
public record NodeStatus(
        String name,
        String host,
        String software,
        int schemaVersion,
        boolean multiNode,
        Instant startedAt,
        Instant heartbeatAt,
        Instant stoppedAt,
        boolean alive,
        boolean self,
        List<String> serving) {

    public NodeStatus {
        Objects.requireNonNull(name, "name");
        host = Objects.requireNonNullElse(host, "");
        software = Objects.requireNonNullElse(software, "");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        serving = List.copyOf(serving);
    }
}
