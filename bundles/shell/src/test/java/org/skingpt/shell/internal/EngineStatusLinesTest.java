package org.skingpt.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.runtime.LibtorchInUse;

class EngineStatusLinesTest {

    @Test
    void embeddedBuildWithoutProblem() {
        List<String> lines = EngineStatusLines.of(new FakeRuntime(new LibtorchInUse(LibtorchInUse.Source.EMBEDDED,
                "/opt/skingpt/data/djl/pytorch/2.7.1-cpu-linux-x86_64", "2.7.1", "cpu", "", ""), "cpu", 0));
        assertEquals("Engine:   PyTorch 2.7.1 (DJL 0.36.0) ready", lines.get(0));
        assertEquals("libtorch: embedded CPU build, 2.7.1 (cpu)", lines.get(1));
        assertEquals("Device:   cpu (0 GPU(s) seen)", lines.get(2));
        assertEquals(5, lines.size(), String.join("\n", lines));
    }

    @Test
    void configuredCudaBuildOnAGpu() {
        List<String> lines = EngineStatusLines.of(new FakeRuntime(new LibtorchInUse(LibtorchInUse.Source.CONFIGURED_DIRECTORY,
                "/opt/libtorch/lib", "2.7.1", "cu128", "", ""), "gpu0", 2));
        assertEquals("libtorch: /opt/libtorch/lib, 2.7.1 (cu128)", lines.get(1));
        assertEquals("Device:   gpu0 (2 GPU(s) seen)", lines.get(2));
    }

    @Test
    void refusedDirectoryAndPendingChangeAreShownWhole() {
        String problem = "The configured libtorchDirectory /opt/libtorch holds libtorch 2.5.1, but this DJL build (0.36.0) "
                + "needs libtorch 2.7.1. Using the embedded CPU build of libtorch 2.7.1 instead.";
        String pending = "libtorchDirectory was changed to /opt/t; it takes effect when Karaf restarts.";
        List<String> lines = EngineStatusLines.of(new FakeRuntime(new LibtorchInUse(LibtorchInUse.Source.EMBEDDED, "/data/djl",
                "2.7.1", "cpu", problem, pending), "cpu", 0));
        assertTrue(lines.contains("Problem:  " + problem), String.join("\n", lines));
        assertTrue(lines.contains("Pending:  " + pending), String.join("\n", lines));
    }

    @Test
    void aRuntimeThatDoesNotReportItSaysSo() {
        InferenceRuntime old = new FakeRuntime(null, "cpu", 0);
        assertEquals("libtorch: not reported by this runtime, 2.7.1", EngineStatusLines.of(old).get(1));
    }

    /** {@code libtorch == null}: the interface's default, as a runtime older than 1.1 answers. */
    private record FakeRuntime(LibtorchInUse libtorchInUse, String device, int gpus) implements InferenceRuntime {
        @Override
        public LibtorchInUse libtorch() {
            return libtorchInUse == null ? InferenceRuntime.super.libtorch() : libtorchInUse;
        }

        @Override
        public String engineName() {
            return "PyTorch";
        }

        @Override
        public String engineVersion() {
            return "2.7.1";
        }

        @Override
        public String bindingVersion() {
            return "0.36.0";
        }

        @Override
        public String defaultDevice() {
            return device;
        }

        @Override
        public int gpuCount() {
            return gpus;
        }

        @Override
        public int intraOpThreads() {
            return 2;
        }

        @Override
        public int interOpThreads() {
            return 1;
        }

        @Override
        public double dot(float[] a, float[] b) {
            return 0;
        }

        @Override
        public long liveNativeArrays() {
            return 7;
        }
    }
}
