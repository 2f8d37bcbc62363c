package org.skingpt.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.skingpt.api.access.ApiScope;
import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.consultation.StandardQuestionsListener;

/**
 * The HTTP API's overhead against the same consultation in process, in one distribution, interleaved (not part
 * of the test run: {@code mvn -pl itests verify -Dit.test=ApiBenchmark}). Per round one consultation runs through
 * {@code ConsultationService} directly and one through {@code /api/v1} with Server-Sent Events, on the same image
 * (greedy decoding: the same tokens). Writes {@code itests/target/api-benchmark.txt} for docs/benchmarks.md.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @Inject
    @Filter(timeout = 240_000)
    private ConsultationService consultations;

    @Inject
    @Filter(timeout = 120_000)
    private ApiTokens tokens;

    @Inject
    @Filter(timeout = 60_000)
    private org.skingpt.api.model.ModelCatalog catalog;

    @Configuration
    public Option[] config() throws Exception {
        Path root = Paths.get(KarafRun.DISTRIBUTION).toAbsolutePath().getParent().resolve("../..").normalize();
        return new Option[] {
            ExamOptions.distribution(),
            systemProperty("skingpt.samples").value(root.resolve("models/samples").toString()),
            systemProperty("skingpt.benchOut").value(root.resolve("itests/target/api-benchmark.txt").toString()),
        };
    }

    private static int httpPort() throws Exception {
        for (String line : Files.readAllLines(Paths.get(System.getProperty("karaf.etc"), "org.apache.felix.http.cfg"))) {
            Matcher m = Pattern.compile("^\\s*org\\.osgi\\.service\\.http\\.port\\s*=\\s*(\\d+)").matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 8181;
    }

    /** [start, first token, four answers] in milliseconds, in process. */
    private double[] inProcess(byte[] image) {
        long t0 = System.nanoTime();
        String id = consultations.start(List.of(image), Locale.ENGLISH, null, "bench");
        long started = System.nanoTime();
        long[] first = {0};
        try {
            consultations.runStandardQuestions(id, new StandardQuestionsListener() {
                @Override
                public void onQuestion(int index, String question) {
                }

                @Override
                public void onText(String piece) {
                    if (first[0] == 0) {
                        first[0] = System.nanoTime();
                    }
                }
            });
            long done = System.nanoTime();
            return new double[] {(started - t0) / 1e6, (first[0] - started) / 1e6, (done - started) / 1e6};
        } finally {
            consultations.close(id);
        }
    }

    /** The same over HTTP: [POST /consultations, first `token` event, `done` event] in milliseconds. */
    private double[] overHttp(HttpClient http, String base, String token, byte[] image) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"i.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/consultations"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        long started = System.nanoTime();
        if (created.statusCode() != 201) {
            throw new IllegalStateException("start: " + created.statusCode() + " " + created.body());
        }
        Matcher m = ID.matcher(created.body());
        m.find();
        String id = m.group(1);
        long first = 0;
        long done = 0;
        long asked = System.nanoTime();
        HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(URI.create(base + "/consultations/" + id
                + "/standard-questions")).header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = sse.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (first == 0 && line.equals("event: token")) {
                    first = System.nanoTime();
                } else if (line.equals("event: done")) {
                    done = System.nanoTime();
                }
            }
        }
        http.send(HttpRequest.newBuilder(URI.create(base + "/consultations/" + id + "/close"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        return new double[] {(started - t0) / 1e6, (first - asked) / 1e6, (done - asked) / 1e6};
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    @Test
    public void measure() throws Exception {
        ModelBundles.awaitDemoModel(catalog);
        String token = tokens.create("bench-" + UUID.randomUUID().toString().substring(0, 8),
                EnumSet.of(ApiScope.CONSULT, ApiScope.READ), Instant.now().plus(Duration.ofHours(2)), "bench").secret();
        String base = "http://127.0.0.1:" + httpPort() + "/api/v1";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<List<Double>> local = new ArrayList<>();
        List<List<Double>> remote = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            local.add(new ArrayList<>());
            remote.add(new ArrayList<>());
        }
        int rounds = Integer.getInteger("skingpt.bench.rounds", 22);
        for (int i = -3; i < rounds; i++) {
            byte[] image = Files.readAllBytes(Paths.get(System.getProperty("skingpt.samples"),
                    ConsultationIT.CONDITIONS[Math.floorMod(i, ConsultationIT.CONDITIONS.length)] + "_1.png"));
            // Alternate which goes first, so that neither always runs on a warmer cache.
            double[] a;
            double[] b;
            if (Math.floorMod(i, 2) == 0) {
                a = inProcess(image);
                b = overHttp(http, base, token, image);
            } else {
                b = overHttp(http, base, token, image);
                a = inProcess(image);
            }
            if (i >= 0) {
                for (int c = 0; c < 3; c++) {
                    local.get(c).add(a[c]);
                    remote.get(c).add(b[c]);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        String[] names = {"start (upload, intake, encode)", "time to first token", "four-part answer"};
        out.append(String.format(Locale.ROOT, "%d rounds, one client, medians (ms): in process | HTTP API | overhead%n", rounds));
        for (int c = 0; c < 3; c++) {
            double l = median(local.get(c));
            double r = median(remote.get(c));
            out.append(String.format(Locale.ROOT, "%s: %.1f | %.1f | %+.1f%%%n", names[c], l, r, (r - l) / l * 100));
        }
        System.out.print(out);
        Files.writeString(Paths.get(System.getProperty("skingpt.benchOut")), out.toString());
    }
}
