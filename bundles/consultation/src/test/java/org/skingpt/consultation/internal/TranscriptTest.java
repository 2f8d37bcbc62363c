package org.skingpt.consultation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.templates.PromptTemplates;

class TranscriptTest {

    /** The SkinGPT-4 conversation format, as the English locale bundle writes it. */
    static final PromptTemplates TEMPLATES = new PromptTemplates() {
        @Override public Locale locale() { return Locale.ENGLISH; }
        @Override public String version() { return "1.0.0"; }
        @Override public String systemPrompt() { return "Give the following image. "; }
        @Override public String humanTurn(String question, int images) {
            return "###Human: " + "<Img><ImageHere></Img>".repeat(images) + " " + question;
        }
        @Override public String assistantPrefix() { return "###Assistant:"; }
        @Override public List<String> stopStrings() { return List.of("###"); }
        @Override public List<String> standardQuestions() { return List.of("q1", "q2", "q3", "q4"); }
        @Override public Findings findings(List<String> answers) { throw new UnsupportedOperationException(); }
        @Override public String message(String key, Object... arguments) { return key; }
        @Override public boolean hasMessage(String key) { return false; }
    };

    private record Embedding(int tokens) implements ImageEmbedding {
        @Override public int width() { return 2; }
        @Override public float[] toArray() { return new float[tokens * 2]; }
    }

    private static String text(PromptPart p) {
        return ((PromptPart.Text) p).text();
    }

    @Test
    void firstQuestionCarriesTheSystemTextAndEachImageWhereItsPlaceholderStands() {
        Embedding a = new Embedding(3);
        Embedding b = new Embedding(4);
        List<PromptPart> parts = Transcript.question(TEMPLATES, "what is it?", List.of(a, b), true);
        assertEquals(5, parts.size());
        assertEquals("Give the following image. ###Human: <Img>", text(parts.get(0)));
        assertSame(a, ((PromptPart.Image) parts.get(1)).embedding());
        assertEquals("</Img><Img>", text(parts.get(2)));
        assertSame(b, ((PromptPart.Image) parts.get(3)).embedding());
        assertEquals("</Img> what is it?###Assistant:", text(parts.get(4)));
    }

    @Test
    void laterQuestionsAreOneHumanTurnWithoutImages() {
        List<PromptPart> parts = Transcript.question(TEMPLATES, "and then?", List.of(new Embedding(3)), false);
        assertEquals(List.of("###Human:  and then?###Assistant:"), parts.stream().map(TranscriptTest::text).toList());
    }

    @Test
    void replayIsEveryQuestionThenItsAnswerWithTheStopStringOrEndOfSequenceThatEndedIt() {
        Embedding image = new Embedding(3);
        List<Answer> answers = List.of(new Answer("q1", " first answer", null), new Answer("q2", "second", null),
                new Answer("q3", "third", null));
        List<PromptPart> parts = Transcript.replay(TEMPLATES, List.of(image), answers,
                List.of(StopReason.STOP_STRING, StopReason.END_OF_SEQUENCE, StopReason.MAX_TOKENS));
        // q1 with the image (3 parts), its answer + ###, q2, its answer and the end-of-sequence token the model ended it
        // with, q3, its answer (cut).
        assertEquals(9, parts.size());
        assertEquals("</Img> q1###Assistant:", text(parts.get(2)));
        assertEquals(" first answer###", text(parts.get(3)));
        assertEquals("###Human:  q2###Assistant:", text(parts.get(4)));
        assertEquals("second", text(parts.get(5)));
        assertEquals(PromptPart.endOfSequence(), parts.get(6));
        assertEquals("third", text(parts.get(8)));
    }

    @Test
    void recordedSettingsReadBackAsTheyWereWritten() {
        var written = new org.skingpt.api.inference.GenerationSettings(123, 0.7, 5, 0.9, 1.1, 99L, List.of("###", "a\"b"));
        String json = org.skingpt.api.record.RecordedProvenance.settingsJson(written);
        assertEquals(written, RecordedConsultation.settings(json, 99L));
        // Missing or damaged values fall back to the defaults instead of failing to show a stored answer.
        assertEquals(Limits.DEFAULTS.settings().maxNewTokens(), RecordedConsultation.settings("{}", 1L).maxNewTokens());
        assertEquals(7L, RecordedConsultation.settings("not json", 7L).seed());
    }

    @Test
    void onlyCompletedAnswersCountAndTheNextIndexFollowsEveryStoredOne() {
        var header = new org.skingpt.api.record.ConsultationHeader("c1", "ann", Instant.EPOCH, Locale.ENGLISH,
                Locale.ENGLISH, "P1", "E1", "", "enc@1", "llm@1");
        var provenance = new org.skingpt.api.record.RecordedProvenance("enc@1", "e", "llm@2", "abc", "en@1", null, 42L,
                "", true);
        var complete = new org.skingpt.api.record.StoredAnswer(0, org.skingpt.api.record.AnswerKind.STANDARD, "q1",
                " text ", org.skingpt.api.record.AnswerStatus.COMPLETE, StopReason.STOP_STRING, provenance, "",
                Instant.EPOCH, Instant.EPOCH);
        var interrupted = new org.skingpt.api.record.StoredAnswer(1, org.skingpt.api.record.AnswerKind.STANDARD, "q2",
                "half", org.skingpt.api.record.AnswerStatus.INTERRUPTED, null, null, "", Instant.EPOCH, null);
        var stored = new org.skingpt.api.record.StoredConsultation(header,
                org.skingpt.api.record.ConsultationStatus.OPEN, null, List.of(), List.of(complete, interrupted), null,
                List.of());
        RecordedConsultation r = new RecordedConsultation(stored);
        assertEquals(1, r.answers.size());
        assertEquals("text", r.answers.get(0).text());
        assertEquals(" text ", r.rawAnswers.get(0).text());
        assertEquals(2, r.nextIndex);
        assertEquals("llm@2", r.languageModel());
        assertEquals("abc", r.languageModelSha256());
        assertEquals("P1", r.record("why").patientReference());
        assertEquals("why", r.record("why").readOnlyReason());
    }
}
