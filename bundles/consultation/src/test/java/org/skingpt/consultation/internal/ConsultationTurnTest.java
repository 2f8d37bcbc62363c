package org.skingpt.consultation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.PromptPart;

/** Prompt building and the token budget of one answer. */
class ConsultationTurnTest {

    private static final GenerationSettings CONFIGURED = new GenerationSettings(100, 0.7, 0, 0.9, 1.0, 7L,
            List.of("ignored: the locale bundle's stop strings apply"));

    private record Embedding(int tokens) implements ImageEmbedding {
        @Override public int width() { return 2; }
        @Override public float[] toArray() { return new float[tokens * 2]; }
    }

    private record ReadEmbedding(int tokens, List<org.skingpt.api.inference.ImageFinding> findings) implements ImageEmbedding {
        @Override public int width() { return 2; }
        @Override public float[] toArray() { return new float[tokens * 2]; }
    }

    /** One token per character: easy to count by hand. */
    private static final LanguageModel CHARACTERS = proxy(LanguageModel.class, (name, args) -> switch (name) {
        case "countTokens" -> ((String) args[0]).length();
        default -> throw new UnsupportedOperationException(name);
    });

    private static Conversation conversation(int contextLength, int used) {
        return proxy(Conversation.class, (name, args) -> switch (name) {
            case "contextLength" -> contextLength;
            case "positionsUsed" -> used;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    @Test
    void theFirstTurnCarriesTheSystemTextAndTheImagesAndCountsTheirTokens() {
        Embedding image = new Embedding(32);
        ConsultationTurn turn = ConsultationTurn.next(conversation(2048, 0), CHARACTERS, TranscriptTest.TEMPLATES,
                List.of(image), "what is it?", CONFIGURED, 1, List.of());
        assertEquals(3, turn.prompt().size());
        assertTrue(turn.prompt().get(1) instanceof PromptPart.Image);
        int text = turn.prompt().stream().filter(p -> p instanceof PromptPart.Text)
                .mapToInt(p -> ((PromptPart.Text) p).text().length()).sum();
        // One position for the start, the text's tokens, the image's visual tokens.
        assertEquals(2048 - 1 - text - 32, turn.positionsLeft());
        assertEquals(100, turn.settings().maxNewTokens(), "the configured length fits");
        assertFalse(turn.full());
    }

    @Test
    void aFollowUpIsOneHumanTurnWithoutImages() {
        ConsultationTurn turn = ConsultationTurn.next(conversation(2048, 500), CHARACTERS, TranscriptTest.TEMPLATES,
                List.of(new Embedding(32)), "and then?", CONFIGURED, 1, List.of());
        assertEquals(1, turn.prompt().size());
        String prompt = ((PromptPart.Text) turn.prompt().get(0)).text();
        assertEquals("###Human:  and then?###Assistant:", prompt);
        assertEquals(2048 - 500 - 1 - prompt.length(), turn.positionsLeft());
    }

    @Test
    void theAnswerIsCutToTheContextLeft() {
        String question = "and then?";
        int prompt = 1 + ("###Human:  " + question + "###Assistant:").length();
        ConsultationTurn turn = ConsultationTurn.next(conversation(1000, 1000 - prompt - 40), CHARACTERS,
                TranscriptTest.TEMPLATES, List.of(), question, CONFIGURED, 1, List.of());
        assertEquals(40, turn.positionsLeft());
        assertEquals(40, turn.settings().maxNewTokens());
        assertFalse(turn.full(), "40 tokens are worth an answer");
    }

    @Test
    void withTooLittleContextLeftTheConsultationIsFull() {
        String question = "and then?";
        int prompt = 1 + ("###Human:  " + question + "###Assistant:").length();
        ConsultationTurn edge = ConsultationTurn.next(conversation(1000, 1000 - prompt - ConsultationTurn.MIN_ANSWER_TOKENS),
                CHARACTERS, TranscriptTest.TEMPLATES, List.of(), question, CONFIGURED, 1, List.of());
        assertFalse(edge.full(), "exactly the shortest answer worth starting");
        ConsultationTurn full = ConsultationTurn.next(conversation(1000, 1000 - prompt - 31), CHARACTERS,
                TranscriptTest.TEMPLATES, List.of(), question, CONFIGURED, 1, List.of());
        assertTrue(full.full());
        ConsultationTurn over = ConsultationTurn.next(conversation(100, 100), CHARACTERS, TranscriptTest.TEMPLATES,
                List.of(), question, CONFIGURED, 1, List.of());
        assertTrue(over.positionsLeft() < 0);
        assertEquals(1, over.settings().maxNewTokens(), "never asks for less than one token");
    }

    @Test
    void theSettingsAreTheConfiguredOnesWithTheLocaleBundlesStopStrings() {
        GenerationSettings s = ConsultationTurn.next(conversation(2048, 0), CHARACTERS, TranscriptTest.TEMPLATES,
                List.of(new Embedding(4)), "q", CONFIGURED, 1, List.of()).settings();
        assertEquals(0.7, s.temperature());
        assertEquals(0.9, s.topP());
        assertEquals(7L, s.seed());
        assertEquals(List.of("###"), s.stopStrings());
    }

    @Test
    void theLocaleBundlesConsistencyConstraintFollowsTheEarlierAnswersAndWhatTheEncoderReadFromTheImages() {
        List<List<String>> asked = new java.util.ArrayList<>();
        List<Object> read = new java.util.ArrayList<>();
        org.skingpt.api.inference.ConsistencyConstraint constraint = new org.skingpt.api.inference.ConsistencyConstraint(
                List.of(), java.util.Map.of());
        org.skingpt.api.templates.PromptTemplates templates = proxy(org.skingpt.api.templates.PromptTemplates.class,
                (method, args) -> switch (method) {
                    case "consistency" -> {
                        assertEquals(2, args[0], "the standard question's number");
                        @SuppressWarnings("unchecked")
                        List<String> earlier = (List<String>) args[1];
                        asked.add(earlier);
                        read.add(args[2]);
                        yield constraint;
                    }
                    case "stopStrings" -> List.of("###");
                    case "humanTurn" -> "###Human: " + args[0];
                    default -> invoke(method, args);
                });
        var typeIii = new org.skingpt.api.inference.ImageFinding("fitzpatrick", "3", 0.8);
        var typeIv = new org.skingpt.api.inference.ImageFinding("fitzpatrick", "4", 0.6);
        GenerationSettings s = ConsultationTurn.next(conversation(2048, 10), CHARACTERS, templates,
                List.of(new ReadEmbedding(4, List.of(typeIii)), new Embedding(4), new ReadEmbedding(4, List.of(typeIv))),
                "and the border?", CONFIGURED, 2, List.of("answer one", "answer two")).settings();
        assertEquals(List.of(List.of("answer one", "answer two")), asked);
        assertEquals(List.of(List.of(typeIii, typeIv)), read, "every image's findings, in the images' order");
        assertSame(constraint, s.consistency());
        assertEquals(7L, s.seed(), "the configured settings otherwise");
    }

    @Test
    void withTheConstraintTurnedOffNothingConstrainsAnAnswerNotEvenTheEncodersFindings() {
        List<Integer> asked = new java.util.ArrayList<>();
        org.skingpt.api.templates.PromptTemplates templates = proxy(org.skingpt.api.templates.PromptTemplates.class,
                (method, args) -> switch (method) {
                    case "consistency" -> {
                        asked.add((Integer) args[0]);
                        yield new org.skingpt.api.inference.ConsistencyConstraint(List.of(),
                                java.util.Map.of("diagnosis", java.util.Set.of("melanoma")));
                    }
                    case "stopStrings" -> List.of("###");
                    case "humanTurn" -> "###Human: " + args[0];
                    default -> invoke(method, args);
                });
        var melanoma = new org.skingpt.api.inference.ImageFinding("condition", "melanoma", 0.97);
        List<ImageEmbedding> images = List.of(new ReadEmbedding(4, List.of(melanoma)));
        // On: the first answer too is asked for its constraint (a locale may keep it to the findings).
        assertEquals(java.util.Map.of("diagnosis", java.util.Set.of("melanoma")), ConsultationTurn.next(conversation(2048, 0),
                CHARACTERS, templates, images, "q", CONFIGURED, 1, List.of()).settings().consistency().established());
        assertEquals(List.of(1), asked);
        // Off (null): not asked at all.
        GenerationSettings off = ConsultationTurn.next(conversation(2048, 0), CHARACTERS, templates, images, "q",
                CONFIGURED, 1, null).settings();
        assertEquals(org.skingpt.api.inference.ConsistencyConstraint.NONE, off.consistency());
        assertEquals(List.of(1), asked);
    }

    private static Object invoke(String method, Object[] args) {
        for (java.lang.reflect.Method m : org.skingpt.api.templates.PromptTemplates.class.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == (args == null ? 0 : args.length)) {
                try {
                    return m.invoke(TranscriptTest.TEMPLATES, args);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException(method);
    }

    private interface Answer {
        Object apply(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> answer.apply(m.getName(), args)));
    }
}
