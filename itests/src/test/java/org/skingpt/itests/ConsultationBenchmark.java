package org.skingpt.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.intake.ImageIntake;

/**
 * Consultation timings with the demo model inside the distribution (not part of the test run:
 * {@code mvn -pl itests verify -Dit.test=ConsultationBenchmark}). Writes
 * {@code itests/target/consultation-benchmark.txt}; the numbers go into docs/benchmarks.md.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsultationBenchmark {

    @Inject
    @Filter(timeout = 240_000)
    private ConsultationService consultations;

    @Inject
    private ImageIntake intake;

    @Inject
    @Filter(timeout = 60_000)
    private org.skingpt.api.model.ModelCatalog catalog;

    @org.junit.Before
    public void awaitDemoModel() throws InterruptedException {
        ModelBundles.awaitDemoModel(catalog);
    }

    @Configuration
    public Option[] config() throws Exception {
        Path root = Paths.get(KarafRun.DISTRIBUTION).toAbsolutePath().getParent().resolve("../..").normalize();
        return new Option[] {
            ExamOptions.distribution(),
            systemProperty("skingpt.samples").value(root.resolve("models/samples").toString()),
            systemProperty("skingpt.benchOut").value(root.resolve("itests/target/consultation-benchmark.txt").toString()),
        };
    }

    private static byte[] sample(int i) throws Exception {
        return Files.readAllBytes(Paths.get(System.getProperty("skingpt.samples"),
                ConsultationIT.CONDITIONS[i % ConsultationIT.CONDITIONS.length] + "_" + (1 + (i / 11) % 2) + ".png"));
    }

    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();

    /** Like a client: told "busy", it waits a moment and tries again (counted). */
    private double[] one(int i) throws Exception {
        while (true) {
            try {
                return once(i);
            } catch (org.skingpt.api.consultation.BusyException e) {
                busy.incrementAndGet();
                Thread.sleep(200);
            }
        }
    }

    /** Milliseconds of one consultation: [start, first token, four answers, follow-up]. */
    private double[] once(int i) throws Exception {
        long t0 = System.nanoTime();
        String id = consultations.start(List.of(sample(i)), Locale.ENGLISH, null, "bench");
        long started = System.nanoTime();
        long[] first = {0};
        try {
            consultations.runStandardQuestions(id, piece -> {
                if (first[0] == 0) {
                    first[0] = System.nanoTime();
                }
            });
            long answered = System.nanoTime();
            consultations.ask(id, "Is it contagious?", p -> { });
            long followUp = System.nanoTime();
            return new double[] {(started - t0) / 1e6, (first[0] - started) / 1e6, (answered - started) / 1e6,
                (followUp - answered) / 1e6};
        } finally {
            consultations.close(id);
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    @Test
    public void measure() throws Exception {
        StringBuilder out = new StringBuilder();
        List<Double> intakeMs = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            byte[] b = sample(i);
            long t = System.nanoTime();
            intake.sanitize(b, Locale.ENGLISH);
            intakeMs.add((System.nanoTime() - t) / 1e6);
        }
        for (int i = 0; i < 3; i++) {
            one(i); // warm-up
        }
        List<Double> start = new ArrayList<>();
        List<Double> ttft = new ArrayList<>();
        List<Double> four = new ArrayList<>();
        List<Double> follow = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            double[] r = one(i);
            start.add(r[0]);
            ttft.add(r[1]);
            four.add(r[2]);
            follow.add(r[3]);
        }
        out.append(String.format(Locale.ROOT, "intake (224 px PNG sample) median %.1f ms%n", median(intakeMs)));
        out.append(String.format(Locale.ROOT, "start (intake + image encode) median %.1f ms%n", median(start)));
        out.append(String.format(Locale.ROOT, "time to first streamed token median %.1f ms%n", median(ttft)));
        out.append(String.format(Locale.ROOT, "four-part answer median %.1f ms (p90 %.1f)%n", median(four),
                four.stream().sorted().toList().get((int) (four.size() * 0.9))));
        out.append(String.format(Locale.ROOT, "follow-up answer median %.1f ms%n", median(follow)));
        for (int clients : new int[] {1, 4, 8}) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            int perClient = 3;
            long t = System.nanoTime();
            List<Future<double[]>> fs = new ArrayList<>();
            for (int c = 0; c < clients * perClient; c++) {
                int i = c;
                fs.add(pool.submit(() -> one(i)));
            }
            List<Double> lat = new ArrayList<>();
            for (Future<double[]> f : fs) {
                double[] r = f.get();
                lat.add(r[0] + r[2] + r[3]);
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            pool.shutdown();
            out.append(String.format(Locale.ROOT, "%d concurrent: %.1f consultations/min, median consultation %.0f ms,"
                    + " %d busy answers (retried)%n", clients, clients * perClient / seconds * 60, median(lat), busy.getAndSet(0)));
        }
        System.out.print(out);
        Files.writeString(Paths.get(System.getProperty("skingpt.benchOut")), out.toString());
    }
}
