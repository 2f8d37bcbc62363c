package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of two nodes behind HAProxy against one node, in one run (not part of the test run:
 * {@code mvn -pl itests verify -Dit.test=MultiNodeBenchmark}). Two distributions on one PostgreSQL, the
 * balancer as docs/operations.md prints it; per round, 8 clients run whole consultations (start, the four
 * standard questions) for a fixed time directly against node-a (one node), then through the balancer (both
 * nodes), alternating, three rounds. Writes {@code itests/target/multinode-benchmark.txt} for
 * docs/benchmarks.md, with the load average before and after.
 */
class MultiNodeBenchmark {

    private static final String ADMIN = "mn-bench";
    private static final String PASSWORD = "Multi-N0de-Bench";
    private static final Path ROOT = Path.of(KarafRun.DISTRIBUTION).getParent().resolve("../..").normalize();
    private static final Pattern SECRET = Pattern.compile("^(skg_[A-Za-z0-9_-]{43})$", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.seconds", 90));

    @TempDir
    Path temp;

    private String token;

    @Test
    void twoNodesAgainstOne() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("load average before: ").append(Files.readString(Path.of("/proc/loadavg")).strip()).append('\n');
        out.append("cpus: ").append(Runtime.getRuntime().availableProcessors()).append(", clients: ").append(CLIENTS)
                .append(", round: ").append(ROUND.toSeconds()).append(" s\n");
        try (PostgresServer pg = PostgresServer.startNew();
                KarafRun a = KarafRun.unpack("bench-a");
                KarafRun b = KarafRun.unpack("bench-b")) {
            String url = pg.createDatabase();
            for (KarafRun n : List.of(a, b)) {
                n.setProperty("etc/org.skingpt.store.cfg", "url", url);
                n.setProperty("etc/org.skingpt.store.cfg", "user", PostgresServer.USER);
                n.setProperty("etc/org.skingpt.store.cfg", "multiNode", "true");
                n.setProperty("etc/org.skingpt.store.cfg", "nodeName", n == a ? "node-a" : "node-b");
                n.setProperty("etc/org.skingpt.rest.cfg", "rateLimitPerMinute", "60000");
                n.addUser(ADMIN, PASSWORD, "admingroup");
                n.start();
            }
            for (KarafRun n : List.of(a, b)) {
                assertTrue(KarafRun.await(Duration.ofMinutes(5), () -> ready("http://127.0.0.1:" + n.httpPort())));
            }
            Matcher m = SECRET.matcher(new KarafShell(a, ADMIN, PASSWORD)
                    .ok("skingpt:token-create --scope consult --scope read bench"));
            assertTrue(m.find());
            token = m.group(1);
            int port = KarafRun.freePort();
            String config = String.join("\n", ScriptingIT.Docs.block(ROOT.resolve("docs/operations.md"),
                    "<!-- script: haproxy.cfg ")).replace("127.0.0.1:8080", "127.0.0.1:" + port)
                    .replace("127.0.0.1:8181", "127.0.0.1:" + a.httpPort())
                    .replace("127.0.0.1:8182", "127.0.0.1:" + b.httpPort()) + "\n";
            Files.writeString(temp.resolve("haproxy.cfg"), config);
            String haproxy = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
            Process balancer = new ProcessBuilder(haproxy, "-db", "-f", temp.resolve("haproxy.cfg").toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                String one = "http://127.0.0.1:" + a.httpPort() + "/api/v1";
                String two = "http://127.0.0.1:" + port + "/api/v1";
                assertTrue(KarafRun.await(Duration.ofSeconds(30), () -> ready("http://127.0.0.1:" + port)));
                // Warm-up: both nodes answer a consultation (first-use costs out of the measurement).
                run(two, 2, Duration.ofSeconds(20));
                out.append("| round | one node (node-a direct) consultations/min | two nodes (HAProxy) consultations/min"
                        + " | ratio |\n|---|---|---|---|\n");
                for (int round = 1; round <= 3; round++) {
                    double single = run(one, CLIENTS, ROUND);
                    double pair = run(two, CLIENTS, ROUND);
                    out.append(String.format("| %d | %.1f | %.1f | %.2f |%n", round, single, pair, pair / single));
                }
            } finally {
                balancer.destroy();
                balancer.waitFor(10, TimeUnit.SECONDS);
            }
        }
        out.append("load average after: ").append(Files.readString(Path.of("/proc/loadavg")).strip()).append('\n');
        Files.writeString(ROOT.resolve("itests/target/multinode-benchmark.txt"), out.toString());
        System.out.println(out);
    }

    /** Whole consultations (start, four answers, close) per minute with this many clients; failed calls do not count. */
    private double run(String base, int clients, Duration length) throws Exception {
        AtomicInteger done = new AtomicInteger();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + length.toNanos();
        byte[] image = Files.readAllBytes(ROOT.resolve("models/samples/melanoma_1.png"));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    ApiIT.Multipart body = new ApiIT.Multipart().file("image", "melanoma_1.png", image)
                            .field("locale", "en");
                    HttpResponse<String> created = send(base + "/consultations", body.contentType(), body.bytes());
                    if (created.statusCode() != 201) {
                        errors.add("start " + created.statusCode());
                        sleep(200);
                        continue;
                    }
                    String id = JsonParser.parseString(created.body()).getAsJsonObject().get("id").getAsString();
                    HttpResponse<String> answered = send(base + "/consultations/" + id + "/standard-questions", null,
                            null);
                    // Closed as a client finishes with it: open consultations count against the node's limit.
                    send(base + "/consultations/" + id + "/close", null, null);
                    if (answered.statusCode() == 200) {
                        done.incrementAndGet();
                    } else {
                        errors.add("questions " + answered.statusCode());
                        sleep(200);
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdownNow();
        double minutes = (System.nanoTime() - start) / 60e9;
        if (!errors.isEmpty()) {
            System.out.println(base + ": " + errors.size() + " failed calls (not counted), e.g. " + errors.get(0));
        }
        return done.get() / minutes;
    }

    private HttpResponse<String> send(String url, String type, byte[] body) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            rb.header("Content-Type", type);
        }
        try {
            return HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean ready(String base) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
