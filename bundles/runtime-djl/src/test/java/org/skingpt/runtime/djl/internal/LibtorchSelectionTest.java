package org.skingpt.runtime.djl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.runtime.LibtorchInUse;

/** What DJL is told before the engine loads, and what the runtime reports afterwards. */
class LibtorchSelectionTest {

    private static final ExpectedLibtorch EXPECTED = LibtorchDirectoryCheckTest.EXPECTED;

    @TempDir
    Path tmp;

    private final Properties system = new Properties();

    private LibtorchSelection prepare(String configured, Map<String, String> env) {
        return LibtorchSelection.prepare(EXPECTED, configured, env::get, system);
    }

    @Test
    void nothingConfiguredMeansTheEmbeddedBuildWithoutProblem() {
        system.setProperty("PYTORCH_FLAVOR", "cu128"); // left from an earlier start: must not mislead DJL
        LibtorchSelection s = prepare("", Map.of());
        assertNull(system.getProperty("PYTORCH_LIBRARY_PATH"));
        assertNull(system.getProperty("PYTORCH_FLAVOR"));
        LibtorchInUse in = s.report("/opt/skingpt/data/djl/pytorch/2.7.1-cpu-linux-x86_64", "2.7.1-20250812", 0, "");
        assertEquals(LibtorchInUse.Source.EMBEDDED, in.source());
        assertEquals("2.7.1", in.version());
        assertEquals("cpu", in.flavor());
        assertFalse(in.hasProblem());
        assertEquals("embedded CPU build, 2.7.1 (cpu)", in.summary());
    }

    @Test
    void acceptedDirectoryIsPassedToDjlAndReported() throws Exception {
        Path dir = LibtorchDirectoryCheckTest.archiveLayout(tmp, "2.7.1+cu128",
                "libtorch.so", "libtorch_cpu.so", "libc10.so", "libtorch_cuda.so", "libc10_cuda.so");
        LibtorchSelection s = prepare(dir.toString(), Map.of());
        String lib = dir.resolve("lib").toAbsolutePath().toString();
        assertEquals(lib, system.getProperty("PYTORCH_LIBRARY_PATH"));
        assertEquals("2.7.1", system.getProperty("PYTORCH_VERSION"));
        assertEquals("cu128", system.getProperty("PYTORCH_FLAVOR"));

        LibtorchInUse onGpu = s.report(lib, "2.7.1", 1, "");
        assertEquals(LibtorchInUse.Source.CONFIGURED_DIRECTORY, onGpu.source());
        assertEquals(lib + ", 2.7.1 (cu128)", onGpu.summary());
        assertTrue(onGpu.cuda());
        assertFalse(onGpu.hasProblem());

        LibtorchInUse noGpu = s.report(lib, "2.7.1", 0, "");
        assertTrue(noGpu.problem().contains("sees no GPU"), noGpu.problem());
        assertTrue(noGpu.problem().contains("nvidia-smi"), noGpu.problem());
        assertTrue(noGpu.problem().contains("libcudart.so"), noGpu.problem());

        LibtorchInUse loadedBefore = s.report("/somewhere/else", "2.7.1", 0, "");
        assertTrue(loadedBefore.problem().contains("had already loaded libtorch from /somewhere/else"), loadedBefore.problem());
    }

    @Test
    void refusedDirectoryLeavesDjlOnTheEmbeddedBuildAndReportsWhy() {
        LibtorchSelection s = prepare(tmp.resolve("missing").toString(), Map.of());
        assertNull(system.getProperty("PYTORCH_LIBRARY_PATH"));
        assertNull(system.getProperty("PYTORCH_VERSION"));
        LibtorchInUse in = s.report("/data/djl/pytorch/2.7.1-cpu-linux-x86_64", "2.7.1-20250812", 0, "");
        assertEquals(LibtorchInUse.Source.EMBEDDED, in.source());
        assertEquals("cpu", in.flavor());
        assertTrue(in.problem().contains("does not exist"), in.problem());
    }

    @Test
    void pytorchLibraryPathFromTheEnvironmentWinsAndIsReported() {
        LibtorchSelection s = prepare("/opt/libtorch", Map.of("PYTORCH_LIBRARY_PATH", "/usr/local/libtorch/lib"));
        assertNull(system.getProperty("PYTORCH_LIBRARY_PATH"));
        LibtorchInUse in = s.report("/usr/local/libtorch/lib", "2.7.1", 0, "");
        assertEquals(LibtorchInUse.Source.ENVIRONMENT, in.source());
        assertTrue(in.problem().contains("libtorchDirectory (/opt/libtorch) is ignored"), in.problem());
    }

    @Test
    void aChangedSettingWaitsForTheRestart() {
        LibtorchSelection s = prepare("", Map.of());
        assertEquals("", s.pendingChange(" "));
        String pending = s.pendingChange("/opt/libtorch");
        assertTrue(pending.contains("takes effect when Karaf restarts"), pending);
        LibtorchInUse in = s.report("/data/djl", "2.7.1", 0, pending);
        assertTrue(in.hasPendingChange());
    }
}
