package org.skingpt.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Progress of one training phase on standard output: step, smoothed loss, elapsed time and ETA. */
final class Progress {

    private final String phase;
    private final int total;
    private final long started = System.nanoTime();
    private final int every;
    private double smoothed = Double.NaN;
    private final List<String> summary;

    Progress(String phase, int total, List<String> summary) {
        this.phase = phase;
        this.total = total;
        this.summary = summary;
        this.every = Math.max(1, total / 25);
        System.out.printf(Locale.ROOT, "[%s] %d steps%n", phase, total);
    }

    void step(int step, double loss, String extra) {
        if (!Double.isFinite(loss)) {
            return; // a skipped step
        }
        smoothed = Double.isNaN(smoothed) ? loss : 0.9 * smoothed + 0.1 * loss;
        if (step % every == 0 || step == total) {
            double elapsed = seconds();
            double eta = elapsed / step * (total - step);
            System.out.printf(Locale.ROOT, "[%s] step %d/%d  loss %.4f%s  elapsed %s  eta %s%n", phase, step, total,
                    smoothed, extra == null ? "" : "  " + extra, format(elapsed), format(eta));
        }
    }

    double smoothedLoss() {
        return smoothed;
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    void done(String result) {
        String line = String.format(Locale.ROOT, "%s: %d steps in %s, final loss %.4f%s", phase, total, format(seconds()),
                smoothed, result == null ? "" : ", " + result);
        System.out.println("[" + phase + "] done: " + line);
        summary.add(line);
    }

    static String format(double seconds) {
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    static List<String> newSummary() {
        return new ArrayList<>();
    }
}
