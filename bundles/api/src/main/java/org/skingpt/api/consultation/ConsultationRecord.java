package org.skingpt.api.consultation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.skingpt.api.record.AnswerKind;

/**
 * A consultation as reports see it.
 *
 * @param id              opaque identifier
 * @param locale          language the consultation is served in: the locale of the locale bundle that was
 *                        chosen for it, which is the language asked for at the start when a locale bundle for it
 *                        is installed, otherwise the nearest one (same language, then English). Questions,
 *                        answers, findings and report wording are in this language. (The language asked for is
 *                        kept in the clinical record, {@code ConsultationHeader.requestedLocale}.)
 * @param clinicalContext free text given by the clinician, may be empty
 * @param clinician       user who ran it, may be empty
 * @param images          the sanitised images analysed
 * @param answers         every question and answer in order (the standard four first, then follow-ups), each
 *                        with its {@link Answer#kind() kind}; answers given without a kind are classified by
 *                        position
 * @param findings        the structured result of the standard questions, or null before they ran
 * @param startedAt       when it started
 * @param patientReference   the patient's identifier in the hospital's systems, as given at the start (for
 *                           example {@code Patient/123} or a medical record number); may be empty. SkinGPT
 *                           stores no patient name or birth date: the hospital system joins the identity
 * @param encounterReference the encounter (visit) identifier in the hospital's systems (for example
 *                           {@code Encounter/456}); may be empty
 * @param readOnlyReason  empty while the consultation can take questions; otherwise why it cannot (it was
 *                        read back from the clinical record and the model that answered it is not installed,
 *                        for example)
 */
public record ConsultationRecord(
        String id,
        Locale locale,
        String clinicalContext,
        String clinician,
        List<ConsultationImage> images,
        List<Answer> answers,
        Findings findings,
        Instant startedAt,
        String patientReference,
        String encounterReference,
        String readOnlyReason) {

    /** A consultation without patient or encounter reference that can take questions. */
    public ConsultationRecord(String id, Locale locale, String clinicalContext, String clinician,
                              List<ConsultationImage> images, List<Answer> answers, Findings findings, Instant startedAt) {
        this(id, locale, clinicalContext, clinician, images, answers, findings, startedAt, "", "", "");
    }

    public ConsultationRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(startedAt, "startedAt");
        clinicalContext = Objects.requireNonNullElse(clinicalContext, "");
        clinician = Objects.requireNonNullElse(clinician, "");
        images = List.copyOf(images == null ? List.of() : images);
        answers = classified(answers == null ? List.of() : answers);
        patientReference = Objects.requireNonNullElse(patientReference, "");
        encounterReference = Objects.requireNonNullElse(encounterReference, "");
        readOnlyReason = Objects.requireNonNullElse(readOnlyReason, "");
    }

    /** Whether questions can still be asked in this consultation. */
    public boolean readOnly() {
        return !readOnlyReason.isEmpty();
    }

    /** Number of images analysed. */
    public int imageCount() {
        return images.size();
    }

    /**
     * Provenance of the latest answer (the models and bundles that produced it), or null if none yet.
     * For the synthetic-model warning use {@link #syntheticModel()}, which is null-safe.
     */
    public Provenance provenance() {
        return answers.isEmpty() ? null : answers.get(answers.size() - 1).provenance();
    }

    /**
     * Whether any answer came from a synthetic (demo) model: a document made from this consultation must
     * then say, prominently, that it is not for clinical use. False when there is no answer yet.
     */
    public boolean syntheticModel() {
        for (Answer a : answers) {
            if (a.provenance() != null && a.provenance().syntheticModel()) {
                return true;
            }
        }
        return false;
    }

    /** The answers to the standard questions, in order of their number. */
    public List<Answer> standardAnswers() {
        return answers.stream().filter(Answer::standard).toList();
    }

    /** The answers to follow-up questions, in the order they were asked. */
    public List<Answer> followUps() {
        return answers.stream().filter(Answer::followUp).toList();
    }

    /**
     * The answers, each with a kind: an answer without one (made with {@link Answer}'s three-argument
     * constructor) is a standard question while it is among the first {@value Answer#STANDARD_QUESTIONS}
     * and every answer before it is one, otherwise a follow-up.
     */
    private static List<Answer> classified(List<Answer> given) {
        List<Answer> out = new ArrayList<>(given.size());
        boolean standardSoFar = true;
        for (Answer a : given) {
            Objects.requireNonNull(a, "answer");
            if (a.kind() == null) {
                int i = out.size();
                a = standardSoFar && i < Answer.STANDARD_QUESTIONS
                        ? a.withKind(AnswerKind.STANDARD, i) : a.withKind(AnswerKind.FOLLOW_UP, -1);
            }
            standardSoFar &= a.standard();
            out.add(a);
        }
        return List.copyOf(out);
    }
}
