package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.report.ReportRenderer;

/** {@code skingpt:formats}: the report formats the installed report bundles offer. */
@Command(scope = "skingpt", name = "formats", description = "Lists the installed report formats")
@Service
public class FormatsCommand implements Action {

    @Reference
    private BundleContext context;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Format");
        table.column("Name");
        table.column("Media type");
        table.column("Version");
        table.column("Bundle");
        for (ServiceReference<ReportRenderer> r : context.getServiceReferences(ReportRenderer.class, null)) {
            ReportRenderer f = context.getService(r);
            if (f == null) {
                continue;
            }
            try {
                table.addRow().addContent(f.formatId(), f.displayName(), f.mediaType(), f.version(),
                        r.getBundle().getSymbolicName() + " [" + r.getBundle().getBundleId() + "]");
            } finally {
                context.ungetService(r);
            }
        }
        table.print(System.out);
        return null;
    }
}
