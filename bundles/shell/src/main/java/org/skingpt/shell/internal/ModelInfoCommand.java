package org.skingpt.shell.internal;

import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.WeightFile;

/** {@code skingpt:model-info NAME VERSION}: a model's descriptor and state. */
@Command(scope = "skingpt", name = "model-info", description = "Shows a model's descriptor: architecture, hyper-parameters, weights, intended use")
@Service
public class ModelInfoCommand implements Action {

    @Reference
    private ModelCatalog catalog;

    @Argument(index = 0, name = "name", required = true, description = "Model name")
    private String name;

    @Argument(index = 1, name = "version", required = true, description = "Model version")
    private String version;

    @Override
    public Object execute() throws CommandException {
        ModelInfo info = catalog.models().stream().filter(m -> m.name().equals(name) && m.version().equals(version))
                .findFirst().orElse(null);
        if (info == null) {
            throw new CommandException("No model " + name + "@" + version + " is installed (see skingpt:models).");
        }
        System.out.printf("%s@%s  state %s%s%s%n", name, version, info.state(), info.active() ? "  (serves new consultations)" : "",
                (info.failure() == null ? "" : "\n  failure: " + info.failure()) + (info.error().isEmpty() ? "" : "\n  error: " + info.error()));
        ModelDescriptor d = catalog.descriptor(name, version).orElse(null);
        if (d == null) {
            System.out.println("  (descriptor unreadable: see the error)");
            return null;
        }
        System.out.printf("  kind          %s%n  architecture  %s%n  bundle        %d%n  synthetic     %s%n",
                d.kind(), d.architecture(), info.bundleId(), d.synthetic() ? "yes: NOT FOR CLINICAL USE" : "no");
        if (d.tokenizer() != null) {
            System.out.printf("  tokenizer     %s%n", d.tokenizer());
        }
        System.out.println("  weights");
        for (WeightFile w : d.weights()) {
            System.out.printf("    %s  sha256 %s%s%n", w.path(), w.sha256(), w.bytes() >= 0 ? "  " + w.bytes() + " bytes" : "");
        }
        System.out.println("  hyper-parameters");
        for (Map.Entry<String, Object> e : new TreeMap<>(d.hyperParameters()).entrySet()) {
            System.out.printf("    %-28s %s%n", e.getKey(), e.getValue());
        }
        System.out.printf("  intended use  %s%n", d.intendedUse());
        return null;
    }
}
