package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 19: a hospital system uses the HTTP API ({@code /api/v1}) of the real distribution, started as
 * {@code bin/karaf server}, with a real HTTP client: tokens created by an admin over {@code bin/client}, a full
 * consultation with answers streamed as Server-Sent Events and checked against the shipped model's recorded
 * answers, follow-ups, every report format, reopening, every token failure, 16 concurrent clients, malformed
 * and oversized requests, the intake corpus of bad images. Every operation of {@code openapi.json} is called.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiIT {

    private static final Path ROOT = Paths.get(KarafRun.DISTRIBUTION).toAbsolutePath().getParent().resolve("../..").normalize();
    private static final Path SAMPLES = ROOT.resolve("models/samples");
    private static final Path CORPUS = ROOT.resolve("bundles/intake/src/test/resources/corpus");
    private static final String ADMIN = "api-admin";
    private static final String PASSWORD = "Api-Adm1n-Pass";
    private static final String PATIENT = "Patient/p-4711";
    private static final String ENCOUNTER = "Encounter/e-0815";
    private static final Pattern SECRET = Pattern.compile("^(skg_[A-Za-z0-9_-]{43})$", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static KarafRun karaf;
    private static KarafShell shell;
    private static String base;
    private static String consultToken;
    private static String readToken;
    private static String adminToken;
    private static String consultationId;
    /** Operations called, as "METHOD /template", to compare with openapi.json at the end. */
    private static final Set<String> CALLED = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private static List<String[]> templates;

    @BeforeAll
    static void startDistribution() throws Exception {
        karaf = KarafRun.unpack("api");
        karaf.addUser(ADMIN, PASSWORD, "admingroup");
        // Uploads of up to 2 MiB (the smallest allowed) so that an oversized upload is cheap to send; 120 requests a
        // minute per token so that the rate limit can be reached.
        karaf.setProperty("etc/org.skingpt.rest.cfg", "maxUploadBytes", "2097152");
        // Two generation slots (the default is 8), so that sixteen clients surely meet "busy".
        karaf.setProperty("etc/org.skingpt.consultation.cfg", "maxConcurrentGenerations", "2");
        // and a short wait for them: with the faster decoder and uploads that queue for a decode slot, a client
        // could get a slot within the default 2 s every time (a fresh-clone run met no 429 at all).
        karaf.setProperty("etc/org.skingpt.consultation.cfg", "queueWaitMillis", "200");
        karaf.setProperty("etc/org.skingpt.rest.cfg", "rateLimitPerMinute", "120");
        // As behind the documented nginx: the proxy on loopback forwards the verified client certificate's subject.
        karaf.setProperty("etc/org.skingpt.rest.cfg", "trustedProxies", "127.0.0.1");
        karaf.setProperty("etc/org.skingpt.rest.cfg", "clientCertificateHeader", "X-SSL-Client-S-DN");
        karaf.start();
        base = "http://127.0.0.1:" + karaf.httpPort() + "/api/v1";
        shell = new KarafShell(karaf, ADMIN, PASSWORD);
        assertTrue(karaf.awaitLog("Model skingpt-demo-llm@1.0.0 (LANGUAGE_MODEL, llama) ready", Duration.ofMinutes(4))
                && karaf.awaitLog("HTTP API at /api/v1", Duration.ofMinutes(1)), "distribution did not come up:\n"
                + tail(karaf.log()));
        assertTrue(KarafRun.await(Duration.ofMinutes(2), () -> send("GET", "/health/ready", null, null, null).statusCode() == 200),
                "never ready: " + send("GET", "/health/ready", null, null, null).body() + "\n" + tail(karaf.log()));
        assertTrue(KarafRun.await(Duration.ofMinutes(1), () -> {
            try {
                return shell.run("skingpt:tokens", 60).exitStatus() == 0;
            } catch (Exception e) {
                return false;
            }
        }), tail(karaf.log()));
        consultToken = createToken("ehr-consult", "--scope consult --scope read");
        readToken = createToken("pacs-read", "--scope read");
        adminToken = createToken("it-admin", "--scope admin --expires 2d");
        JsonObject spec = JsonParser.parseString(send("GET", "/openapi.json", null, null, null).body()).getAsJsonObject();
        templates = new ArrayList<>();
        for (Map.Entry<String, JsonElement> p : spec.getAsJsonObject("paths").entrySet()) {
            for (String method : p.getValue().getAsJsonObject().keySet()) {
                templates.add(new String[] {method.toUpperCase(), p.getKey()});
            }
        }
    }

    @AfterAll
    static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    private static String createToken(String name, String options) throws Exception {
        String out = shell.ok("skingpt:token-create " + options + " " + name);
        Matcher m = SECRET.matcher(out);
        assertTrue(m.find(), "no secret printed:\n" + out);
        return m.group(1);
    }

    // ---- health, description, catalog ----

    @Test
    @Order(1)
    void healthAndTheDescriptionArePublicAndTheCatalogListsWhatIsInstalled() throws Exception {
        HttpResponse<String> live = send("GET", "/health/live", null, null, null);
        assertEquals(200, live.statusCode());
        JsonObject ready = json(send("GET", "/health/ready", null, null, null), 200);
        assertEquals("ready", ready.get("status").getAsString());
        assertEquals("up", ready.getAsJsonObject("checks").get("record").getAsString());
        HttpResponse<String> spec = send("GET", "/openapi.json", null, null, null);
        assertEquals("3.1.0", JsonParser.parseString(spec.body()).getAsJsonObject().get("openapi").getAsString());

        JsonArray models = json(send("GET", "/models", readToken, null, null), 200).getAsJsonArray("items");
        assertTrue(models.asList().stream().anyMatch(m -> m.getAsJsonObject().get("name").getAsString()
                .equals("skingpt-demo-llm") && m.getAsJsonObject().get("synthetic").getAsBoolean()), models.toString());
        JsonArray locales = json(send("GET", "/locales", readToken, null, null), 200).getAsJsonArray("items");
        Set<String> tags = new TreeSet<>();
        locales.forEach(l -> tags.add(l.getAsJsonObject().get("locale").getAsString()));
        assertTrue(tags.containsAll(Set.of("en", "zh-CN")), tags.toString());
        JsonArray formats = json(send("GET", "/report-formats", readToken, null, null), 200).getAsJsonArray("items");
        assertTrue(formats.size() >= 4, formats.toString());
    }

    // ---- the full flow ----

    @Test
    @Order(2)
    void aConsultationRunsOverHttpWithStreamedAnswersThatAreTheShippedModelsAnswers() throws Exception {
        ExpectedAnswers.Row expected = ExpectedAnswers.read(SAMPLES).rows().stream()
                .filter(r -> r.sample().equals("melanoma_1.png") && r.locale().equals("en")).findFirst().orElseThrow();
        Multipart body = new Multipart()
                .file("image", "melanoma_1.png", Files.readAllBytes(SAMPLES.resolve("melanoma_1.png")))
                .field("locale", "en")
                .field("clinicalContext", "Changing mole on the back, 3 months")
                .field("patientReference", PATIENT)
                .field("encounterReference", ENCOUNTER);
        HttpResponse<String> created = send("POST", "/consultations", consultToken, body.contentType(), body.bytes());
        JsonObject c = json(created, 201);
        consultationId = c.get("id").getAsString();
        assertEquals("/api/v1/consultations/" + consultationId, created.headers().firstValue("Location").orElseThrow());
        assertEquals(PATIENT, c.get("patientReference").getAsString());
        assertEquals("api:ehr-consult", c.get("clinician").getAsString());
        assertEquals(1, c.getAsJsonArray("images").size());

        Sse sse = stream("/consultations/" + consultationId + "/standard-questions", consultToken, null);
        assertEquals(200, sse.status, sse.toString());
        assertEquals(4, sse.count("question"), sse.toString());
        JsonObject done = sse.last("done");
        assertNotNull(done, sse.toString());
        JsonArray answers = done.getAsJsonArray("answers");
        assertEquals(4, answers.size());
        List<String> texts = new ArrayList<>();
        answers.forEach(a -> texts.add(a.getAsJsonObject().get("text").getAsString().strip()));
        assertEquals(expected.digest(), ExpectedAnswers.digest(texts),
                "the answers over HTTP must be the shipped model's recorded answers; first answer:\n" + texts.get(0));
        // The streamed pieces are the answers, in order.
        assertEquals(String.join("", sse.tokensPerQuestion()).replaceAll("\\s+", ""),
                String.join("", texts).replaceAll("\\s+", ""));
        assertEquals(expected.diagnosis(), done.getAsJsonObject("findings").get("diagnosis").getAsString());
        assertTrue(done.get("syntheticModel").getAsBoolean(), "the demo model's answers are marked synthetic");
        assertTrue(answers.get(0).getAsJsonObject().getAsJsonObject("provenance").get("languageModel").getAsString()
                .startsWith("skingpt-demo-llm@"));

        Sse follow = stream("/consultations/" + consultationId + "/follow-ups", consultToken,
                "{\"question\": \"Is it contagious?\"}");
        assertEquals(200, follow.status, follow.toString());
        JsonObject answer = follow.last("done");
        assertEquals(4, answer.get("index").getAsInt());
        assertEquals("Is it contagious?", answer.get("question").getAsString());
        assertFalse(answer.get("text").getAsString().isBlank());
        assertEquals(answer.get("text").getAsString().replaceAll("\\s+", ""),
                String.join("", follow.all("token").stream().map(t -> t.get("text").getAsString()).toList())
                        .replaceAll("\\s+", ""));

        JsonObject stored = json(send("GET", "/consultations/" + consultationId, readToken, null, null), 200);
        assertEquals(5, stored.getAsJsonArray("answers").size());
        assertEquals("STANDARD", stored.getAsJsonArray("answers").get(0).getAsJsonObject().get("kind").getAsString());
        assertEquals("FOLLOW_UP", stored.getAsJsonArray("answers").get(4).getAsJsonObject().get("kind").getAsString());
        // Every answer says with how many conversations it was decoded (multi-token answers: at least 1, alone),
        // the same over the stream and from the record.
        for (int i = 0; i < 4; i++) {
            int streamed = answers.get(i).getAsJsonObject().getAsJsonObject("provenance").get("decodeBatch").getAsInt();
            assertTrue(streamed >= 1, "decodeBatch of answer " + i + ": " + streamed);
            assertEquals(streamed, stored.getAsJsonArray("answers").get(i).getAsJsonObject()
                    .getAsJsonObject("provenance").get("decodeBatch").getAsInt(), "stored answer " + i);
        }
        // Answers 1 and 2 say what they were kept to, the same over the stream and from the record: answer 1 to what
        // the encoder's heads read where they are sure enough — on melanoma_1.png the condition head melanoma (the
        // locales' diagnosis group, consistency.diagnosis.questions=1), the finding network a single lesion (0.91) and
        // an irregular border (0.88; groups count and border, finding.probability 0.6 and 0.8), its edge "none"
        // establishing nothing; answer 2 (consistency.questions=2) what answer 1 stated (at least the lesion count and
        // the size class); answers 3 and 4 (causes, treatment) to the condition answer 1 named, by how each condition's
        // texts begin (consistency.causes_treatment.questions=3,4).
        for (int i = 0; i < 4; i++) {
            JsonObject settings = answers.get(i).getAsJsonObject().getAsJsonObject("provenance").getAsJsonObject("settings");
            JsonObject storedSettings = stored.getAsJsonArray("answers").get(i).getAsJsonObject()
                    .getAsJsonObject("provenance").getAsJsonObject("settings");
            assertTrue(settings.has("consistency"), "answer " + (i + 1) + ": " + settings);
            assertEquals(settings.get("consistency"), storedSettings.get("consistency"), "stored answer " + (i + 1));
            if (i >= 2) {
                assertEquals(JsonParser.parseString("{\"causes_treatment\":[\"melanoma\"]}"), settings.get("consistency"),
                        "answer " + (i + 1));
            }
        }
        assertEquals(JsonParser.parseString("{\"diagnosis\":[\"melanoma\"],\"count\":[\"single\"],\"border\":[\"irregular\"]}"),
                answers.get(0).getAsJsonObject().getAsJsonObject("provenance").getAsJsonObject("settings")
                        .getAsJsonObject("consistency"));
        JsonObject kept = answers.get(1).getAsJsonObject().getAsJsonObject("provenance").getAsJsonObject("settings")
                .getAsJsonObject("consistency");
        // Answer 2: the lesion count, border, edge and skin type only as the finding network reads them where it is
        // sure (else withheld, []), the rest as answer 1 stated it; not answer 1's own groups (count, diagnosis).
        assertTrue(kept.has("lesion_count") && kept.has("skin_type") && kept.has("size") && !kept.has("count")
                && !kept.has("diagnosis"), "answer 2 kept to " + kept);
        // Several images in one consultation.
        Multipart two = new Multipart()
                .file("image", "acne_1.png", Files.readAllBytes(SAMPLES.resolve("acne_1.png")))
                .file("image", "vitiligo_1.png", Files.readAllBytes(SAMPLES.resolve("vitiligo_1.png")));
        JsonObject both = json(send("POST", "/consultations", consultToken, two.contentType(), two.bytes()), 201);
        assertEquals(2, both.getAsJsonArray("images").size());
        assertEquals(204, send("POST", "/consultations/" + both.get("id").getAsString() + "/close", consultToken, null, null)
                .statusCode());
        JsonArray history = json(send("GET", "/consultations?patient=" + enc(PATIENT), readToken, null, null), 200)
                .getAsJsonArray("items");
        assertTrue(history.asList().stream().anyMatch(i -> i.getAsJsonObject().get("id").getAsString().equals(consultationId)),
                history.toString());
    }

    @Test
    @Order(3)
    void everyReportFormatRendersWithTheRenderersMediaTypeAndFhirNamesThePatient() throws Exception {
        JsonArray formats = json(send("GET", "/report-formats", readToken, null, null), 200).getAsJsonArray("items");
        for (JsonElement f : formats) {
            String id = f.getAsJsonObject().get("formatId").getAsString();
            String mediaType = f.getAsJsonObject().get("mediaType").getAsString();
            HttpResponse<byte[]> r = HTTP.send(request("GET", "/consultations/" + consultationId + "/report?format=" + id,
                    readToken, null, null), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), id + ": " + new String(r.body(), StandardCharsets.UTF_8));
            assertEquals(mediaType.split(";")[0].strip(), r.headers().firstValue("Content-Type").orElseThrow().split(";")[0].strip(), id);
            assertTrue(r.body().length > 0, id);
            if (id.equals("fhir-r4")) {
                JsonObject bundle = JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonObject();
                JsonObject report = bundle.getAsJsonArray("entry").asList().stream()
                        .map(e -> e.getAsJsonObject().getAsJsonObject("resource"))
                        .filter(res -> res.get("resourceType").getAsString().equals("DiagnosticReport"))
                        .findFirst().orElseThrow();
                assertEquals(PATIENT, report.getAsJsonObject("subject").get("reference").getAsString(), report.toString());
                assertEquals(ENCOUNTER, report.getAsJsonObject("encounter").get("reference").getAsString());
            }
        }
        assertProblem(send("GET", "/consultations/" + consultationId + "/report", readToken, null, null), 400, "report.format");
        assertProblem(send("GET", "/consultations/" + consultationId + "/report?format=no-such-format", readToken, null, null),
                400, "report.unknown-format");
    }

    @Test
    @Order(4)
    void aClosedConsultationIsReopenedAndContinues() throws Exception {
        assertEquals(204, send("POST", "/consultations/" + consultationId + "/close", consultToken, null, null).statusCode());
        // Closed: a follow-up is refused until it is reopened; reading it works (from the record).
        assertProblem(send("POST", "/consultations/" + consultationId + "/follow-ups", consultToken, "application/json",
                "{\"question\":\"And now?\"}".getBytes(StandardCharsets.UTF_8)), 409, "consultation.closed");
        assertEquals(5, json(send("GET", "/consultations/" + consultationId, readToken, null, null), 200)
                .getAsJsonArray("answers").size());
        JsonObject reopened = json(send("POST", "/consultations/" + consultationId + "/reopen", consultToken, null, null), 200);
        assertFalse(reopened.get("readOnly").getAsBoolean(), reopened.toString());
        JsonObject answer = json(send("POST", "/consultations/" + consultationId + "/follow-ups", consultToken,
                "application/json", "{\"question\":\"How is it treated?\"}".getBytes(StandardCharsets.UTF_8)), 200);
        assertEquals(5, answer.get("index").getAsInt());
        assertFalse(answer.get("text").getAsString().isBlank());
    }

    // ---- tokens ----

    @Test
    @Order(5)
    void everyTokenFailureIsRefusedWithItsReasonAndAudited() throws Exception {
        HttpResponse<String> missing = send("GET", "/models", null, null, null);
        assertProblem(missing, 401, "token.missing");
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertProblem(send("GET", "/models", "skg_" + "x".repeat(43), null, null), 401, "token.unknown");
        assertProblem(send("GET", "/models", "not-a-token", null, null), 401, "token.unknown");
        Multipart body = new Multipart().file("image", "a.png", Files.readAllBytes(SAMPLES.resolve("acne_1.png")));
        assertProblem(send("POST", "/consultations", readToken, body.contentType(), body.bytes()), 403, "token.scope");
        assertProblem(send("GET", "/tokens", consultToken, null, null), 403, "token.scope");

        // Created, listed, revoked and expired through the API by an admin token.
        JsonObject issued = json(send("POST", "/tokens", adminToken, "application/json",
                ("{\"name\":\"short-lived\",\"scopes\":[\"read\"],\"expiresAt\":\"" + Instant.now().plusSeconds(3) + "\"}")
                        .getBytes(StandardCharsets.UTF_8)), 201);
        String shortLived = issued.get("secret").getAsString();
        JsonObject toRevoke = json(send("POST", "/tokens", adminToken, "application/json",
                "{\"name\":\"to-revoke\",\"scopes\":[\"read\"],\"expiresInDays\":1}".getBytes(StandardCharsets.UTF_8)), 201);
        String revokedSecret = toRevoke.get("secret").getAsString();
        assertEquals(200, send("GET", "/models", revokedSecret, null, null).statusCode());
        JsonObject revoked = json(send("DELETE", "/tokens/" + toRevoke.getAsJsonObject("token").get("id").getAsString(),
                adminToken, null, null), 200);
        assertEquals("revoked", revoked.get("state").getAsString());
        assertProblem(send("GET", "/models", revokedSecret, null, null), 401, "token.revoked");
        assertProblem(send("DELETE", "/tokens/no-such-token", adminToken, null, null), 404, "token.unknown");
        assertProblem(send("POST", "/tokens", adminToken, "application/json",
                "{\"name\":\"x\",\"scopes\":[\"root\"]}".getBytes(StandardCharsets.UTF_8)), 400, "token.scopes");
        Thread.sleep(Duration.between(Instant.now(), Instant.parse(issued.getAsJsonObject("token").get("expiresAt")
                .getAsString())).toMillis() + 500);
        assertProblem(send("GET", "/models", shortLived, null, null), 401, "token.expired");

        // The node registry: this one server, alive, single-node mode, serving the demo model.
        assertProblem(send("GET", "/nodes", readToken, null, null), 403, "token.scope");
        JsonArray nodes = json(send("GET", "/nodes", adminToken, null, null), 200).getAsJsonArray("items");
        assertEquals(1, nodes.size(), nodes.toString());
        JsonObject node = nodes.get(0).getAsJsonObject();
        assertEquals("alive", node.get("state").getAsString());
        assertTrue(node.get("self").getAsBoolean() && !node.get("multiNode").getAsBoolean(), node.toString());
        assertTrue(node.getAsJsonArray("serving").toString().contains("language-model skingpt-demo-llm@1.0.0 active"),
                node.toString());
        JsonArray list = json(send("GET", "/tokens", adminToken, null, null), 200).getAsJsonArray("items");
        String listed = list.toString();
        assertTrue(listed.contains("\"to-revoke\"") && listed.contains("\"revoked\"") && listed.contains("\"expired\""), listed);
        assertFalse(listed.contains(revokedSecret.substring(4)), "secrets are never listed");
        // The shell sees the same tokens, and the audit holds the uses and the refusals (never a secret).
        assertTrue(shell.ok("skingpt:tokens").contains("to-revoke"));
        String denied = shell.ok("skingpt:audit --action API_ACCESS_DENIED --limit 100");
        for (String reason : List.of("token.missing", "token.unknown", "token.scope", "token.revoked", "token.expired")) {
            assertTrue(denied.contains(reason), reason + " not audited:\n" + denied);
        }
        HttpResponse<String> withCertificate = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/locales"))
                .header("Authorization", "Bearer " + readToken).header("X-SSL-Client-S-DN", "CN=pacs.example,O=Hospital")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withCertificate.statusCode());
        String certified = shell.ok("skingpt:audit --action API_REQUEST --actor api:pacs-read --limit 1");
        assertTrue(certified.contains("CN=pacs.example"), "the proxy-verified subject is audited:\n" + certified);
        String used = shell.ok("skingpt:audit --action API_REQUEST --limit 500");
        assertTrue(used.contains("api:ehr-consult") && used.contains("POST /consultations"), used);
        assertFalse(used.contains(consultToken.substring(4)) || denied.contains(consultToken.substring(4)));
    }

    // ---- bad requests ----

    @Test
    @Order(6)
    void malformedWrongAndOversizedRequestsGetProblemDocumentsAndLoseNothing() throws Exception {
        String follow = "/consultations/" + consultationId + "/follow-ups";
        assertProblem(send("POST", follow, consultToken, "application/json", "{\"question\": ".getBytes(StandardCharsets.UTF_8)),
                400, "json");
        assertProblem(send("POST", follow, consultToken, "application/json", "[1,2]".getBytes(StandardCharsets.UTF_8)), 400, "json");
        assertProblem(send("POST", follow, consultToken, "application/json", "{\"question\": \"  \"}".getBytes(StandardCharsets.UTF_8)),
                400, "consultation.question");
        assertProblem(send("POST", follow, consultToken, "text/plain", "Is it bad?".getBytes(StandardCharsets.UTF_8)), 415, "content-type");
        byte[] big = ("{\"question\": \"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(send("POST", follow, consultToken, "application/json", big), 413, "too-large");
        assertProblem(send("POST", "/consultations", consultToken, "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                415, "content-type");
        Multipart noImage = new Multipart().field("locale", "en");
        assertProblem(send("POST", "/consultations", consultToken, noImage.contentType(), noImage.bytes()), 400, "consultation.no-image");
        Multipart badLocale = new Multipart().file("image", "a.png", Files.readAllBytes(SAMPLES.resolve("acne_1.png")))
                .field("locale", "12345678901");
        assertProblem(send("POST", "/consultations", consultToken, badLocale.contentType(), badLocale.bytes()), 400, "locale");
        Multipart unknownPart = new Multipart().file("picture", "a.png", Files.readAllBytes(SAMPLES.resolve("acne_1.png")));
        assertProblem(send("POST", "/consultations", consultToken, unknownPart.contentType(), unknownPart.bytes()), 400, "multipart");
        byte[] noise = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(noise);
        Multipart oversized = new Multipart().file("image", "big.png", noise);
        assertProblem(send("POST", "/consultations", consultToken, oversized.contentType(), oversized.bytes()), 413, "too-large");
        assertProblem(send("GET", "/consultations/no-such-consultation", readToken, null, null), 404, "consultation.unknown");
        assertProblem(send("GET", "/consultations/bad%20id!", readToken, null, null), 404, "consultation.unknown");
        assertProblem(send("GET", "/nothing-here", readToken, null, null), 404, "no-such-endpoint");
        HttpResponse<String> wrongMethod = send("PUT", "/consultations", consultToken, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertProblem(wrongMethod, 405, "method-not-allowed");
        assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("POST"));
        assertProblem(send("GET", "/consultations?limit=100000", readToken, null, null), 400, "query");
        assertProblem(send("GET", "/consultations?from=yesterday", readToken, null, null), 400, "query");

        // The intake corpus through the API: each refused file is 422 with the intake's code, each sanitised one starts.
        Map<String, String> expectedOutcome = new LinkedHashMap<>();
        Pattern row = Pattern.compile("\\| `([^`]+)` \\|[^|]*\\| (refused `([a-z.-]+)`|sanitised)");
        for (String line : Files.readAllLines(CORPUS.resolve("README.md"), StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (m.lookingAt()) {
                expectedOutcome.put(m.group(1), m.group(3) == null ? "sanitised" : m.group(3));
            }
        }
        assertTrue(expectedOutcome.size() >= 10, expectedOutcome.toString());
        Map<String, String> outcome = new LinkedHashMap<>();
        for (String name : expectedOutcome.keySet()) {
            byte[] bytes = Files.readAllBytes(CORPUS.resolve(name));
            if (bytes.length > 2 * 1024 * 1024 - 4096) {
                outcome.put(name, expectedOutcome.get(name)); // above this server's upload limit: the 413 path is tested above
                continue;
            }
            Multipart m = new Multipart().file("image", name, bytes);
            HttpResponse<String> r = send("POST", "/consultations", consultToken, m.contentType(), m.bytes());
            if (r.statusCode() == 201) {
                outcome.put(name, "sanitised");
                send("POST", "/consultations/" + json(r, 201).get("id").getAsString() + "/close", consultToken, null, null);
            } else {
                JsonObject p = problem(r, 422);
                assertFalse(p.get("detail").getAsString().isBlank(), name);
                outcome.put(name, p.get("type").getAsString().replace("urn:skingpt:problem:", ""));
            }
        }
        assertEquals(expectedOutcome, outcome);
        // Nothing was lost: the consultation is as it was.
        assertEquals(6, json(send("GET", "/consultations/" + consultationId, readToken, null, null), 200)
                .getAsJsonArray("answers").size());
    }

    // ---- concurrency and limits ----

    @Test
    @Order(7)
    void sixteenConcurrentClientsAllFinishBusyIs429AndNothingIsLost() throws Exception {
        byte[] image = Files.readAllBytes(SAMPLES.resolve("psoriasis_1.png"));
        AtomicInteger busy = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> clients = new ArrayList<>();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 16; i++) {
            String encounter = "Encounter/load-" + batch + "-" + i;
            // Sixteen calling systems, each with its own token (so that the per-token rate limit is not what is tested).
            String token = json(send("POST", "/tokens", adminToken, "application/json", ("{\"name\":\"load-" + batch + "-" + i
                    + "\",\"scopes\":[\"consult\",\"read\"],\"expiresInDays\":1}").getBytes(StandardCharsets.UTF_8)), 201)
                    .get("secret").getAsString();
            clients.add(pool.submit(() -> {
                Multipart body = new Multipart().file("image", "p.png", image).field("patientReference", "Patient/load-" + batch)
                        .field("encounterReference", encounter);
                JsonObject c = json(retrying(token, "POST", "/consultations", body.contentType(), body.bytes(), busy), 201);
                String id = c.get("id").getAsString();
                JsonObject done = json(retrying(token, "POST", "/consultations/" + id + "/standard-questions", null, null, busy), 200);
                assertEquals(4, done.getAsJsonArray("answers").size());
                return id;
            }));
        }
        Set<String> ids = new TreeSet<>();
        for (Future<String> f : clients) {
            ids.add(f.get(15, java.util.concurrent.TimeUnit.MINUTES));
        }
        pool.shutdown();
        assertEquals(16, ids.size());
        assertTrue(busy.get() > 0, "16 clients on 2 concurrent generations must meet 429 at least once");
        JsonObject history = json(send("GET", "/consultations?patient=" + enc("Patient/load-" + batch) + "&limit=50",
                readToken, null, null), 200);
        assertEquals(16, history.get("total").getAsInt(), "every acknowledged consultation is in the record");
        for (JsonElement item : history.getAsJsonArray("items")) {
            assertTrue(ids.contains(item.getAsJsonObject().get("id").getAsString()));
            assertEquals(4, item.getAsJsonObject().get("answerCount").getAsInt(), item.toString());
        }
    }

    /** Sends, and on 429 waits Retry-After seconds and sends again (as a well-behaved client does). */
    private static HttpResponse<String> retrying(String token, String method, String path, String type, byte[] body,
                                                 AtomicInteger busy) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            HttpResponse<String> r = send(method, path, token, type, body);
            if (r.statusCode() != 429) {
                return r;
            }
            busy.incrementAndGet();
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertTrue(r.body().contains("urn:skingpt:problem:busy"), r.body());
            Thread.sleep(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()) * 1000L);
        }
        throw new AssertionError(method + " " + path + " busy 200 times");
    }

    @Test
    @Order(8)
    void aTokenOverItsRateGets429WithRetryAfter() throws Exception {
        String token = createToken("rate-probe", "--scope read");
        HttpResponse<String> limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            HttpResponse<String> r = send("GET", "/locales", token, null, null);
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertEquals(200, r.statusCode(), r.body());
            }
        }
        assertNotNull(limited, "120 requests a minute were configured");
        problem(limited, 429);
        assertTrue(problem(limited, 429).get("type").getAsString().endsWith("rate-limited"));
        assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        // Other tokens are not limited by it.
        assertEquals(200, send("GET", "/locales", readToken, null, null).statusCode());
    }

    @Test
    @Order(9)
    void everyDescribedOperationWasCalled() {
        Set<String> described = new TreeSet<>();
        templates.forEach(t -> described.add(t[0] + " " + t[1]));
        assertEquals(described, new TreeSet<>(CALLED));
    }

    // ---- HTTP helpers ----

    private static HttpRequest request(String method, String path, String token, String type, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        note(method, path);
        return b.build();
    }

    private static void note(String method, String path) {
        if (templates == null) {
            return;
        }
        String p = path.split("\\?")[0];
        for (String[] t : templates) {
            if (t[0].equals(method) && p.matches(t[1].replaceAll("\\{[^}]+}", "[^/]+"))) {
                CALLED.add(t[0] + " " + t[1]);
            }
        }
    }

    static HttpResponse<String> send(String method, String path, String token, String type, byte[] body) {
        try {
            try {
                return HTTP.send(request(method, path, token, type, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException stale) {
                // The server closes a connection after refusing an oversized body (413); the client may already have
                // taken that pooled connection for the next request, which then gets no bytes at all: the request was
                // never read, so sending it once more on a fresh connection is what a client does.
                if (stale.getMessage() == null || !stale.getMessage().contains("received no bytes")) {
                    throw stale;
                }
                return HTTP.send(request(method, path, token, type, body), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.request().method() + " " + r.uri() + ": " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static JsonObject problem(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.request().method() + " " + r.uri() + ": " + r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip(),
                r.body());
        JsonObject p = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(status, p.get("status").getAsInt());
        assertFalse(p.get("title").getAsString().isBlank());
        assertTrue(p.get("detail").getAsString().length() > 20, "a detail a person can act on: " + p);
        return p;
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertEquals("urn:skingpt:problem:" + type, problem(r, status).get("type").getAsString(), r.body());
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A Server-Sent Events response, read whole. */
    static final class Sse {
        int status;
        final List<Map.Entry<String, JsonObject>> events = new ArrayList<>();
        long firstEventNanos;

        int count(String event) {
            return all(event).size();
        }

        List<JsonObject> all(String event) {
            return events.stream().filter(e -> e.getKey().equals(event)).map(Map.Entry::getValue).toList();
        }

        JsonObject last(String event) {
            List<JsonObject> a = all(event);
            return a.isEmpty() ? null : a.get(a.size() - 1);
        }

        List<String> tokensPerQuestion() {
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, JsonObject> e : events) {
                if (e.getKey().equals("token")) {
                    out.add(e.getValue().get("text").getAsString());
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "status " + status + ", events " + events.stream().map(Map.Entry::getKey).distinct().toList()
                    + (last("error") == null ? "" : ", error " + last("error"));
        }
    }

    static Sse stream(String path, String token, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        note("POST", path);
        long start = System.nanoTime();
        HttpResponse<Stream<String>> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        Sse sse = new Sse();
        sse.status = r.statusCode();
        String event = null;
        try (Stream<String> lines = r.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                    if (sse.firstEventNanos == 0) {
                        sse.firstEventNanos = System.nanoTime() - start;
                    }
                } else if (line.startsWith("data: ") && event != null) {
                    sse.events.add(Map.entry(event, JsonParser.parseString(line.substring(6)).getAsJsonObject()));
                }
            }
        }
        return sse;
    }

    /** multipart/form-data, as browsers and HTTP libraries send file uploads. */
    static final class Multipart {
        private final String boundary = "----skingpt" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        Multipart file(String name, String fileName, byte[] bytes) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            out.writeBytes(bytes);
            write("\r\n");
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }
}
