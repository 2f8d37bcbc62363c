package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.skingpt.api.runtime.InferenceRuntime;

/**
 * {@code skingpt:status}: whether the inference engine is up, and on what. Fails (non-zero exit
 * status over {@code bin/client}) while the engine is not ready, so scripts can wait for it.
 */
@Command(scope = "skingpt", name = "status", description = "Shows the inference engine: versions, device, threads")
@Service
public class StatusCommand implements Action {

    @Reference(optional = true)
    private InferenceRuntime runtime;

    @Override
    public Object execute() throws CommandException {
        if (runtime == null) {
            throw new CommandException("Engine not ready: starting (or failed: see data/log/karaf.log)");
        }
        System.out.printf("Engine:   %s %s (DJL %s) ready%n", runtime.engineName(), runtime.engineVersion(), runtime.bindingVersion());
        System.out.printf("Device:   %s (%d GPU(s) seen)%n", runtime.defaultDevice(), runtime.gpuCount());
        System.out.printf("Threads:  %d intra-op, %d inter-op%n", runtime.intraOpThreads(), runtime.interOpThreads());
        return null;
    }
}
