package org.skingpt.consultation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.AnswerStatus;
import org.skingpt.api.record.ConsultationHeader;
import org.skingpt.api.record.ConsultationStatus;
import org.skingpt.api.record.RecordedProvenance;
import org.skingpt.api.record.StoredAnswer;
import org.skingpt.api.record.StoredConsultation;

class RecordedConsultationTest {

    private static StoredAnswer stored(int index, AnswerKind kind, AnswerStatus status, StopReason stop) {
        RecordedProvenance p = status != AnswerStatus.COMPLETE ? null
                // Answer 0 as stored before the decode batch was kept; follow-up 5 decoded with two others.
                : index == 0 ? new RecordedProvenance("enc@1", "aa", "llm@1", "bb", "en@1", null, 42L, "", true)
                : new RecordedProvenance("enc@1", "aa", "llm@1", "bb", "en@1", null, 42L, "", true, index == 5 ? 3 : 1);
        return new StoredAnswer(index, kind, "q" + index, "a" + index + " ", status, stop, p, "", Instant.EPOCH,
                Instant.EPOCH);
    }

    @Test
    void settingsReadBackKeepTheirStopStringsAndWhatTheAnswerWasKeptTo() {
        var written = org.skingpt.api.inference.GenerationSettings.greedy(99, List.of("###", "a]\"b"))
                .withConsistency(new org.skingpt.api.inference.ConsistencyConstraint(List.of(), java.util.Map.of(
                        "size", java.util.Set.of("medium"), "colour", java.util.Set.of("black", "erythema"))));
        var read = RecordedConsultation.settings(RecordedProvenance.settingsJson(written), 5L);
        assertEquals(List.of("###", "a]\"b"), read.stopStrings());
        assertEquals(99, read.maxNewTokens());
        assertEquals(written.consistency().established(), read.consistency().established());
        assertEquals(RecordedProvenance.settingsJson(written.withConsistency(read.consistency())).replace(
                "\"seed\":0", "\"seed\":5"), RecordedProvenance.settingsJson(read));
        var plain = RecordedConsultation.settings(RecordedProvenance.settingsJson(
                org.skingpt.api.inference.GenerationSettings.greedy(10, List.of("###"))), 1L);
        assertTrue(plain.consistency().isEmpty(), "an answer decoded without the constraint says so");
    }

    @Test
    void answersReadBackCarryTheirKindNumberAndStopReason() {
        List<StoredAnswer> answers = new ArrayList<>();
        answers.add(stored(0, AnswerKind.STANDARD, AnswerStatus.COMPLETE, StopReason.STOP_STRING));
        answers.add(stored(1, AnswerKind.STANDARD, AnswerStatus.ERROR, null)); // failed, asked again at 2
        answers.add(stored(2, AnswerKind.STANDARD, AnswerStatus.COMPLETE, StopReason.MAX_TOKENS));
        answers.add(stored(3, AnswerKind.STANDARD, AnswerStatus.COMPLETE, StopReason.END_OF_SEQUENCE));
        answers.add(stored(4, AnswerKind.STANDARD, AnswerStatus.COMPLETE, StopReason.END_OF_SEQUENCE));
        answers.add(stored(5, AnswerKind.FOLLOW_UP, AnswerStatus.COMPLETE, StopReason.END_OF_SEQUENCE));
        answers.add(stored(6, AnswerKind.FOLLOW_UP, AnswerStatus.CANCELLED, StopReason.CANCELLED));
        ConsultationHeader h = new ConsultationHeader("c1", "jdoe", Instant.EPOCH, Locale.FRENCH, Locale.ENGLISH,
                "Patient/1", "", "", "enc@1", "llm@1");
        RecordedConsultation r = new RecordedConsultation(new StoredConsultation(h, ConsultationStatus.CLOSED,
                Instant.EPOCH, List.of(), answers, null, List.of()));
        ConsultationRecord record = r.record("");

        assertEquals(Locale.ENGLISH, record.locale(), "the served locale, not the one asked for");
        assertEquals(List.of(0, 1, 2, 3), record.standardAnswers().stream().map(Answer::questionNumber).toList());
        assertEquals(List.of("q0", "q2", "q3", "q4"), record.standardAnswers().stream().map(Answer::question).toList());
        assertTrue(record.standardAnswers().get(1).truncated());
        assertEquals(StopReason.STOP_STRING, record.answers().get(0).stopReason());
        assertEquals(List.of("q5"), record.followUps().stream().map(Answer::question).toList());
        assertEquals("a5", record.followUps().get(0).text());
        assertEquals(0, record.standardAnswers().get(0).provenance().decodeBatch(), "not known for old answers");
        assertEquals(1, record.standardAnswers().get(1).provenance().decodeBatch());
        assertEquals(3, record.followUps().get(0).provenance().decodeBatch());
        assertEquals(7, r.nextIndex);
        assertTrue(record.syntheticModel());
    }
}
