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
import org.skingpt.api.consultation.StandardQuestionsListener;
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
        String profiling = System.getProperty("skingpt.bench.vmOption", "");
        Path root = Paths.get(KarafRun.DISTRIBUTION).toAbsolutePath().getParent().resolve("../..").normalize();
        List<Option> options = new ArrayList<>(List.of(
            ExamOptions.distribution(),
            systemProperty("skingpt.samples").value(root.resolve("models/samples").toString()),
            systemProperty("skingpt.benchOut").value(root.resolve("itests/target/consultation-benchmark.txt").toString())));
        if (!profiling.isBlank()) {
            // -Dskingpt.bench.vmOption=-XX:StartFlightRecording=... profiles the distribution's JVM (docs/benchmarks.md);
            // built only when set (vmOption("") throws, even inside a when(false)).
            options.add(org.ops4j.pax.exam.CoreOptions.vmOption(profiling));
        }
        return options.toArray(new Option[0]);
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

    /**
     * Milliseconds of one consultation: [0 start (intake + encode), 1 first token of question 1, 2 all four
     * answers, 3 first follow-up answer, 4 first token of the first follow-up, 5 answer to question 1 alone,
     * 6 first token of a third follow-up (a longer context behind it)].
     */
    private double[] once(int i) throws Exception {
        long t0 = System.nanoTime();
        String id = consultations.start(List.of(sample(i)), Locale.ENGLISH, null, "bench");
        long started = System.nanoTime();
        long[] first = {0};
        long[] questionStarts = new long[4];
        try {
            consultations.runStandardQuestions(id, new StandardQuestionsListener() {
                @Override
                public void onQuestion(int index, String question) {
                    questionStarts[index] = System.nanoTime();
                }

                @Override
                public void onText(String piece) {
                    if (first[0] == 0) {
                        first[0] = System.nanoTime();
                    }
                }
            });
            long answered = System.nanoTime();
            long[] followFirst = {0};
            consultations.ask(id, "Is it contagious?", p -> {
                if (followFirst[0] == 0) {
                    followFirst[0] = System.nanoTime();
                }
            });
            long followUp = System.nanoTime();
            consultations.ask(id, "Can it come back?", p -> { });
            long[] thirdFirst = {0};
            long thirdAsked = System.nanoTime();
            consultations.ask(id, "Should I see a doctor?", p -> {
                if (thirdFirst[0] == 0) {
                    thirdFirst[0] = System.nanoTime();
                }
            });
            return new double[] {(started - t0) / 1e6, (first[0] - started) / 1e6, (answered - started) / 1e6,
                (followUp - answered) / 1e6, (followFirst[0] - answered) / 1e6,
                (questionStarts[1] - questionStarts[0]) / 1e6, (thirdFirst[0] - thirdAsked) / 1e6};
        } finally {
            consultations.close(id);
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    private static double percentile(List<Double> v, double q) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(Math.min(s.size() - 1, (int) (s.size() * q)));
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
        List<List<Double>> columns = new ArrayList<>();
        for (int c = 0; c < 7; c++) {
            columns.add(new ArrayList<>());
        }
        for (int i = 0; i < 22; i++) {
            double[] r = one(i);
            for (int c = 0; c < 7; c++) {
                columns.get(c).add(r[c]);
            }
        }
        List<Double> four = columns.get(2);
        out.append(String.format(Locale.ROOT, "intake (224 px PNG sample) median %.1f ms%n", median(intakeMs)));
        out.append(String.format(Locale.ROOT, "start (intake + image encode) median %.1f ms%n", median(columns.get(0))));
        out.append(String.format(Locale.ROOT, "time to first streamed token median %.1f ms (p90 %.1f)%n",
                median(columns.get(1)), percentile(columns.get(1), 0.9)));
        out.append(String.format(Locale.ROOT, "four-part answer median %.1f ms (p90 %.1f)%n", median(four),
                percentile(four, 0.9)));
        out.append(String.format(Locale.ROOT, "answer to question 1 alone median %.1f ms%n", median(columns.get(5))));
        out.append(String.format(Locale.ROOT, "follow-up answer median %.1f ms; its first token %.1f ms%n",
                median(columns.get(3)), median(columns.get(4))));
        out.append(String.format(Locale.ROOT, "first token of a third follow-up (six turns of context) median %.1f ms%n",
                median(columns.get(6))));
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
            List<Double> firstTokens = new ArrayList<>();
            for (Future<double[]> f : fs) {
                double[] r = f.get();
                lat.add(r[0] + r[2] + r[3]);
                firstTokens.add(r[1]);
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            pool.shutdown();
            out.append(String.format(Locale.ROOT, "%d concurrent: %.1f consultations/min, median consultation %.0f ms,"
                    + " median first token %.0f ms, %d busy answers (retried)%n", clients, clients * perClient / seconds * 60,
                    median(lat), median(firstTokens), busy.getAndSet(0)));
        }
        System.out.print(out);
        Files.writeString(Paths.get(System.getProperty("skingpt.benchOut")), out.toString());
    }
}
