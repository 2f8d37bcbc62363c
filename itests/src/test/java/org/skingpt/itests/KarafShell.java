package org.skingpt.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shell commands on a running distribution through its own {@code bin/client} (SSH on loopback), the
 * way an admin's script runs them: the command's output, its error output and its exit status.
 */
final class KarafShell {

    record Result(int exitStatus, String out, String err) {
        Result requireSuccess(String command) {
            if (exitStatus != 0) {
                throw new AssertionError("'" + command + "' exited " + exitStatus + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    private final KarafRun karaf;
    private final String user;
    private final String password;

    KarafShell(KarafRun karaf, String user, String password) {
        this.karaf = karaf;
        this.user = user;
        this.password = password;
    }

    /** Runs one command and waits for it (at most {@code timeoutSeconds}). */
    Result run(String command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = start(command);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("'" + command + "' did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(out(p), StandardCharsets.UTF_8),
                Files.readString(err(p), StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed, and returns its output. */
    String ok(String command) throws IOException, InterruptedException {
        return run(command, 300).requireSuccess(command).out();
    }

    /** Starts a command without waiting; its output grows in {@link #out(Process)}. */
    Process start(String command) throws IOException {
        Path dir = Files.createTempDirectory(karaf.home().getParent(), "client-");
        ProcessBuilder pb = new ProcessBuilder(List.of(karaf.home().resolve("bin/client").toString(), "-a",
                String.valueOf(karaf.sshPort()), "-h", "127.0.0.1", "-u", user, "-p", password, "-r", "3", command))
                .directory(karaf.home().toFile())
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().remove("JAVA_OPTS");
        Process p = pb.start();
        OUTPUTS.put(p, dir);
        return p;
    }

    private static final java.util.Map<Process, Path> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    static Path out(Process p) {
        return OUTPUTS.get(p).resolve("out");
    }

    static Path err(Process p) {
        return OUTPUTS.get(p).resolve("err");
    }
}
