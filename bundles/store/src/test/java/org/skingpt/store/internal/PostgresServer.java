package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real, throw-away PostgreSQL server for tests, from Debian's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}): {@code initdb} in a temporary folder, {@code pg_ctl start} on a
 * free loopback port, trust authentication for the user {@code skingpt}, fsync off. As root (CI, these
 * machines) the server runs as the {@code postgres} user through {@code runuser}, since PostgreSQL refuses
 * to run as root.
 *
 * <p>Without the binaries, tests that need it are skipped, except when the environment variable
 * {@code CI=true}: then they fail (install them with {@code apt-get install postgresql}).
 *
 * <p>{@link #shared()} is one server for the whole test run, stopped when the JVM exits; tests that stop
 * and start a server use {@link #startNew()} and {@link #close()} their own.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "skingpt";
    private static PostgresServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final boolean asRoot;

    private PostgresServer(Path bin, Path root, int port, boolean asRoot) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.asRoot = asRoot;
    }

    /** The run's shared server, started on first use. Skips (or in CI fails) the test without binaries. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = startNew();
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "postgres-test-server-stop"));
        }
        return shared;
    }

    /** A new server of its own; the caller closes it. Skips (or in CI fails) the test without binaries. */
    public static PostgresServer startNew() {
        Path bin = binaries();
        try {
            boolean asRoot = isRoot();
            Path root = Files.createTempDirectory("skingpt-pg-");
            if (asRoot) {
                run(List.of("chown", "postgres:postgres", root.toString()), root, 30);
            }
            PostgresServer s = new PostgresServer(bin, root, freePort(), asRoot);
            s.initdb();
            s.start();
            return s;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start a test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb; skips or fails without one. */
    static Path binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        Path found = null;
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(PostgresServer::majorVersion)).orElse(null);
            } catch (IOException e) {
                found = null;
            }
        }
        if (found == null) {
            String why = "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ": the PostgreSQL tests must run in CI");
            }
            Assumptions.abort(why + ": PostgreSQL tests skipped");
        }
        return found;
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void initdb() throws IOException, InterruptedException {
        run(as(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                "--no-locale", "--no-sync"), root, 120);
    }

    /** Starts the server (again, after {@link #stop()}), on the same port and data. */
    public void start() {
        try {
            run(as(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", root.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1"
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                    "start"), root, 90);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server, cutting clients off ("fast": their sessions end at once), keeping its data. Not
     * "immediate": with synchronous_commit=off that would lose the last commits.
     */
    public void stop() {
        try {
            run(as(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), root, 60);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot stop the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The server's data folder (its files, for tests that look at what is stored on disk). */
    public Path dataDirectory() {
        return data;
    }

    public int port() {
        return port;
    }

    /** JDBC URL of a database on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    public String createDatabase() {
        String name = "t" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    @Override
    public void close() {
        if (Files.isDirectory(data)) {
            try {
                run(as(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), root,
                        60);
            } catch (Exception ignored) {
                // not running
            }
        }
        deleteTree(root.toFile());
    }

    private List<String> as(String... command) {
        List<String> c = new ArrayList<>();
        if (asRoot) {
            c.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        c.addAll(Arrays.asList(command));
        return c;
    }

    private static void run(List<String> command, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("skingpt-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                String serverLog = "";
                Path server = dir.resolve("server.log");
                if (Files.isReadable(server)) {
                    serverLog = "\nserver.log:\n" + Files.readString(server);
                }
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n"
                        + Files.readString(log) + serverLog);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return out.equals("0");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteTree(child);
            }
        }
        f.delete();
    }
}
