package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.skingpt.api.runtime.InferenceRuntime;

/** {@code skingpt:status}: whether the inference engine is up, and on what. */
@Command(scope = "skingpt", name = "status", description = "Shows the inference engine: versions, device, threads")
@Service
public class StatusCommand implements Action {

    @Reference(optional = true)
    private InferenceRuntime runtime;

    @Override
    public Object execute() {
        if (runtime == null) {
            System.out.println("Engine: starting (or failed: see data/log/karaf.log)");
            return null;
        }
        System.out.printf("Engine:   %s %s (DJL %s) ready%n", runtime.engineName(), runtime.engineVersion(), runtime.bindingVersion());
        System.out.printf("Device:   %s (%d GPU(s) seen)%n", runtime.defaultDevice(), runtime.gpuCount());
        System.out.printf("Threads:  %d intra-op, %d inter-op%n", runtime.intraOpThreads(), runtime.interOpThreads());
        System.out.printf("Arrays:   %d native arrays live (model weights, open conversations, calls in progress)%n",
                runtime.liveNativeArrays());
        return null;
    }
}
