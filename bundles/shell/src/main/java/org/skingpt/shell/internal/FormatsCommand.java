package org.skingpt.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.report.ReportFormatInfo;
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
        List<String> ignored = new ArrayList<>();
        // Read from the service properties: listing the formats gets (and activates) no renderer.
        for (ServiceReference<ReportRenderer> r : context.getServiceReferences(ReportRenderer.class, null)) {
            Optional<ReportFormatInfo> f = ReportFormatInfo.of(r);
            if (f.isEmpty()) {
                ReportFormatInfo.problem(r).ifPresent(ignored::add);
                continue;
            }
            table.addRow().addContent(f.get().formatId(), f.get().displayName(), f.get().mediaType(), f.get().version(),
                    r.getBundle().getSymbolicName() + " [" + r.getBundle().getBundleId() + "]");
        }
        table.print(System.out);
        for (String why : ignored) {
            System.out.println(why);
        }
        return null;
    }
}
