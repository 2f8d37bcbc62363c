package org.skingpt.runtime.djl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version check on fake libtorch layouts (empty files named as libtorch's libraries). */
class LibtorchDirectoryCheckTest {

    /** What DJL 0.36 expects on linux-x86_64: libtorch 2.7.1, JNI binding for cpu and cu128. */
    static final ExpectedLibtorch EXPECTED =
            new ExpectedLibtorch("2.7.1", "cpu", "linux-x86_64", "0.36.0", Set.of("cpu", "cu128")::contains);

    private static final String[] CPU_LIBS = {"libtorch.so", "libtorch_cpu.so", "libc10.so"};
    private static final String[] CUDA_LIBS = {"libtorch.so", "libtorch_cpu.so", "libc10.so", "libtorch_cuda.so", "libc10_cuda.so"};

    @TempDir
    Path tmp;

    private final LibtorchDirectoryCheck check = new LibtorchDirectoryCheck(EXPECTED);

    /** The layout of PyTorch's libtorch archive: libtorch/lib/*.so, libtorch/build-version. */
    static Path archiveLayout(Path root, String buildVersion, String... libs) throws IOException {
        Path lib = Files.createDirectories(root.resolve("libtorch").resolve("lib"));
        for (String name : libs) {
            Files.createFile(lib.resolve(name));
        }
        if (buildVersion != null) {
            Files.writeString(root.resolve("libtorch").resolve("build-version"), buildVersion + "\n");
        }
        return root.resolve("libtorch");
    }

    @Test
    void missingDirectoryIsRefusedWithWhatToDo() {
        LibtorchDirectoryCheck.Verdict v = check.check(tmp.resolve("nowhere").toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("does not exist"), v.problem());
        assertTrue(v.problem().contains("embedded CPU build of libtorch 2.7.1"), v.problem());
        assertTrue(v.problem().contains("restart Karaf"), v.problem());
    }

    @Test
    void aFileInsteadOfADirectoryIsRefused() throws IOException {
        Path file = Files.createFile(tmp.resolve("libtorch.zip"));
        LibtorchDirectoryCheck.Verdict v = check.check(file.toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("is not a directory"), v.problem());
    }

    @Test
    void missingLibrariesAreNamed() throws IOException {
        Path dir = archiveLayout(tmp, "2.7.1+cu128", "libtorch.so", "libc10.so");
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("has no libtorch_cpu.so"), v.problem());
    }

    @Test
    void emptyDirectoryNamesEveryMissingLibrary() throws IOException {
        LibtorchDirectoryCheck.Verdict v = check.check(Files.createDirectories(tmp.resolve("empty")).toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("libtorch.so, libtorch_cpu.so, libc10.so"), v.problem());
    }

    @Test
    void incompleteCudaBuildIsRefused() throws IOException {
        Path dir = archiveLayout(tmp, "2.7.1+cu128", CPU_LIBS);
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("says flavor cu128 but has no libtorch_cuda.so, libc10_cuda.so"), v.problem());
    }

    @Test
    void otherVersionIsRefusedSayingWhatWasFoundAndWhatIsNeeded() throws IOException {
        Path dir = archiveLayout(tmp, "2.5.1+cu124", CUDA_LIBS);
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertFalse(v.accepted());
        assertEquals("2.5.1", v.version());
        assertTrue(v.problem().contains("holds libtorch 2.5.1, but this DJL build (0.36.0) needs libtorch 2.7.1"), v.problem());
        assertTrue(v.problem().contains("cpu, cu128"), v.problem());
    }

    @Test
    void unreadableVersionIsRefused() throws IOException {
        Path dir = archiveLayout(tmp, "nightly", CUDA_LIBS);
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("holds libtorch nightly"), v.problem());
    }

    @Test
    void noVersionFileIsRefused() throws IOException {
        Path dir = archiveLayout(tmp, null, CUDA_LIBS);
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("does not say which libtorch version"), v.problem());
    }

    @Test
    void flavorWithoutJniBindingIsRefused() throws IOException {
        Path dir = archiveLayout(tmp, "2.7.1+cu126", CUDA_LIBS);
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("flavor cu126, for which DJL 0.36.0 has no JNI binding"), v.problem());
    }

    @Test
    void cudaBuildWithoutFlavorInItsVersionIsRefused() throws IOException {
        Path dir = archiveLayout(tmp, "2.7.1", CUDA_LIBS);
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertFalse(v.accepted());
        assertTrue(v.problem().contains("without the CUDA flavor"), v.problem());
    }

    @Test
    void matchingCudaArchiveIsAcceptedAtItsRootOrLibFolder() throws IOException {
        Path dir = archiveLayout(tmp, "2.7.1+cu128", CUDA_LIBS);
        for (Path given : new Path[] {dir, dir.resolve("lib")}) {
            LibtorchDirectoryCheck.Verdict v = check.check(given.toString());
            assertTrue(v.accepted(), v.problem());
            assertEquals(dir.resolve("lib").toAbsolutePath(), v.libraryDirectory());
            assertEquals("2.7.1", v.version());
            assertEquals("cu128", v.flavor());
            assertEquals("", v.problem());
        }
    }

    @Test
    void matchingCpuFlavorLayoutIsAccepted() throws IOException {
        Path dir = archiveLayout(tmp, "2.7.1+cpu", CPU_LIBS);
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertTrue(v.accepted(), v.problem());
        assertEquals("cpu", v.flavor());

        Path plain = archiveLayout(tmp.resolve("plain"), "2.7.1", CPU_LIBS);
        LibtorchDirectoryCheck.Verdict p = check.check(plain.toString());
        assertTrue(p.accepted(), p.problem());
        assertEquals("cpu", p.flavor());
    }

    @Test
    void cpuFlavorThatHoldsCudaLibrariesIsRefusedAsInconsistent() throws IOException {
        Path dir = archiveLayout(tmp, "2.7.1+cpu", CUDA_LIBS);
        assertFalse(check.check(dir.toString()).accepted());
    }

    @Test
    void folderCopiedFromADjlCacheIsReadByItsName() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("2.7.1-cu128-linux-x86_64"));
        for (String name : CUDA_LIBS) {
            Files.createFile(dir.resolve(name));
        }
        LibtorchDirectoryCheck.Verdict v = check.check(dir.toString());
        assertTrue(v.accepted(), v.problem());
        assertEquals("cu128", v.flavor());

        Path dated = Files.createDirectories(tmp.resolve("2.7.1-20250812-cpu-linux-x86_64"));
        for (String name : CPU_LIBS) {
            Files.createFile(dated.resolve(name));
        }
        LibtorchDirectoryCheck.Verdict d = check.check(dated.toString());
        assertTrue(d.accepted(), d.problem());
        assertEquals("2.7.1", d.version());
        assertEquals("cpu", d.flavor());
    }

    @Test
    void aJniBindingInTheDirectoryAllowsOtherFlavors() throws IOException {
        Path dir = archiveLayout(tmp, "2.7.1+cu126", CUDA_LIBS);
        Files.createFile(dir.resolve("lib").resolve("0.36.0-libdjl_torch.so"));
        assertTrue(check.check(dir.toString()).accepted());
    }
}
