package org.skingpt.api.consultation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;

class ConsultationRecordTest {

    private static Provenance provenance(boolean synthetic) {
        return new Provenance("enc@1", "aa", "llm@1", "bb", "en@1", GenerationSettings.skinGpt4Defaults(1L), synthetic,
                Instant.EPOCH);
    }

    private static ConsultationRecord record(List<Answer> answers) {
        return new ConsultationRecord("c1", Locale.ENGLISH, "", "", List.of(), answers, null, Instant.EPOCH);
    }

    @Test
    void withoutAnswersThereIsNoProvenanceAndNoSyntheticModel() {
        ConsultationRecord r = record(List.of());
        assertNull(r.provenance());
        assertFalse(r.syntheticModel());
    }

    @Test
    void anySyntheticAnswerMakesTheConsultationSynthetic() {
        List<Answer> answers = List.of(new Answer("q1", "a1", provenance(true)), new Answer("q2", "a2", provenance(false)),
                new Answer("q3", "a3", null));
        ConsultationRecord r = record(answers);
        assertFalse(r.provenance() != null && r.provenance().syntheticModel(), "the latest answer is not synthetic");
        assertTrue(r.syntheticModel());
        assertFalse(record(List.of(new Answer("q", "a", provenance(false)))).syntheticModel());
    }

    @Test
    void answersWithoutKindAreClassifiedByPosition() {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(new Answer("q" + i, "a" + i, null));
        }
        ConsultationRecord r = record(answers);
        for (int i = 0; i < 4; i++) {
            assertEquals(AnswerKind.STANDARD, r.answers().get(i).kind());
            assertEquals(i, r.answers().get(i).questionNumber());
        }
        assertEquals(AnswerKind.FOLLOW_UP, r.answers().get(4).kind());
        assertEquals(-1, r.answers().get(5).questionNumber());
        assertEquals(List.of("q4", "q5"), r.followUps().stream().map(Answer::question).toList());
        assertEquals(4, r.standardAnswers().size());
        assertNull(r.answers().get(0).stopReason());
        assertTrue(r.answers().get(0).complete());
    }

    @Test
    void answersWithKindKeepIt() {
        // A follow-up asked before the standard questions ran stays a follow-up, and so does all after it.
        ConsultationRecord r = record(List.of(
                Answer.followUpQuestion("what is it?", "a", null, StopReason.END_OF_SEQUENCE),
                new Answer("q", "b", null)));
        assertTrue(r.answers().get(0).followUp());
        assertTrue(r.answers().get(1).followUp());
        Answer cut = Answer.standardQuestion(2, "q", "partial", null, StopReason.MAX_TOKENS);
        assertTrue(cut.standard());
        assertEquals(2, cut.questionNumber());
        assertTrue(cut.truncated());
        assertFalse(cut.complete());
        assertTrue(Answer.followUpQuestion("q", "", null, StopReason.CANCELLED).cancelled());
        assertEquals(-1, new Answer("q", "a", null, AnswerKind.FOLLOW_UP, 3, null).questionNumber());
        assertThrows(IllegalArgumentException.class, () -> new Answer("q", "a", null, AnswerKind.STANDARD, -1, null));
    }
}
