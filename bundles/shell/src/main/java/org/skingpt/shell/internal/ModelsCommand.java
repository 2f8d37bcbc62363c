package org.skingpt.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelState;

/** {@code skingpt:models}: every model bundle the platform has seen, with its state and last error. */
@Command(scope = "skingpt", name = "models", description = "Lists models with kind, architecture, state, checksum and last error")
@Service
public class ModelsCommand implements Action {

    @Reference
    private ModelCatalog catalog;

    @Option(name = "--failed", description = "Only models that were refused")
    private boolean failedOnly;

    @Override
    public Object execute() {
        List<ModelInfo> models = catalog.models();
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Version");
        table.column("Kind");
        table.column("Architecture");
        table.column("State");
        table.column("Active");
        table.column("Bundle");
        table.column("SHA-256");
        table.column("Synthetic");
        table.column("Error").maxSize(120);
        int shown = 0;
        for (ModelInfo m : models) {
            if (failedOnly && m.state() != ModelState.FAILED) {
                continue;
            }
            table.addRow().addContent(m.name(), m.version(), m.kind() == null ? "?" : m.kind().name(), m.architecture(),
                    m.state().name(), m.active() ? "*" : "", m.bundleId(), m.sha256().isEmpty() ? "" : m.sha256().substring(0, 12),
                    m.synthetic() ? "yes (not for clinical use)" : "no", m.error());
            shown++;
        }
        if (shown == 0) {
            System.out.println(failedOnly ? "No model was refused." : "No model bundle is installed. Install one with bundle:install -s file:<model-bundle>.jar");
            return null;
        }
        table.print(System.out);
        return null;
    }
}
