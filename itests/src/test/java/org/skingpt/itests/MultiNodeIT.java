package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SkinGPT nodes (two unpacked distributions) on one real PostgreSQL behind a real HAProxy on loopback,
 * configured with the {@code haproxy.cfg} printed in docs/operations.md ("Scaling out"). Clients go through
 * the balancer while one node is killed with SIGKILL and started again: no acknowledged answer is lost,
 * requests in flight fail with a retryable error, and follow-ups of the dead node's consultations continue on
 * the survivor (read back from the stored transcript). Then a rolling model upgrade across both nodes under
 * load, by the documented procedure, fails no request; afterwards both nodes serve the new version, and the
 * history and every consultation read the same from either node. Last, a node without the model version a
 * consultation was answered with refuses to continue it with a 409 that names the version.
 */
class MultiNodeIT {

    private static final String ADMIN = "mn-admin";
    private static final String PASSWORD = "Multi-N0de-Pass";
    private static final String NURSE_PASSWORD = "Nurse-Pass-2026";
    private static final String JDBC_MODULE = "org.apache.karaf.jaas.modules.jdbc.JDBCLoginModule";
    private static final Path ROOT = Path.of(KarafRun.DISTRIBUTION).getParent().resolve("../..").normalize();
    private static final Path SAMPLES = ROOT.resolve("models/samples");
    private static final Path OPERATIONS = ROOT.resolve("docs/operations.md");
    private static final Pattern SECRET = Pattern.compile("^(skg_[A-Za-z0-9_-]{43})$", Pattern.MULTILINE);
    private static final List<String> IMAGES = List.of("melanoma_1.png", "psoriasis_1.png", "eczema_1.png",
            "acne_1.png");
    private static final String MODEL = "skingpt-demo-llm";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;

    /** What a client was told was done: consultation id -> answer position -> text. */
    private final Map<String, Map<Integer, String>> acknowledged = new ConcurrentHashMap<>();
    /** Language model that answered each acknowledged consultation's standard questions. */
    private final Map<String, String> modelOf = new ConcurrentHashMap<>();
    /** Failed attempts (then retried), as "phase: what". */
    private final List<String> retried = Collections.synchronizedList(new ArrayList<>());
    /** Answers a client could not get even after retrying, or errors that are not retryable. */
    private final List<String> lost = Collections.synchronizedList(new ArrayList<>());
    private volatile String phase = "start";
    private String token;
    private String balancer;

    @Test
    void twoNodesBehindABalancerSurviveAKillAndARollingModelUpgrade() throws Exception {
        try (PostgresServer pg = PostgresServer.startNew();
                KarafRun a = KarafRun.unpack("node-a");
                KarafRun b = KarafRun.unpack("node-b")) {
            String url = pg.createDatabase();
            for (KarafRun n : List.of(a, b)) {
                String name = n == a ? "node-a" : "node-b";
                n.setProperty("etc/org.skingpt.store.cfg", "url", url);
                n.setProperty("etc/org.skingpt.store.cfg", "user", PostgresServer.USER);
                n.setProperty("etc/org.skingpt.store.cfg", "multiNode", "true");
                n.setProperty("etc/org.skingpt.store.cfg", "nodeName", name);
                n.setProperty("etc/org.skingpt.store.cfg", "heartbeatSeconds", "2");
                n.setProperty("etc/org.skingpt.rest.cfg", "rateLimitPerMinute", "6000");
                // The clients keep every consultation open (each is continued later on the other node); on a fast
                // machine they start more than the default 64 per node.
                n.setProperty("etc/org.skingpt.consultation.cfg", "maxOpenConsultations", "1000");
                // Accounts in the record, shared by the nodes; each node's users file has one account the other's lacks.
                n.setProperty("etc/org.skingpt.accounts.cfg", "source", "record");
                n.addUser(ADMIN, PASSWORD, "admingroup");
                n.addUser(n == a ? "nurse.a" : "nurse.b", NURSE_PASSWORD, "admingroup");
                n.start();
            }
            for (KarafRun n : List.of(a, b)) {
                assertTrue(KarafRun.await(Duration.ofMinutes(5), () -> status(direct(n, "/health/ready"), null) == 200),
                        "node on port " + n.httpPort() + " never ready:\n" + tail(n.log()));
            }
            // A token created on one node works on the other: tokens live in the shared record.
            KarafShell shellA = new KarafShell(a, ADMIN, PASSWORD);
            KarafShell shellB = new KarafShell(b, ADMIN, PASSWORD);
            accountsAreShared(a, b, shellA, shellB);
            Matcher m = SECRET.matcher(shellA.ok("skingpt:token-create --scope consult --scope read --scope admin mn-it"));
            assertTrue(m.find());
            token = m.group(1);
            assertEquals(200, status(direct(b, "/models"), token));

            // Every node lists both nodes, alive, from the record.
            for (KarafRun n : List.of(a, b)) {
                Map<String, JsonObject> nodes = nodes(n);
                assertEquals(List.of("node-a", "node-b"), List.copyOf(nodes.keySet()));
                nodes.values().forEach(v -> assertEquals("alive", v.get("state").getAsString(), v.toString()));
            }
            String shellNodes = shellB.ok("skingpt:nodes");
            assertTrue(shellNodes.contains("node-a") && shellNodes.contains("node-b (this)")
                    && shellNodes.contains("language-model " + MODEL + "@1.0.0 active"), shellNodes);

            Process haproxy = startBalancer(a, b);
            try {
                killAndRestart(a, b);
                rollingUpgrade(a, b, shellA, shellB);
                historiesAgree(a, b);
                aNodeWithoutTheModelVersionSaysSo(a, b);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // ---- accounts: kept in the record, the same on every node ------------------------------------------------------

    private void accountsAreShared(KarafRun a, KarafRun b, KarafShell shellA, KarafShell shellB) throws Exception {
        // The first node to start copied its users file into the empty record; the other found it filled. So exactly
        // one of the two nurses exists, and signs in on both nodes, including the one whose file never had it.
        assertTrue(KarafRun.await(Duration.ofMinutes(1), () -> signsIn(a, ADMIN, PASSWORD) && signsIn(b, ADMIN, PASSWORD)),
                "the admin cannot sign in on both nodes:\n" + tail(a.log()));
        boolean nurseA = signsIn(a, "nurse.a", NURSE_PASSWORD);
        boolean nurseB = signsIn(a, "nurse.b", NURSE_PASSWORD);
        assertTrue(nurseA ^ nurseB, "exactly one users file seeds the record: nurse.a " + nurseA + ", nurse.b " + nurseB);
        String seeded = nurseA ? "nurse.a" : "nurse.b";
        assertTrue(signsIn(b, seeded, NURSE_PASSWORD), seeded + " must sign in on both nodes");
        // An account added on one node with Karaf's own commands signs in on the other at once.
        shellA.ok("jaas:realm-manage --realm karaf --module " + JDBC_MODULE + "; jaas:user-add nurse.c " + NURSE_PASSWORD
                + "; jaas:group-add nurse.c admingroup; jaas:update");
        assertTrue(signsIn(b, "nurse.c", NURSE_PASSWORD), "an account added on node-a must sign in on node-b");
        String users = shellB.ok("skingpt:users");
        assertTrue(users.contains("nurse.c") && users.contains(seeded) && users.contains("clinical record"), users);
    }

    private static boolean signsIn(KarafRun n, String user, String password) {
        try {
            return new KarafShell(n, user, password).run("skingpt:status", 120).exitStatus() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    // ---- phase 1: SIGKILL of a node under load, then its restart --------------------------------------------

    private void killAndRestart(KarafRun a, KarafRun b) throws Exception {
        phase = "kill";
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int client = i;
            running.add(clients.submit(() -> clientLoop(client, stop)));
        }
        try {
            assertTrue(KarafRun.await(Duration.ofMinutes(4), () -> modelOf.size() >= 6),
                    "clients finished no consultations through the balancer: " + lost + "\n" + tail(a.log()));
            // A request in flight on node-b when it dies: a streamed answer, so that the node serving it is known.
            StreamedCall call = streamUntilServedBy("node-b");
            String inFlight = call.consultation;
            b.kill();
            StreamedCall.Outcome cut = call.finish();
            assertFalse(cut.done(), "the stream of a killed node cannot complete: " + cut);
            // Retried, it completes on the survivor, which reads the consultation back from the record.
            JsonObject retriedAnswers = retry("standard questions of " + inFlight, () -> send("POST",
                    balancer + "/consultations/" + inFlight + "/standard-questions", null, null));
            assertEquals(4, retriedAnswers.getAsJsonArray("answers").size(), retriedAnswers.toString());
            acknowledge(inFlight, retriedAnswers);

            int before = modelOf.size();
            assertTrue(KarafRun.await(Duration.ofMinutes(2), () -> modelOf.size() >= before + 4),
                    "no consultations after the kill: " + lost + "\n" + tail(a.log()));
            // Node-a declares node-b lost once its heartbeat is stale (3 heartbeats, at least 15 s).
            assertTrue(KarafRun.await(Duration.ofSeconds(60), () -> "lost".equals(
                    nodes(a).get("node-b").get("state").getAsString())), nodes(a).toString());
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            clients.shutdownNow();
        }
        // Every consultation acknowledged so far, half of them started on the dead node, continues on the survivor.
        for (String id : List.copyOf(modelOf.keySet())) {
            JsonObject answer = retry("follow-up of " + id, () -> send("POST", balancer + "/consultations/" + id
                    + "/follow-ups", "application/json", "{\"question\":\"Is it contagious?\"}".getBytes(StandardCharsets.UTF_8)));
            acknowledge(id, answer.get("index").getAsInt(), answer.get("text").getAsString());
        }
        // Each failure while the node died was retryable: the balancer's 502/503/504 or a cut connection (the
        // request was on the dead node), or busy (429: the survivor at capacity with the dead node's load).
        for (String r : retried) {
            assertTrue(r.contains("HTTP 502 (balancer)") || r.contains("HTTP 503 (balancer)")
                    || r.contains("HTTP 504 (balancer)") || r.contains("IOException")
                    || r.contains("urn:skingpt:problem:busy"), "not a retryable failure: " + r);
        }
        assertTrue(lost.isEmpty(), "requests that failed for good: " + lost);
        System.out.printf("MultiNodeIT kill phase: %d consultations acknowledged, %d failed attempts retried: %s%n",
                modelOf.size(), retried.size(), summary(retried));

        b.start();
        assertTrue(KarafRun.await(Duration.ofMinutes(5), () -> status(direct(b, "/health/ready"), null) == 200),
                "node-b did not come back:\n" + tail(b.log()));
        assertTrue(KarafRun.await(Duration.ofMinutes(1), () -> "alive".equals(
                nodes(a).get("node-b").get("state").getAsString())), nodes(a).toString());
    }

    // ---- phase 2: rolling model upgrade, by the documented procedure, under load -----------------------------

    private void rollingUpgrade(KarafRun a, KarafRun b, KarafShell shellA, KarafShell shellB) throws Exception {
        phase = "upgrade";
        retried.clear();
        // The shipped demo model's weights under the next version: the same answers, a new version in provenance.
        Path weights = ModelBundles.demo("decoder/llm.safetensors");
        Path jar = ModelBundles.modelBundle("it.demo.llm.next", "1.0.1",
                ModelBundles.demoDecoderDescriptor(MODEL, "1.0.1", weights), ModelBundles.demoDecoderFiles(weights));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        int before = modelOf.size();
        for (int i = 0; i < 4; i++) {
            int client = i;
            running.add(clients.submit(() -> clientLoop(client, stop)));
        }
        String oldConsultation;
        try {
            assertTrue(KarafRun.await(Duration.ofMinutes(2), () -> modelOf.size() >= before + 2));
            oldConsultation = modelOf.entrySet().stream().filter(e -> e.getValue().equals(MODEL + "@1.0.0"))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            // 1. Pin the running version everywhere, 2. install the new one everywhere (loaded, not serving).
            for (KarafShell s : List.of(shellA, shellB)) {
                s.ok("skingpt:model-pin " + MODEL + " 1.0.0");
            }
            for (KarafRun n : List.of(a, b)) {
                // Copied beside the folder, then moved in at once: the deploy folder never shows half a jar.
                Path staged = n.home().resolve("it-demo-llm-1.0.1.jar");
                Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
                Files.move(staged, n.home().resolve("deploy/it-demo-llm-1.0.1.jar"), StandardCopyOption.ATOMIC_MOVE);
            }
            // 3. When every node serves it (skingpt:nodes / GET /nodes), unpin node by node.
            assertTrue(KarafRun.await(Duration.ofMinutes(3), () -> nodes(a).values().stream().allMatch(
                    v -> serving(v).contains("language-model " + MODEL + "@1.0.1"))), nodes(a).toString());
            for (KarafShell s : List.of(shellA, shellB)) {
                s.ok("skingpt:model-pin --clear " + MODEL);
            }
            assertTrue(KarafRun.await(Duration.ofMinutes(1), () -> nodes(a).values().stream().allMatch(
                    v -> serving(v).contains("language-model " + MODEL + "@1.0.1 active"))), nodes(a).toString());
            int afterSwap = modelOf.size();
            assertTrue(KarafRun.await(Duration.ofMinutes(2), () -> modelOf.size() >= afterSwap + 4));
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            clients.shutdownNow();
        }
        assertTrue(lost.isEmpty(), "requests that failed for good: " + lost);
        System.out.printf("MultiNodeIT rolling upgrade: %d consultations acknowledged in all, %d attempts retried: %s%n",
                modelOf.size(), retried.size(), summary(retried));
        assertTrue(retried.stream().allMatch(r -> r.contains(" 429")),
                "no request may fail during a rolling upgrade (only 'busy, retry' is allowed): " + retried);
        // New consultations are answered by the new version on both nodes; a running one keeps its version.
        JsonObject fresh = consultFully(IMAGES.get(1));
        assertEquals(MODEL + "@1.0.1", model(fresh));
        JsonObject old = retry("follow-up of " + oldConsultation, () -> send("POST", balancer + "/consultations/"
                + oldConsultation + "/follow-ups", "application/json",
                "{\"question\":\"Can it come back?\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(MODEL + "@1.0.0", old.getAsJsonObject("provenance").get("languageModel").getAsString());
        acknowledge(oldConsultation, old.get("index").getAsInt(), old.get("text").getAsString());
        for (KarafRun n : List.of(a, b)) {
            JsonObject c = retry("start on " + n.httpPort(), () -> send("POST", direct(n, "/consultations"),
                    multipartType(IMAGES.get(2)), multipart(IMAGES.get(2))));
            JsonObject answered = retry("questions on " + n.httpPort(), () -> send("POST", direct(n, "/consultations/"
                    + c.get("id").getAsString() + "/standard-questions"), null, null));
            assertEquals(MODEL + "@1.0.1", model(answered), "node on port " + n.httpPort());
            acknowledge(c.get("id").getAsString(), answered);
        }
    }

    // ---- phase 3: both nodes tell the same history ------------------------------------------------------------

    private void historiesAgree(KarafRun a, KarafRun b) throws Exception {
        JsonObject fromA = parse(send("GET", direct(a, "/consultations?limit=200"), null, null));
        JsonObject fromB = parse(send("GET", direct(b, "/consultations?limit=200"), null, null));
        assertEquals(fromA, fromB, "the history differs between the nodes");
        assertTrue(fromA.get("total").getAsInt() >= acknowledged.size(), fromA.get("total").toString());
        for (Map.Entry<String, Map<Integer, String>> e : acknowledged.entrySet()) {
            JsonObject ca = parse(send("GET", direct(a, "/consultations/" + e.getKey()), null, null));
            JsonObject cb = parse(send("GET", direct(b, "/consultations/" + e.getKey()), null, null));
            assertEquals(texts(ca), texts(cb), "consultation " + e.getKey() + " reads differently on the two nodes");
            List<String> stored = texts(ca);
            for (Map.Entry<Integer, String> answer : e.getValue().entrySet()) {
                assertTrue(answer.getKey() < stored.size(), "acknowledged answer " + answer.getKey() + " of "
                        + e.getKey() + " is missing: " + stored);
                assertEquals(answer.getValue(), stored.get(answer.getKey()), "acknowledged answer " + answer.getKey()
                        + " of " + e.getKey());
            }
        }
    }

    // ---- phase 4: a node without a consultation's model version refuses it with a clear 409 ----------------------

    private void aNodeWithoutTheModelVersionSaysSo(KarafRun a, KarafRun b) throws Exception {
        JsonObject c = retry("start on node-a", () -> send("POST", direct(a, "/consultations"),
                multipartType(IMAGES.get(3)), multipart(IMAGES.get(3))));
        String id = c.get("id").getAsString();
        assertEquals(MODEL + "@1.0.1", model(retry("questions on node-a", () -> send("POST", direct(a,
                "/consultations/" + id + "/standard-questions"), null, null))));
        Files.delete(b.home().resolve("deploy/it-demo-llm-1.0.1.jar"));
        assertTrue(KarafRun.await(Duration.ofMinutes(1), () -> serving(nodes(a).get("node-b")).stream()
                .noneMatch(v -> v.contains("@1.0.1"))), nodes(a).toString());
        byte[] question = "{\"question\":\"Is it contagious?\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = send("POST", direct(b, "/consultations/" + id + "/follow-ups"),
                "application/json", question);
        assertEquals(409, refused.statusCode(), refused.body());
        JsonObject problem = JsonParser.parseString(refused.body()).getAsJsonObject();
        assertEquals("urn:skingpt:problem:consultation.model-not-installed", problem.get("type").getAsString());
        assertTrue(problem.get("detail").getAsString().contains(MODEL + "@1.0.1"), problem.toString());
        // The node that has it continues the consultation.
        JsonObject answer = retry("follow-up on node-a", () -> send("POST", direct(a, "/consultations/" + id
                + "/follow-ups"), "application/json", question));
        assertEquals(MODEL + "@1.0.1", answer.getAsJsonObject("provenance").get("languageModel").getAsString());
    }

    // ---- clients ----------------------------------------------------------------------------------------------

    /** Consultations back to back through the balancer: start, the four questions, one follow-up; retrying. */
    private void clientLoop(int client, AtomicBoolean stop) {
        int n = 0;
        while (!stop.get()) {
            try {
                consultFully(IMAGES.get((client + n++) % IMAGES.size()));
            } catch (AssertionError | RuntimeException e) {
                lost.add(phase + ": client " + client + ": " + e);
                return;
            }
        }
    }

    private JsonObject consultFully(String image) {
        String id = startConsultation(image);
        JsonObject done = retry("standard questions of " + id, () -> send("POST", balancer + "/consultations/" + id
                + "/standard-questions", null, null));
        acknowledge(id, done);
        JsonObject follow = retry("follow-up of " + id, () -> send("POST", balancer + "/consultations/" + id
                + "/follow-ups", "application/json", "{\"question\":\"What should the patient avoid?\"}"
                .getBytes(StandardCharsets.UTF_8)));
        acknowledge(id, follow.get("index").getAsInt(), follow.get("text").getAsString());
        return done;
    }

    private String startConsultation(String image) {
        return retry("start", () -> send("POST", balancer + "/consultations", multipartType(image), multipart(image)))
                .get("id").getAsString();
    }

    private void acknowledge(String id, JsonObject consultation) {
        JsonArray answers = consultation.getAsJsonArray("answers");
        for (int i = 0; i < answers.size(); i++) {
            acknowledge(id, i, answers.get(i).getAsJsonObject().get("text").getAsString());
        }
        modelOf.put(id, model(consultation));
    }

    private void acknowledge(String id, int index, String text) {
        acknowledged.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(index, text);
    }

    private static String model(JsonObject consultation) {
        return consultation.getAsJsonArray("answers").get(0).getAsJsonObject().getAsJsonObject("provenance")
                .get("languageModel").getAsString();
    }

    /** A call retried on the errors a client is told to retry (balancer 502/503/504, busy 429, a cut connection). */
    private JsonObject retry(String what, java.util.function.Supplier<HttpResponse<String>> call) {
        for (int attempt = 1; attempt <= 40; attempt++) {
            String failure;
            try {
                HttpResponse<String> r = call.get();
                int s = r.statusCode();
                if (s == 200 || s == 201) {
                    return JsonParser.parseString(r.body()).getAsJsonObject();
                }
                if (s != 429 && s != 502 && s != 503 && s != 504) {
                    throw new AssertionError(what + ": HTTP " + s + " is not retryable: " + r.body());
                }
                failure = phase + ": " + what + ": HTTP " + s + " " + r.headers().firstValue("X-SkinGPT-Node")
                        .orElse("(balancer)") + " " + r.body().substring(0, Math.min(160, r.body().length()));
            } catch (java.io.UncheckedIOException e) {
                failure = phase + ": " + what + ": IOException " + e.getCause().getMessage();
            }
            retried.add(failure);
            sleep(500);
        }
        throw new AssertionError(what + ": still failing after 40 attempts: " + retried);
    }

    // ---- a streamed call whose serving node is known ------------------------------------------------------------

    private StreamedCall streamUntilServedBy(String node) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            String consultation = startConsultation(IMAGES.get(attempt % IMAGES.size()));
            StreamedCall call = new StreamedCall(balancer + "/consultations/" + consultation + "/standard-questions",
                    token, consultation);
            if (node.equals(call.servedBy) && call.awaitFirstToken()) {
                return call;
            }
            // Served by the other node: let it finish, then try with a new consultation.
            call.finish();
        }
        throw new AssertionError("the balancer never sent a stream to " + node);
    }

    /** {@code Accept: text/event-stream} through the balancer, read on a thread; the balancer names the node. */
    static final class StreamedCall {
        record Outcome(boolean done, int tokens, String last) {
        }

        final String servedBy;
        final String consultation;
        private final InputStream body;
        private final AtomicInteger tokens = new AtomicInteger();
        private volatile boolean done;
        private volatile String last = "";
        private final Thread reader;

        StreamedCall(String url, String token, String consultation) throws Exception {
            this.consultation = consultation;
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            servedBy = r.headers().firstValue("X-SkinGPT-Node").orElse("?");
            body = r.body();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        last = line;
                        if (line.equals("event: token")) {
                            tokens.incrementAndGet();
                        } else if (line.equals("event: done")) {
                            done = true;
                        }
                    }
                } catch (IOException e) {
                    last = e.toString();
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        boolean awaitFirstToken() {
            return KarafRun.await(Duration.ofSeconds(30), () -> tokens.get() > 0 || !reader.isAlive())
                    && tokens.get() > 0 && !done;
        }

        Outcome finish() throws InterruptedException {
            reader.join(120_000);
            return new Outcome(done, tokens.get(), last);
        }
    }

    // ---- the balancer, as docs/operations.md prints it ---------------------------------------------------------------

    private Process startBalancer(KarafRun a, KarafRun b) throws Exception {
        int port = KarafRun.freePort();
        String config = String.join("\n", ScriptingIT.Docs.block(OPERATIONS, "<!-- script: haproxy.cfg "))
                .replace("127.0.0.1:8080", "127.0.0.1:" + port)
                .replace("127.0.0.1:8181", "127.0.0.1:" + a.httpPort())
                .replace("127.0.0.1:8182", "127.0.0.1:" + b.httpPort()) + "\n";
        Path file = temp.resolve("haproxy.cfg");
        Files.writeString(file, config);
        String haproxy = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
        Process p = new ProcessBuilder(haproxy, "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("haproxy.log").toFile()).start();
        balancer = "http://127.0.0.1:" + port + "/api/v1";
        assertTrue(KarafRun.await(Duration.ofSeconds(30), () -> status(balancer + "/health/ready", null) == 200),
                "haproxy did not come up:\n" + Files.readString(temp.resolve("haproxy.log")));
        // Both servers pass the health check before the clients start.
        assertTrue(KarafRun.await(Duration.ofSeconds(30), () -> servedByBoth()), "the balancer does not use both nodes");
        return p;
    }

    private boolean servedByBoth() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(balancer + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                r.headers().firstValue("X-SkinGPT-Node").ifPresent(seen::add);
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }
        return seen.size() == 2;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static String direct(KarafRun n, String path) {
        return "http://127.0.0.1:" + n.httpPort() + "/api/v1" + path;
    }

    private Map<String, JsonObject> nodes(KarafRun n) {
        JsonObject list = parse(send("GET", direct(n, "/nodes"), null, null));
        Map<String, JsonObject> byName = new TreeMap<>();
        for (JsonElement e : list.getAsJsonArray("items")) {
            byName.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
        }
        return byName;
    }

    private static List<String> serving(JsonObject node) {
        List<String> s = new ArrayList<>();
        node.getAsJsonArray("serving").forEach(e -> s.add(e.getAsString().replaceAll(" sha256:.*$", "")));
        return s;
    }

    private static List<String> texts(JsonObject consultation) {
        List<String> t = new ArrayList<>();
        consultation.getAsJsonArray("answers").forEach(a -> t.add(a.getAsJsonObject().get("text").getAsString()));
        return t;
    }

    private JsonObject parse(HttpResponse<String> r) {
        assertTrue(r.statusCode() / 100 == 2, r.request().method() + " " + r.uri() + ": " + r.statusCode() + " "
                + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private int status(String url, String bearer) {
        try {
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (bearer != null) {
                rb.header("Authorization", "Bearer " + bearer);
            }
            return HTTP.send(rb.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> send(String method, String url, String type, byte[] body) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(3))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            rb.header("Content-Type", type);
        }
        try {
            return HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final Map<String, ApiIT.Multipart> uploads = new ConcurrentHashMap<>();

    private String multipartType(String image) {
        return upload(image).contentType();
    }

    private byte[] multipart(String image) {
        return upload(image).bytes();
    }

    private ApiIT.Multipart upload(String image) {
        return uploads.computeIfAbsent(image, i -> {
            try {
                return new ApiIT.Multipart().file("image", i, Files.readAllBytes(SAMPLES.resolve(i)))
                        .field("locale", "en").field("clinicalContext", "Multi-node test")
                        .field("patientReference", "Patient/mn-" + i);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Failures by kind: "HTTP 502 (balancer)" -> 3, ... */
    private static Map<String, Integer> summary(List<String> failures) {
        Map<String, Integer> byKind = new TreeMap<>();
        synchronized (failures) {
            for (String f : failures) {
                String kind = f.replaceAll("^.*?: (HTTP \\d+ \\S+|IOException).*$", "$1");
                byKind.merge(kind, 1, Integer::sum);
            }
        }
        return byKind;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }
}
