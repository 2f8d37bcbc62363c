package org.skingpt.consultation.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.ConsistencyConstraint;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.RecordedProvenance;
import org.skingpt.api.record.StoredAnswer;
import org.skingpt.api.record.StoredConsultation;

/**
 * A consultation as the clinical record holds it, seen through the consultation service's types: only
 * completed answers count as answers (a cancelled, failed or interrupted one was never given).
 */
final class RecordedConsultation {

    final StoredConsultation stored;
    final List<Answer> answers = new ArrayList<>();
    /** Raw answer texts (as generated, before trimming) and how each ended, for reading them back. */
    final List<Answer> rawAnswers = new ArrayList<>();
    final List<StopReason> stopReasons = new ArrayList<>();
    final int nextIndex;

    RecordedConsultation(StoredConsultation stored) {
        this.stored = stored;
        int next = 0;
        int standard = 0;
        for (StoredAnswer a : stored.answers()) {
            next = Math.max(next, a.index() + 1);
            if (a.complete()) {
                Provenance p = provenance(a);
                // The n-th completed standard answer answers standard question n (a failed one is asked again).
                int number = a.kind() == AnswerKind.STANDARD ? standard++ % Answer.STANDARD_QUESTIONS : -1;
                answers.add(new Answer(a.question(), a.text().strip(), p, a.kind(), number, a.stopReason()));
                rawAnswers.add(new Answer(a.question(), a.text(), p, a.kind(), number, a.stopReason()));
                stopReasons.add(a.stopReason());
            }
        }
        this.nextIndex = next;
    }

    /** The language model ({@code name@version}) that answered, or that the consultation started with. */
    String languageModel() {
        for (int i = stored.answers().size() - 1; i >= 0; i--) {
            StoredAnswer a = stored.answers().get(i);
            if (a.complete() && a.provenance() != null && !a.provenance().languageModel().isEmpty()) {
                return a.provenance().languageModel();
            }
        }
        return stored.header().languageModel();
    }

    /** SHA-256 of the answering language model's weights, or empty when no answer recorded it. */
    String languageModelSha256() {
        for (int i = stored.answers().size() - 1; i >= 0; i--) {
            StoredAnswer a = stored.answers().get(i);
            if (a.complete() && a.provenance() != null && !a.provenance().languageModelSha256().isEmpty()) {
                return a.provenance().languageModelSha256();
            }
        }
        return "";
    }

    String imageEncoder() {
        return stored.header().imageEncoder();
    }

    ConsultationRecord record(String readOnlyReason) {
        var h = stored.header();
        return new ConsultationRecord(h.id(), h.servedLocale(), h.clinicalContext(), h.clinician(), stored.images(),
                answers, stored.findings(), h.startedAt(), h.patientRef(), h.encounterRef(), readOnlyReason);
    }

    private static Provenance provenance(StoredAnswer a) {
        RecordedProvenance p = a.provenance();
        if (p == null) {
            return null;
        }
        return new Provenance(p.imageEncoder(), p.imageEncoderSha256(), p.languageModel(), p.languageModelSha256(),
                p.localeBundle(), settings(p.settings(), p.seed()), p.syntheticModel(),
                a.endedAt() == null ? a.startedAt() : a.endedAt(), p.decodeBatch());
    }

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?[0-9.Ee+-]+)");
    // The array only: a "consistency" object may follow it.
    private static final Pattern STOPS = Pattern.compile("\"stopStrings\":\\[((?:\"(?:[^\"\\\\]|\\\\.)*\",?)*)]");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Pattern CONSISTENCY = Pattern.compile("\"consistency\":\\{(.*)\\}\\}\\s*$");
    private static final Pattern GROUP = Pattern.compile("\"([a-z0-9_]+)\":\\[([^\\]]*)\\]");

    /** What a recorded answer was kept to (no groups: only the values), or none. */
    static ConsistencyConstraint consistency(String json) {
        Matcher m = json == null ? null : CONSISTENCY.matcher(json);
        if (m == null || !m.find()) {
            return ConsistencyConstraint.NONE;
        }
        Map<String, Set<String>> established = new LinkedHashMap<>();
        Matcher g = GROUP.matcher(m.group(1));
        while (g.find()) {
            Set<String> values = new LinkedHashSet<>();
            Matcher v = STRING.matcher(g.group(2));
            while (v.find()) {
                values.add(v.group(1));
            }
            established.put(g.group(1), values);
        }
        return new ConsistencyConstraint(List.of(), established);
    }

    /** Reads back {@link RecordedProvenance#settingsJson}; unknown or missing values take the defaults. */
    static GenerationSettings settings(String json, long seed) {
        GenerationSettings d = Limits.DEFAULTS.settings();
        int maxNewTokens = d.maxNewTokens();
        double temperature = d.temperature();
        int topK = d.topK();
        double topP = d.topP();
        double penalty = d.repetitionPenalty();
        List<String> stops = d.stopStrings();
        if (json != null) {
            Matcher m = NUMBER.matcher(json);
            while (m.find()) {
                try {
                    switch (m.group(1)) {
                        case "maxNewTokens" -> maxNewTokens = Integer.parseInt(m.group(2));
                        case "temperature" -> temperature = Double.parseDouble(m.group(2));
                        case "topK" -> topK = Integer.parseInt(m.group(2));
                        case "topP" -> topP = Double.parseDouble(m.group(2));
                        case "repetitionPenalty" -> penalty = Double.parseDouble(m.group(2));
                        default -> { }
                    }
                } catch (NumberFormatException ignored) {
                    // keep the default for a value that does not parse
                }
            }
            Matcher s = STOPS.matcher(json);
            if (s.find()) {
                List<String> read = new ArrayList<>();
                Matcher str = STRING.matcher(s.group(1));
                while (str.find()) {
                    read.add(str.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
                stops = read;
            }
        }
        try {
            return new GenerationSettings(maxNewTokens, temperature, topK, topP, penalty, seed, stops,
                    consistency(json));
        } catch (IllegalArgumentException e) {
            return new GenerationSettings(d.maxNewTokens(), d.temperature(), d.topK(), d.topP(), d.repetitionPenalty(),
                    seed, d.stopStrings());
        }
    }

}
