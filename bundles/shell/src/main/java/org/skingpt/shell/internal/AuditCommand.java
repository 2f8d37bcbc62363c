package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.Page;

/** {@code skingpt:audit}: the audit trail, newest first, with filters. */
@Command(scope = "skingpt", name = "audit", description = "Lists audit entries, newest first")
@Service
public class AuditCommand implements Action {

    @Reference
    private AuditTrail audit;

    @Option(name = "--actor", aliases = "-u", description = "Only entries of this user")
    private String actor;

    @Option(name = "--action", aliases = "-a", description = "Only this action, for example LOGIN_FAILED or ERASED")
    private String action;

    @Option(name = "--target", aliases = "-t", description = "Only entries about this target (a consultation id, a model)")
    private String target;

    @Option(name = "--from", description = "On or after this day (2026-12-04) or instant")
    private String from;

    @Option(name = "--to", description = "On or before this day or before this instant")
    private String to;

    @Option(name = "--offset", description = "Skip this many (paging)")
    private int offset;

    @Option(name = "--limit", aliases = "-n", description = "Show at most this many (1 to 500, default 50)")
    private int limit = 50;

    @Override
    public Object execute() {
        AuditQuery query = new AuditQuery(actor, action == null ? null : action.toUpperCase(java.util.Locale.ROOT),
                target, Dates.from(from, "--from"), Dates.to(to, "--to"), offset, limit);
        Page<AuditEntry> page = audit.find(query);
        if (page.items().isEmpty()) {
            System.out.println("No audit entry matches.");
            return null;
        }
        ShellTable table = new ShellTable();
        for (String c : new String[] {"#", "Time", "Actor", "Action", "Target", "From"}) {
            table.column(c);
        }
        table.column("Detail").maxSize(80);
        for (AuditEntry e : page.items()) {
            table.addRow().addContent(e.sequence(), Dates.SHOWN.format(e.time()), e.actor(), e.action(), e.target(),
                    e.sourceAddress(), e.detail());
        }
        table.print(System.out);
        System.out.printf("%d to %d of %d%n", page.offset() + 1, page.offset() + page.items().size(), page.total());
        return null;
    }
}
