package org.skingpt.shell.internal;

import java.util.ArrayList;
import java.util.List;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.runtime.LibtorchInUse;

/** The engine's lines of {@code skingpt:status}: versions, which libtorch, device, threads, and a libtorch problem. */
final class EngineStatusLines {

    private EngineStatusLines() {
    }

    static List<String> of(InferenceRuntime runtime) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("Engine:   %s %s (DJL %s) ready", runtime.engineName(), runtime.engineVersion(),
                runtime.bindingVersion()));
        LibtorchInUse libtorch = libtorch(runtime);
        lines.add("libtorch: " + (libtorch == null ? "not reported by this runtime (older than 1.1), " + runtime.engineVersion()
                : libtorch.summary()));
        lines.add(String.format("Device:   %s (%d GPU(s) seen)", runtime.defaultDevice(), runtime.gpuCount()));
        lines.add(String.format("Threads:  %d intra-op, %d inter-op", runtime.intraOpThreads(), runtime.interOpThreads()));
        lines.add(String.format("Arrays:   %d native arrays live (model weights, open conversations, calls in progress)",
                runtime.liveNativeArrays()));
        // Problems last, whole: they are sentences an admin acts on (what was found, what is expected, what to do).
        if (libtorch != null && libtorch.hasProblem()) {
            lines.add("Problem:  " + libtorch.problem());
        }
        if (libtorch != null && libtorch.hasPendingChange()) {
            lines.add("Pending:  " + libtorch.pendingChange());
        }
        return lines;
    }

    /**
     * The shell imports {@code org.skingpt.runtime} from 1.0 on, so an updated shell still runs on a
     * node whose runtime (never updated in place) predates {@code libtorch()}: then that call fails to link.
     */
    private static LibtorchInUse libtorch(InferenceRuntime runtime) {
        try {
            return runtime.libtorch();
        } catch (LinkageError e) {
            return null;
        }
    }
}
