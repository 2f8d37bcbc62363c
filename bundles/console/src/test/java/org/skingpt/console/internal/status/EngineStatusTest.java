package org.skingpt.console.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.runtime.LibtorchInUse;

class EngineStatusTest {

    @Test
    void absentServiceMeansStarting() {
        EngineStatus status = EngineStatus.of(null);
        assertEquals(EngineStatus.State.STARTING, status.state());
        assertEquals("Starting\u2026", status.state().label());
        assertFalse(status.hasDetails());
    }

    @Test
    void presentServiceThatComputesIsReady() {
        EngineStatus status = EngineStatus.of(new FakeRuntime(false, 11.0));
        assertEquals(EngineStatus.State.READY, status.state());
        assertEquals("Ready", status.state().label());
        assertEquals("PyTorch", status.engineName());
        assertEquals("2.7.1", status.engineVersion());
        assertEquals("0.36.0", status.bindingVersion());
        assertEquals("cpu()", status.device());
        assertEquals(0, status.gpuCount());
        assertEquals(2, status.intraOpThreads());
        assertEquals(1, status.interOpThreads());
        assertTrue(status.hasDetails());
    }

    @Test
    void carriesWhichLibtorchIsInUseAndTheRuntimesProblem() {
        LibtorchInUse refused = new LibtorchInUse(LibtorchInUse.Source.EMBEDDED, "/data/djl", "2.7.1", "cpu",
                "The configured libtorchDirectory /opt/libtorch does not exist.", "");
        EngineStatus status = EngineStatus.of(new FakeRuntime(false, 11.0, refused, false));
        assertEquals(EngineStatus.State.READY, status.state());
        assertEquals(refused, status.libtorch());
        assertEquals("The configured libtorchDirectory /opt/libtorch does not exist.", status.libtorchNotice());

        LibtorchInUse gpu = new LibtorchInUse(LibtorchInUse.Source.CONFIGURED_DIRECTORY, "/opt/libtorch/lib", "2.7.1",
                "cu128", "", "libtorchDirectory was changed; it takes effect when Karaf restarts.");
        EngineStatus pending = EngineStatus.of(new FakeRuntime(false, 11.0, gpu, false));
        assertEquals("libtorchDirectory was changed; it takes effect when Karaf restarts.", pending.libtorchNotice());

        assertEquals("", EngineStatus.of(new FakeRuntime(false, 11.0)).libtorchNotice());
    }

    /** An updated console on a runtime older than 1.1: libtorch() does not link; the rest is shown. */
    @Test
    void runtimeWithoutLibtorchReportIsStillReady() {
        EngineStatus status = EngineStatus.of(new FakeRuntime(false, 11.0, null, true));
        assertEquals(EngineStatus.State.READY, status.state());
        assertNull(status.libtorch());
        assertEquals("", status.libtorchNotice());
    }

    @Test
    void wrongResultMeansUnavailable() {
        EngineStatus status = EngineStatus.of(new FakeRuntime(false, 0.0));
        assertEquals(EngineStatus.State.UNAVAILABLE, status.state());
        assertNotNull(status.problem());
    }

    @Test
    void failingEngineMeansUnavailable() {
        EngineStatus status = EngineStatus.of(new FakeRuntime(true, 11.0));
        assertEquals(EngineStatus.State.UNAVAILABLE, status.state());
        assertEquals("Unavailable", status.state().label());
        assertTrue(status.problem().contains("IllegalStateException"));
    }

    private record FakeRuntime(boolean fail, double dotResult, LibtorchInUse libtorchInUse, boolean oldRuntime)
            implements InferenceRuntime {

        FakeRuntime(boolean fail, double dotResult) {
            this(fail, dotResult, new LibtorchInUse(LibtorchInUse.Source.EMBEDDED, "/data/djl", "2.7.1", "cpu", "", ""), false);
        }

        @Override
        public LibtorchInUse libtorch() {
            if (oldRuntime) {
                throw new NoSuchMethodError("org.skingpt.runtime.InferenceRuntime.libtorch()");
            }
            return libtorchInUse;
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
            return "cpu()";
        }

        @Override
        public int gpuCount() {
            return 0;
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
            if (fail) {
                throw new IllegalStateException("Native library not loaded");
            }
            return dotResult;
        }

        @Override
        public long liveNativeArrays() {
            return 0;
        }
    }
}
