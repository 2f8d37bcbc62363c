package org.skingpt.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real SkinGPT distribution, unpacked into a fresh folder and started as its own process
 * ({@code bin/karaf server}), the way an admin runs it. Used by the tests that must look at it from
 * outside: the browser, the network trace, the boot benchmark.
 */
public final class KarafRun implements AutoCloseable {

    /** This module's target folder, found from the compiled test classes (works from any cwd). */
    private static final Path TARGET = targetFolder();

    public static final String DISTRIBUTION = System.getProperty("skingpt.distribution",
            TARGET.resolve("../../karaf-assembly/target/skingpt-karaf-"
                    + System.getProperty("skingpt.version", "0.1.0-SNAPSHOT") + ".tar.gz").normalize().toString());

    private final Path home;
    private final int httpPort;
    private final int sshPort;
    private Process process;

    private KarafRun(Path home, int httpPort, int sshPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    /** Unpacks a fresh copy of the distribution with free ports. */
    public static KarafRun unpack(String name) throws IOException, InterruptedException {
        Path archive = Paths.get(DISTRIBUTION).toAbsolutePath();
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Distribution not built: " + archive + " (run mvn install from the top folder)");
        }
        Path work = Paths.get(System.getProperty("skingpt.work", TARGET.resolve("karaf-runs").toString())).toAbsolutePath();
        Path target = work.resolve(name + "-" + System.nanoTime());
        Files.createDirectories(target);
        run(target, "tar", "xzf", archive.toString(), "-C", target.toString());
        Path home;
        try (var entries = Files.list(target)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        KarafRun run = new KarafRun(home, freePort(), freePort());
        run.setProperty("etc/org.apache.felix.http.cfg", "org.osgi.service.http.port", String.valueOf(run.httpPort));
        run.setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(run.sshPort));
        // The RMI ports of the management feature are not used (feature not installed).
        return run;
    }

    public Path home() {
        return home;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The SSH port of the Karaf shell (also in etc/org.apache.karaf.shell.cfg, where bin/client reads it). */
    public int sshPort() {
        return sshPort;
    }

    public String consoleUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** Adds a user to etc/users.properties before start, the way the README tells an admin to. */
    public void addUser(String name, String password, String group) throws IOException {
        Files.writeString(home.resolve("etc/users.properties"), "\n" + name + " = " + password + ",_g_:" + group + "\n",
                StandardCharsets.ISO_8859_1, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Replaces or appends {@code key = value} in a properties-style file of the distribution. */
    public void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = Files.exists(path) ? Files.readAllLines(path, StandardCharsets.ISO_8859_1) : new ArrayList<>();
        Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).matches()) {
                lines.set(i, key + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
        Files.write(path, lines, StandardCharsets.ISO_8859_1);
    }

    /** Starts {@code bin/karaf server}, optionally wrapped (for example by strace). */
    public void start(String... wrapper) throws IOException {
        List<String> command = new ArrayList<>(List.of(wrapper));
        command.add(home.resolve("bin/karaf").toString());
        command.add("server");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.out").toFile());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA_MAX_MEM", "2g");
        process = pb.start();
    }

    /** Waits until the console answers HTTP 200 at {@code path}; returns false on timeout. */
    public boolean awaitHttp200(String path, Duration timeout) {
        return await(timeout, () -> httpStatus(path) == 200);
    }

    /** Waits until the Karaf log contains {@code text}. */
    public boolean awaitLog(String text, Duration timeout) {
        return await(timeout, () -> log().contains(text));
    }

    /** HTTP status of a GET on the console, or -1 when nothing answers. */
    public int httpStatus(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(consoleUrl() + path.replaceFirst("^/", "")).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            c.setInstanceFollowRedirects(false);
            int status = c.getResponseCode();
            c.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The Karaf log so far (data/log/karaf.log). */
    public String log() {
        try {
            Path log = home.resolve("data/log/karaf.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident memory of the Karaf JVM in KiB, read from /proc. */
    public long residentKiB() throws IOException {
        ProcessHandle java = javaProcess();
        for (String line : Files.readAllLines(Paths.get("/proc/" + java.pid() + "/status"))) {
            Matcher m = Pattern.compile("^VmRSS:\\s+(\\d+) kB").matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new IllegalStateException("no VmRSS for " + java.pid());
    }

    private ProcessHandle javaProcess() {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Karaf JVM not running"));
    }

    /** Kills the Karaf JVM at once (SIGKILL), as a power cut or the OOM killer would. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle java = javaProcess();
        java.destroyForcibly();
        java.onExit().completeOnTimeout(java, 30, TimeUnit.SECONDS).join();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops Karaf and everything it started; waits for the process tree to end. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        for (ProcessHandle p : tree) {
            p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join();
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        process = null;
    }

    /**
     * Stops Karaf and frees the disk this run took: about 1 GiB each (libtorch unpacked into data/djl, the bundle cache,
     * the system repository), some twenty runs in one build. Logs, etc/ and the record's folder stay for a look after a
     * failure.
     */
    @Override
    public void close() throws InterruptedException {
        stop();
        for (String bulky : List.of("system", "lib", "data/cache", "data/djl", "data/tmp")) {
            deleteTree(home.resolve(bulky));
        }
    }

    /** Deletes a folder and all in it; what cannot be deleted is left (a test's clean-up must not fail the test). */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the build's clean
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // left for the build's clean
        }
    }

    private static Path targetFolder() {
        try {
            // .../itests/target/test-classes -> .../itests/target
            return Paths.get(KarafRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (Exception e) {
            return Paths.get("target").toAbsolutePath();
        }
    }

    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("command failed: " + String.join(" ", command));
        }
    }
}
