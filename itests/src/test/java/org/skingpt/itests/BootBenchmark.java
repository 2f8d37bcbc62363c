package org.skingpt.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Boot benchmark of the distribution (not a test): cold start (fresh unpack, libtorch not yet
 * extracted) and warm start (same folder, second start) to console HTTP 200 and to engine ready,
 * resident memory after boot, and size on disk. Prints a Markdown table of medians.
 *
 * <pre>mvn -q -pl itests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.skingpt.itests.BootBenchmark -Dexec.args=5</pre>
 */
public final class BootBenchmark {

    private BootBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Double> coldHttp = new ArrayList<>();
        List<Double> coldEngine = new ArrayList<>();
        List<Double> warmHttp = new ArrayList<>();
        List<Double> warmEngine = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        long unpackedBytes = 0;
        for (int i = 0; i < runs; i++) {
            try (KarafRun karaf = KarafRun.unpack("bench")) {
                if (i == 0) {
                    unpackedBytes = size(karaf.home());
                }
                double[] cold = boot(karaf);
                coldHttp.add(cold[0]);
                coldEngine.add(cold[1]);
                Thread.sleep(10_000); // settle, then read memory
                rss.add(karaf.residentKiB() / 1024.0);
                karaf.stop();
                double[] warm = boot(karaf);
                warmHttp.add(warm[0]);
                warmEngine.add(warm[1]);
                System.err.printf("run %d: cold %.1f s / %.1f s, warm %.1f s / %.1f s, RSS %.0f MiB%n",
                        i + 1, cold[0], cold[1], warm[0], warm[1], rss.get(i));
            }
        }
        long archive = Files.size(Paths.get(KarafRun.DISTRIBUTION));
        System.out.println("| measure (median of " + runs + " runs) | value |");
        System.out.println("|---|---|");
        System.out.printf("| cold start to console HTTP 200 | %.1f s |%n", median(coldHttp));
        System.out.printf("| cold start to engine ready (libtorch extracted on first start) | %.1f s |%n", median(coldEngine));
        System.out.printf("| warm start to console HTTP 200 | %.1f s |%n", median(warmHttp));
        System.out.printf("| warm start to engine ready | %.1f s |%n", median(warmEngine));
        System.out.printf("| resident memory 10 s after boot | %.0f MiB |%n", median(rss));
        System.out.printf("| distribution archive (tar.gz) | %.0f MiB |%n", archive / 1048576.0);
        System.out.printf("| distribution unpacked, before first start | %.0f MiB |%n", unpackedBytes / 1048576.0);
    }

    /** Starts Karaf and returns seconds to console HTTP 200 and to engine ready. */
    private static double[] boot(KarafRun karaf) throws Exception {
        int linesBefore = karaf.log().split("\n").length;
        long start = System.nanoTime();
        karaf.start();
        double http = -1;
        double engine = -1;
        long deadline = start + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline && (http < 0 || engine < 0)) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (http < 0 && karaf.httpStatus("/login") == 200) {
                http = elapsed;
            }
            if (engine < 0) {
                String[] lines = karaf.log().split("\n");
                for (int i = Math.min(linesBefore, lines.length); i < lines.length; i++) {
                    if (lines[i].contains("Inference engine ready")) {
                        engine = elapsed;
                        break;
                    }
                }
            }
            Thread.sleep(50);
        }
        if (http < 0 || engine < 0) {
            throw new IllegalStateException("boot did not complete:\n" + karaf.log());
        }
        return new double[] {http, engine};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
