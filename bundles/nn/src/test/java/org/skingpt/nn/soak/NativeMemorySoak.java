package org.skingpt.nn.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A soak check of native memory, meant to run in a JVM of its own (fixed heap {@code -Xms = -Xmx},
 * {@code MALLOC_ARENA_MAX=2}, one intra-op thread; see the modules' {@code benchmark/memory-soak.sh}).
 *
 * <p>It runs several windows of calls and reads the process's anonymous resident memory
 * ({@code RssAnon}: heap, native allocations; not the mapped libraries) after each, following a garbage
 * collection. One-off growth (JIT, allocator pools, the heap's first touch) happens in the first windows;
 * a leak grows in every window. So the verdict is the least-squares slope over the later windows, in bytes
 * per call, against a bound derived from what a leak would cost: half the bytes of the one array that a
 * leaking call keeps. A positive control (a wrapper that keeps exactly one such array per call) must be
 * judged leaking by the same rule, or the check proves nothing.
 */
public final class NativeMemorySoak {

    /** Windows judged: all but the first {@link #WARM_UP}. */
    public static final int WARM_UP = 2;

    /**
     * @param anonKiB       RssAnon after each window
     * @param slope         least-squares growth over the judged windows, bytes per call
     * @param bound         growth above which the calls are judged to leak, bytes per call
     * @param leakUnitBytes bytes of the one array a leaking call would keep
     */
    public record Verdict(String name, long[] anonKiB, int callsPerWindow, double slope, double bound,
                          long leakUnitBytes) {

        public boolean leaking() {
            return slope > bound;
        }

        /** One markdown table row. */
        public String row() {
            return String.format(Locale.ROOT, "| %s | %d x %d | %s | %.0f | %.0f | %s |", name, anonKiB.length,
                    callsPerWindow, Arrays.toString(Arrays.stream(anonKiB).map(k -> k / 1024).toArray()), slope, bound,
                    leaking() ? "**leaks**" : "flat");
        }
    }

    private NativeMemorySoak() {
    }

    /** Runs {@code windows} windows of {@code callsPerWindow} calls and judges the growth. */
    public static Verdict run(String name, Runnable call, int windows, int callsPerWindow, long leakUnitBytes)
            throws IOException, InterruptedException {
        if (windows < WARM_UP + 3) {
            throw new IllegalArgumentException("need at least " + (WARM_UP + 3) + " windows to fit a slope");
        }
        long[] anon = new long[windows];
        for (int w = 0; w < windows; w++) {
            for (int i = 0; i < callsPerWindow; i++) {
                call.run();
            }
            anon[w] = settledAnonKiB();
        }
        double slopeKiBPerWindow = slope(Arrays.copyOfRange(anon, WARM_UP, windows));
        return new Verdict(name, anon, callsPerWindow, slopeKiBPerWindow * 1024 / callsPerWindow, leakUnitBytes / 2.0,
                leakUnitBytes);
    }

    /** Least-squares slope of {@code y} over 0, 1, 2, ... */
    static double slope(long[] y) {
        int n = y.length;
        double meanX = (n - 1) / 2.0;
        double meanY = Arrays.stream(y).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - meanX) * (y[i] - meanY);
            den += (i - meanX) * (i - meanX);
        }
        return num / den;
    }

    /** RssAnon after a collection, once buffers awaiting collection are freed. */
    static long settledAnonKiB() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(300);
        System.gc();
        Thread.sleep(300);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no RssAnon in /proc/self/status (Linux only)");
    }
}
