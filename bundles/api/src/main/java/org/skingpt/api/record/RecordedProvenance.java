package org.skingpt.api.record;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;

/**
 * What produced a stored answer, as kept in the record: enough to say exactly which weights, which
 * wording and which settings gave this text.
 *
 * @param imageEncoder        {@code name@version} of the image encoder
 * @param imageEncoderSha256  SHA-256 of its weights, hex
 * @param languageModel       {@code name@version} of the language model (the decoder)
 * @param languageModelSha256 SHA-256 of its weights, hex
 * @param localeBundle        {@code locale@version} of the locale bundle whose templates were used
 * @param reportBundles       report format id to the version of the report bundle pinned for it, sorted
 * @param seed                seed of the sampler
 * @param settings            every generation setting, as JSON text (seed included); see
 *                            {@link #settingsJson(GenerationSettings)}
 * @param syntheticModel      true when either model is synthetic: never for clinical use
 * @param decodeBatch         the most conversations decoded together in one step of the answer: 1 decoded
 *                            alone, more batched, 0 not known (answers stored before this was kept)
 * @since 1.5 (package {@code org.skingpt.api.record}): {@code decodeBatch}
 */
public record RecordedProvenance(
        String imageEncoder,
        String imageEncoderSha256,
        String languageModel,
        String languageModelSha256,
        String localeBundle,
        Map<String, String> reportBundles,
        long seed,
        String settings,
        boolean syntheticModel,
        int decodeBatch) {

    /** Stored provenance without the decode batch (0, not known), as before version 1.5 of this package. */
    public RecordedProvenance(String imageEncoder, String imageEncoderSha256, String languageModel,
                              String languageModelSha256, String localeBundle, Map<String, String> reportBundles,
                              long seed, String settings, boolean syntheticModel) {
        this(imageEncoder, imageEncoderSha256, languageModel, languageModelSha256, localeBundle, reportBundles, seed,
                settings, syntheticModel, 0);
    }

    public RecordedProvenance {
        imageEncoder = Objects.requireNonNullElse(imageEncoder, "");
        imageEncoderSha256 = Objects.requireNonNullElse(imageEncoderSha256, "");
        languageModel = Objects.requireNonNullElse(languageModel, "");
        languageModelSha256 = Objects.requireNonNullElse(languageModelSha256, "");
        localeBundle = Objects.requireNonNullElse(localeBundle, "");
        reportBundles = reportBundles == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(reportBundles));
        settings = Objects.requireNonNullElse(settings, "");
    }

    /**
     * The record's view of a consultation answer's provenance.
     *
     * @param provenance    as {@code ConsultationService} reports it
     * @param reportBundles report format id to the report bundle version the consultation pinned, may be
     *                      null
     */
    public static RecordedProvenance of(Provenance provenance, Map<String, String> reportBundles) {
        Objects.requireNonNull(provenance, "provenance");
        GenerationSettings s = provenance.settings();
        return new RecordedProvenance(provenance.imageEncoder(), provenance.imageEncoderSha256(),
                provenance.languageModel(), provenance.languageModelSha256(), provenance.templates(),
                reportBundles, s == null ? 0L : s.seed(), s == null ? "" : settingsJson(s),
                provenance.syntheticModel(), provenance.decodeBatch());
    }

    /**
     * Generation settings as one line of JSON with a fixed key order, for example
     * {@code {"maxNewTokens":300,"temperature":1.0,"topK":0,"topP":0.9,"repetitionPenalty":1.0,"seed":7,"stopStrings":["###"]}};
     * an answer decoded under a consistency constraint also has what it was kept to, the values earlier answers
     * established by group, in name order: {@code "consistency":{"border":["irregular"],"size":["medium"]}}.
     */
    public static String settingsJson(GenerationSettings s) {
        StringBuilder b = new StringBuilder(160).append('{')
                .append("\"maxNewTokens\":").append(s.maxNewTokens())
                .append(",\"temperature\":").append(number(s.temperature()))
                .append(",\"topK\":").append(s.topK())
                .append(",\"topP\":").append(number(s.topP()))
                .append(",\"repetitionPenalty\":").append(number(s.repetitionPenalty()))
                .append(",\"seed\":").append(s.seed())
                .append(",\"stopStrings\":[");
        for (int i = 0; i < s.stopStrings().size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            jsonString(b, s.stopStrings().get(i));
        }
        b.append(']');
        if (!s.consistency().isEmpty()) {
            b.append(",\"consistency\":{");
            String comma = "";
            for (var e : new java.util.TreeMap<>(s.consistency().established()).entrySet()) {
                b.append(comma);
                comma = ",";
                jsonString(b, e.getKey());
                b.append(":[");
                String c2 = "";
                for (String v : new java.util.TreeSet<>(e.getValue())) {
                    b.append(c2);
                    c2 = ",";
                    jsonString(b, v);
                }
                b.append(']');
            }
            b.append('}');
        }
        return b.append('}').toString();
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%s", d);
    }

    private static void jsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
