package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelServices;

/**
 * {@code skingpt:model-pin NAME VERSION}: new consultations get that version of the model;
 * {@code skingpt:model-pin --clear NAME}: back to the newest ready version. Stored in Config Admin
 * (PID {@value ModelServices#POLICY_PID}) by the model extender ({@link ModelCatalog#pin}), the same way the
 * console's Models page pins, so it survives restarts.
 */
@Command(scope = "skingpt", name = "model-pin", description = "Pins the version of a model that serves new consultations")
@Service
public class ModelPinCommand implements Action {

    @Reference
    private ModelCatalog catalog;

    @Argument(index = 0, name = "name", required = true, description = "Model name, as skingpt:models lists it")
    private String name;

    @Argument(index = 1, name = "version", required = false, description = "Version to pin")
    private String version;

    @Option(name = "--clear", description = "Remove the pin: the newest ready version serves")
    private boolean clear;

    @Override
    public Object execute() throws CommandException {
        if (!clear && version == null) {
            throw new CommandException("Give the version to pin, or --clear to remove the pin of " + name + ".");
        }
        boolean known = false;
        boolean versionReady = false;
        for (ModelInfo m : catalog.models()) {
            if (m.name().equals(name)) {
                known = true;
                versionReady |= m.version().equals(version) && m.state() == org.skingpt.api.model.ModelState.READY;
            }
        }
        if (!known) {
            throw new CommandException("No model named '" + name + "' is installed (see skingpt:models).");
        }
        try {
            catalog.pin(name, clear ? null : version);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandException(e.getMessage());
        }
        if (clear) {
            System.out.println("Unpinned " + name + ": the newest ready version serves new consultations.");
        } else if (versionReady) {
            System.out.println("Pinned " + name + " to " + version + ": new consultations get it; running ones keep theirs.");
        } else {
            System.out.println("Pinned " + name + " to " + version + ", which is not ready: the newest ready version serves until it is.");
        }
        return null;
    }
}
