package org.skingpt.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.skingpt.api.record.NodeRegistry;
import org.skingpt.api.record.NodeStatus;

/**
 * {@code skingpt:nodes}: every server sharing the clinical record, with what each serves, so that an admin
 * follows a rolling upgrade from any node.
 */
@Command(scope = "skingpt", name = "nodes", description = "Lists the servers (nodes) that share this clinical record,"
        + " alive or not, with the model, locale and report versions each serves")
@Service
public class NodesCommand implements Action {

    @Reference
    private NodeRegistry registry;

    @Option(name = "--brief", description = "One line per node, without what it serves")
    private boolean brief;

    @Override
    public Object execute() throws Exception {
        List<NodeStatus> nodes = registry.nodes();
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("State");
        table.column("Host");
        table.column("Software");
        table.column("Schema");
        table.column("Mode");
        table.column("Started");
        table.column("Heartbeat");
        Instant now = Instant.now();
        for (NodeStatus n : nodes) {
            String state = n.alive() ? "alive" : n.stoppedAt() != null ? "stopped" : "lost";
            table.addRow().addContent(n.name() + (n.self() ? " (this)" : ""), state, n.host(), n.software(),
                    n.schemaVersion(), n.multiNode() ? "multi-node" : "single", Dates.SHOWN.format(n.startedAt()),
                    Math.max(0, Duration.between(n.heartbeatAt(), now).toSeconds()) + " s ago");
        }
        table.print(System.out);
        if (!brief) {
            for (NodeStatus n : nodes) {
                if (!n.alive()) {
                    continue;
                }
                System.out.println();
                System.out.println(n.name() + " serves:");
                if (n.serving().isEmpty()) {
                    System.out.println("  nothing yet");
                }
                for (String s : n.serving()) {
                    System.out.println("  " + s);
                }
            }
        }
        return null;
    }
}
