package org.skingpt.vision.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The native-memory soak check: calls in windows, the process's anonymous resident memory after
 * each window, and the least-squares slope over the later windows, in bytes per call, against a
 * bound. The same code lives in the language bundle's tests (each bundle's tests stand alone).
 *
 * <p>Why this is not flaky where whole-process RSS windows were: it runs in a JVM of its own whose
 * heap is fixed and touched up front ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch},
 * {@code -XX:+UseSerialGC}), so the Java heap never moves resident memory; only the C1 compiler
 * runs ({@code -XX:TieredStopAtLevel=1}: C2's compilations moved resident memory in steps of 5-20 MB);
 * glibc keeps at most two arenas ({@code MALLOC_ARENA_MAX=2}); libtorch uses one thread; the first
 * windows, which absorb the JIT, class loading and allocator pools, are not judged; and a slope
 * over several windows shrugs off a single jump. The bound is half the bytes of one array of the
 * kind a call makes, so keeping one such array per call (the positive control) exceeds it twice
 * over, while a leak-free run sits near zero. Other processes on the machine slow the calls down
 * but do not change this process's memory.
 *
 * <p>Windows, calls per window and the judged windows can be changed with the system properties
 * {@code soak.windows}, {@code soak.calls} and {@code soak.judgedFrom}.
 */
final class NativeMemorySoak {

    /** Windows of calls. */
    static final int WINDOWS = Integer.getInteger("soak.windows", 10);
    /** First window (1-based) that is judged; the ones before it are warm-up. */
    static final int JUDGED_FROM = Integer.getInteger("soak.judgedFrom", 4);

    private NativeMemorySoak() {
    }

    /** What one run measured. */
    record Result(String label, int callsPerWindow, long[] residentBytes, int[] liveArrays, double slopeBytesPerCall,
                  double boundBytesPerCall) {

        /** The verdict of the check: native memory grows faster than the bound allows. */
        boolean leaks() {
            return slopeBytesPerCall > boundBytesPerCall;
        }

        /** A markdown table row. */
        String row() {
            String rss = Arrays.stream(residentBytes).mapToObj(b -> String.format(Locale.ROOT, "%.1f", b / 1048576.0))
                    .collect(Collectors.joining(" "));
            return String.format(Locale.ROOT, "| %s | %d × %d | %s | %d → %d | %.0f | %.0f | %s |", label, WINDOWS, callsPerWindow,
                    rss, liveArrays[0], liveArrays[liveArrays.length - 1], slopeBytesPerCall, boundBytesPerCall,
                    leaks() ? "**leaks**" : "flat");
        }
    }

    /** The table header matching {@link Result#row()}. */
    static String header() {
        return "| run | windows × calls | anonymous RSS after each window (MiB) | live arrays first → last window"
                + " | slope over windows " + JUDGED_FROM + "–" + WINDOWS + " (bytes/call) | bound (bytes/call) | verdict |\n"
                + "|---|---|---|---|---|---|---|";
    }

    /** One line describing the machine and its load, for the record. */
    static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.format(Locale.ROOT, "machine: %d CPUs, %s; load average %s %s %s; MALLOC_ARENA_MAX=%s;"
                    + " ai.djl.pytorch.num_threads=%s; max heap %d MiB", Runtime.getRuntime().availableProcessors(), cpu,
                    load[0], load[1], load[2], System.getenv("MALLOC_ARENA_MAX"),
                    System.getProperty("ai.djl.pytorch.num_threads"), Runtime.getRuntime().maxMemory() / 1048576);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code call} in {@link #WINDOWS} windows of {@code callsPerWindow} calls and fits the
     * resident memory after the judged windows against the calls made.
     *
     * @param liveArrays counts the arrays the model holds now (reported, not judged)
     */
    static Result run(String label, int callsPerWindow, double boundBytesPerCall, Runnable call,
                      java.util.function.IntSupplier liveArrays) {
        long[] resident = new long[WINDOWS];
        int[] arrays = new int[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < callsPerWindow; i++) {
                call.run();
            }
            resident[w] = residentAnonymousBytes();
            arrays[w] = liveArrays.getAsInt();
        }
        int n = WINDOWS - JUDGED_FROM + 1;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (double) (JUDGED_FROM + i) * callsPerWindow;
            y[i] = resident[JUDGED_FROM - 1 + i];
        }
        return new Result(label, callsPerWindow, resident, arrays, slope(x, y), boundBytesPerCall);
    }

    /** Least-squares slope of y over x. */
    static double slope(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    /**
     * Anonymous resident memory ({@code RssAnon}: the heap, malloc arenas, libtorch's tensors; not
     * the mapped libraries and files) after a full collection, so that arrays awaiting collection
     * do not count.
     */
    static long residentAnonymousBytes() {
        System.gc();
        try {
            Thread.sleep(50);
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no RssAnon in /proc/self/status");
    }
}
