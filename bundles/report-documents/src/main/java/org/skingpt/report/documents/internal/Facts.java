package org.skingpt.report.documents.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.osgi.framework.BundleContext;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;

/** Small pieces shared by the renderers: versions, times, provenance lines. */
final class Facts {

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

    private Facts() {
    }

    /** The version of the bundle that supplies the renderers. */
    static String bundleVersion(BundleContext context) {
        return context.getBundle().getVersion().toString();
    }

    /** True when any answer came from a synthetic model: such a report is never for clinical use. */
    static boolean synthetic(ConsultationRecord record) {
        return record.syntheticModel();
    }

    /** A time as people read it, in the server's time zone. */
    static String localTime(Instant instant) {
        return instant == null ? "" : LOCAL_TIME.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** A time exactly, in UTC (ISO 8601), for provenance. */
    static String exactTime(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * Whether the answer was decoded alone or in a batch with other conversations (batching can be turned off for
     * exact replays); empty when not known (answers recorded before this was kept).
     */
    static String decoding(Provenance p, Wording w) {
        if (p == null || p.decodeBatch() <= 0) {
            return "";
        }
        return p.decodeBatch() == 1 ? w.get(Wording.DECODED_ALONE) : w.get(Wording.DECODED_IN_BATCH, p.decodeBatch());
    }

    /** The sampler settings in one line, seed excluded (it has its own row). */
    static String settings(GenerationSettings s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append("maxNewTokens=").append(s.maxNewTokens());
        b.append(", temperature=").append(number(s.temperature()));
        b.append(s.isGreedy() ? " (greedy)" : "");
        b.append(", topK=").append(s.topK());
        b.append(", topP=").append(number(s.topP()));
        b.append(", repetitionPenalty=").append(number(s.repetitionPenalty()));
        List<String> stops = s.stopStrings();
        if (!stops.isEmpty()) {
            b.append(", stop=");
            for (int i = 0; i < stops.size(); i++) {
                b.append(i == 0 ? "" : " ").append('"').append(stops.get(i)).append('"');
            }
        }
        return b.toString();
    }

    /** The two models of an answer, {@code encoder, language model}. */
    static String models(Provenance p) {
        if (p == null) {
            return "";
        }
        String encoder = orEmpty(p.imageEncoder());
        String llm = orEmpty(p.languageModel());
        return encoder.isEmpty() ? llm : llm.isEmpty() ? encoder : encoder + ", " + llm;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? String.format(Locale.ROOT, "%.1f", d)
                : String.format(Locale.ROOT, "%s", d);
    }
}
