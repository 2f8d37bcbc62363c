package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.templates.PromptTemplates;

/** {@code skingpt:locales}: the languages consultations can use, from the installed locale bundles. */
@Command(scope = "skingpt", name = "locales", description = "Lists the installed locale bundles")
@Service
public class LocalesCommand implements Action {

    @Reference
    private BundleContext context;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Locale");
        table.column("Version");
        table.column("Bundle");
        for (ServiceReference<PromptTemplates> r : context.getServiceReferences(PromptTemplates.class, null)) {
            PromptTemplates t = context.getService(r);
            if (t == null) {
                continue;
            }
            try {
                table.addRow().addContent(t.locale().toLanguageTag(), t.version(), r.getBundle().getSymbolicName()
                        + " [" + r.getBundle().getBundleId() + "]");
            } finally {
                context.ungetService(r);
            }
        }
        table.print(System.out);
        return null;
    }
}
