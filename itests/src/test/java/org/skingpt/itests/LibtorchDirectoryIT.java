package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 20, GPU path: the real distribution started with {@code libtorchDirectory} naming a CUDA
 * libtorch of the wrong version (a fake layout: empty library files, {@code build-version} 2.5.1+cu124).
 * The runtime must refuse it before loading anything, start on the embedded CPU build, and say why
 * in the log and in {@code skingpt:status}; a changed setting is reported as waiting for a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibtorchDirectoryIT {

    private static final String ADMIN = "gpu-admin";
    private static final String PASSWORD = "Gpu-Admin-Pass1";

    private static KarafRun karaf;
    private static Path libtorch;

    record Result(int status, String out, String err) {
    }

    @BeforeAll
    static void startWithAWrongLibtorch() throws Exception {
        karaf = KarafRun.unpack("libtorch");
        karaf.addUser(ADMIN, PASSWORD, "admingroup");
        libtorch = karaf.home().resolve("opt/libtorch");
        Path lib = Files.createDirectories(libtorch.resolve("lib"));
        for (String name : List.of("libtorch.so", "libtorch_cpu.so", "libc10.so", "libtorch_cuda.so", "libc10_cuda.so")) {
            Files.createFile(lib.resolve(name)); // never loaded: the check refuses the directory first
        }
        Files.writeString(libtorch.resolve("build-version"), "2.5.1+cu124\n");
        karaf.setProperty("etc/org.skingpt.runtime.djl.cfg", "libtorchDirectory", libtorch.toString());
        karaf.start();
        assertTrue(karaf.awaitLog("Inference engine ready", Duration.ofMinutes(4)), "engine not ready:\n" + tail(karaf.log()));
        // skingpt:status succeeds once the record is up too.
        assertTrue(KarafRun.await(Duration.ofMinutes(2), () -> client("skingpt:status").status() == 0), tail(karaf.log()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    @Order(1)
    void wrongVersionIsRefusedAndTheEmbeddedCpuBuildServes() {
        Result r = client("skingpt:status");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Engine:   PyTorch 2.7.1 (DJL 0.36.0) ready\n"), r.out());
        assertTrue(r.out().contains("\nlibtorch: embedded CPU build, 2.7.1 (cpu)\n"), r.out());
        assertTrue(r.out().contains("\nDevice:   cpu (0 GPU(s) seen)\n"), r.out());
        String problem = "Problem:  The configured libtorchDirectory " + libtorch + " holds libtorch 2.5.1, but this DJL build "
                + "(0.36.0) needs libtorch 2.7.1. Using the embedded CPU build of libtorch 2.7.1 instead.";
        assertTrue(r.out().contains(problem), r.out());
        assertTrue(r.out().contains("Then restart Karaf (libtorch loads once per JVM)."), r.out());
        // Where admins look first, before the engine loaded.
        assertTrue(karaf.log().contains("holds libtorch 2.5.1, but this DJL build (0.36.0) needs libtorch 2.7.1"),
                tail(karaf.log()));
    }

    @Test
    @Order(2)
    void aChangedSettingWaitsForTheRestart() {
        Path other = karaf.home().resolve("opt/libtorch-2.7.1-cu128/libtorch");
        Result set = client("config:property-set -p org.skingpt.runtime.djl libtorchDirectory " + other);
        assertEquals(0, set.status(), set.toString());
        String pending = "Pending:  libtorchDirectory was changed to " + other
                + "; it takes effect when Karaf restarts (libtorch loads once per JVM).";
        assertTrue(KarafRun.await(Duration.ofSeconds(30), () -> client("skingpt:status").out().contains(pending)),
                client("skingpt:status").toString());
        assertTrue(client("skingpt:status").out().contains("libtorch: embedded CPU build, 2.7.1 (cpu)"));
    }

    private static Result client(String command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(karaf.home().resolve("bin/client").toString(), "-u", ADMIN, "-p", PASSWORD,
                    command).directory(karaf.home().toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().remove("JAVA_OPTS");
            Process p = pb.start();
            var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("bin/client timed out: " + command);
            }
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }
}
