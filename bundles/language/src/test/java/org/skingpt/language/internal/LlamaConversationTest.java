package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.ContextOverflowException;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ConsistencyConstraint;
import org.skingpt.api.inference.StatementGroup;
import org.skingpt.api.inference.StatementPhrase;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.StopReason;

/** Generation through the public contracts, checked against decoding the slow way. */
class LlamaConversationTest {

    @TempDir
    static Path dir;

    /** Nearly uniform next-token distributions: sampling differs visibly with the seed. */
    private static TinyLlama highEntropy;
    private static LlamaLanguageModel model;
    /** Larger weights: attention mixes positions strongly, so misplaced inputs change the answer. */
    private static TinyLlama peaked;
    private static LlamaLanguageModel peakedModel;

    @BeforeAll
    static void setUp() throws Exception {
        highEntropy = new TinyLlama(Files.createDirectories(dir.resolve("flat")), 0.02f, 128, Map.of());
        model = highEntropy.load();
        peaked = new TinyLlama(Files.createDirectories(dir.resolve("peaked")), 0.3f, 128, Map.of());
        peakedModel = peaked.load();
    }

    @AfterAll
    static void tearDown() {
        model.close();
        highEntropy.close();
        peakedModel.close();
        peaked.close();
    }

    /** Records the streamed pieces. */
    private static final class Recorder implements GenerationListener {
        final List<String> pieces = new ArrayList<>();

        @Override
        public void onText(String piece) {
            pieces.add(piece);
        }

        String joined() {
            return String.join("", pieces);
        }
    }

    private record Embedding(int tokens, int width, float[] values) implements ImageEmbedding {
        @Override
        public float[] toArray() {
            return values.clone();
        }
    }

    private static Embedding randomImage(long seed, int tokens, int width) {
        return new Embedding(tokens, width, TestModels.gaussian(new Random(seed), tokens * width, 1f));
    }

    private static GenerationSettings sampling(int tokens, long seed, List<String> stops) {
        return new GenerationSettings(tokens, 1.0, 0, 1.0, 1.0, seed, stops);
    }

    private static GenerationResult generate(String prompt, GenerationSettings settings, Recorder recorder) {
        try (Conversation c = model.openConversation()) {
            return c.generate(List.of(PromptPart.text(prompt)), settings, recorder);
        }
    }

    @Test
    void aSentenceThatBeginsLikeAnEarlierOneOrRepeatsItIsARepeat() {
        String said = "There are areas of brown hyperpigmentation. The surrounding skin shows signs of sun damage. ";
        assertTrue(LlamaConversation.repeatsASentence(said, " There are areas of brown hyperpigmentation."));
        assertTrue(LlamaConversation.repeatsASentence(said, " There are areas of brown"), "unfinished, still a repeat");
        assertFalse(LlamaConversation.repeatsASentence(said, " There are pustules with yellow-white centres."));
        assertFalse(LlamaConversation.repeatsASentence(said, " The surrounding skin corresponds to Fitzpatrick skin type II."),
                "three words in common are not (the training texts say both)");
        assertTrue(LlamaConversation.repeatsASentence("受累皮肤发红（红斑）。皮损呈环状排列。", "受累皮肤发红（红斑）。"));
        assertFalse(LlamaConversation.repeatsASentence("可见隆起的小丘疹。", "可见中央呈黄白色的脓疱。"));
        assertFalse(LlamaConversation.repeatsASentence("Size about 2.5 mm. ", " Size about 3 mm."), "short: only the same");
        assertTrue(LlamaConversation.sentenceStart("The border is smooth. "));
        assertTrue(LlamaConversation.sentenceStart("皮损呈环状排列。"));
        assertFalse(LlamaConversation.sentenceStart("measuring about 2."), "a decimal point");
        assertFalse(LlamaConversation.sentenceStart("The border is"));
    }

    @Test
    void greedyIsDeterministicAndStreamsTheWholeAnswer() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        GenerationResult first = generate("what is this", GenerationSettings.greedy(12, List.of()), a);
        GenerationResult second = generate("what is this", GenerationSettings.greedy(12, List.of()), b);
        assertEquals(first.text(), second.text());
        assertEquals(first.text(), a.joined());
        assertEquals(12, first.generatedTokens());
        assertEquals(StopReason.MAX_TOKENS, first.stopReason());
        // <s> plus the prompt's tokens.
        assertEquals(1 + model.countTokens("what is this"), first.promptTokens());
    }

    /**
     * A consistency constraint that refuses what the free answer says after some anchor: the constrained
     * answer is identical up to the anchor and then takes another way, and never states the refused text.
     */
    @Test
    void consistencyConstraintSteersAwayFromARefusedStatementAndChangesNothingBefore() {
        // Under any constraint a constrained answer also refuses loops (the tiny random model's greedy answer goes
        // round: "H2er0U9,hem1aYH2er0U9,hem1aYH…"), so the answer compared with is decoded under a constraint whose
        // phrases never occur: the same decoding, with nothing for the guard to refuse.
        ConsistencyConstraint inert = new ConsistencyConstraint(List.of(new StatementGroup("g", Map.of(
                "stated", List.of(new StatementPhrase("\uE002", "\\Q\uE000\\E")),
                "other", List.of(new StatementPhrase("\uE002", "\\Q\uE001\\E"))))), Map.of("g", Set.of("stated")));
        for (GenerationSettings free : List.of(GenerationSettings.greedy(40, List.of()), sampling(40, 11, List.of()))) {
            String unconstrained = generate("describe it", free, new Recorder()).text();
            String answer = generate("describe it", free.withConsistency(inert), new Recorder()).text();
            assertTrue(answer.length() > 12, "need a longer answer: " + answer);
            String anchor = answer.substring(4, 8);
            int at = answer.indexOf(anchor);
            String refused = answer.substring(at + anchor.length(), at + anchor.length() + 2);
            ConsistencyConstraint constraint = new ConsistencyConstraint(List.of(new StatementGroup("g", Map.of(
                    "stated", List.of(new StatementPhrase(anchor, "\\Q\uE000\\E")),
                    "other", List.of(new StatementPhrase(anchor, java.util.regex.Pattern.quote(refused)))))),
                    Map.of("g", Set.of("stated")));
            Recorder streamed = new Recorder();
            String kept = generate("describe it", free.withConsistency(constraint), streamed).text();
            assertEquals(kept, streamed.joined());
            assertEquals(answer.substring(0, at + anchor.length()), kept.substring(0, at + anchor.length()),
                    "nothing before the anchor changes");
            assertFalse(kept.contains(anchor + refused), kept);
            assertNotEquals(answer, kept);
            assertEquals(kept, generate("describe it", free.withConsistency(constraint), new Recorder()).text(),
                    "a constrained answer is as reproducible as a free one");
            // Only the groups with established values constrain: nothing established, nothing changes.
            assertEquals(unconstrained, generate("describe it", free.withConsistency(new ConsistencyConstraint(
                    constraint.groups(), Map.of())), new Recorder()).text());
        }
    }

    @Test
    void greedyAnswerEqualsDecodingWithoutCache() {
        List<float[]> sequence = new ArrayList<>();
        long[] prompt = highEntropy.tokenizer.encode("the skin");
        sequence.addAll(Arrays.asList(highEntropy.embed(1)));
        sequence.addAll(Arrays.asList(highEntropy.embed(prompt)));
        String expected = highEntropy.decode(highEntropy.greedyByRecomputing(sequence, 10));
        assertEquals(expected, generate("the skin", GenerationSettings.greedy(10, List.of()), new Recorder()).text());
    }

    @Test
    void sameSeedSameTextDifferentSeedDifferentText() {
        String a = generate("hello", sampling(24, 7, List.of()), new Recorder()).text();
        String b = generate("hello", sampling(24, 7, List.of()), new Recorder()).text();
        String c = generate("hello", sampling(24, 8, List.of()), new Recorder()).text();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void maxNewTokensIsRespected() {
        GenerationResult r = generate("hello", sampling(5, 3, List.of()), new Recorder());
        assertEquals(5, r.generatedTokens());
        assertEquals(StopReason.MAX_TOKENS, r.stopReason());
    }

    @Test
    void stopStringSpanningTokensEndsTheAnswerAndIsNeverStreamed() {
        Recorder free = new Recorder();
        generate("a question", sampling(40, 5, List.of()), free);
        // A stop string made of the end of one streamed piece and the start of the next one: it
        // only appears once the second token is there.
        int i = 0;
        while (i + 1 < free.pieces.size() && (free.pieces.get(i).isEmpty() || free.pieces.get(i + 1).isEmpty())) {
            i++;
        }
        assertTrue(i + 1 < free.pieces.size(), "need two consecutive non-empty pieces: " + free.pieces);
        String left = free.pieces.get(i);
        String stop = left.substring(left.length() - 1) + free.pieces.get(i + 1).charAt(0);
        String expected = free.joined().substring(0, free.joined().indexOf(stop));

        Recorder stopped = new Recorder();
        GenerationResult r = generate("a question", sampling(40, 5, List.of("@@never@@", stop)), stopped);
        assertEquals(StopReason.STOP_STRING, r.stopReason());
        assertEquals(expected, r.text());
        assertEquals(expected, stopped.joined());
        for (String piece : stopped.pieces) {
            assertFalse(piece.contains(stop), piece);
        }
    }

    @Test
    void cancellationStopsBeforeTheNextToken() {
        int[] polls = {0};
        GenerationListener cancelAfterThree = new GenerationListener() {
            @Override
            public void onText(String piece) {
            }

            @Override
            public boolean isCancelled() {
                return ++polls[0] > 3;
            }
        };
        try (Conversation c = model.openConversation()) {
            GenerationResult r = c.generate(List.of(PromptPart.text("hello")), sampling(50, 1, List.of()), cancelAfterThree);
            assertEquals(StopReason.CANCELLED, r.stopReason());
            assertEquals(3, r.generatedTokens());
            // The three tokens are held as the answer's text reads back (a random model's tokens may be another
            // tokenization of it, or bytes of an unfinished character).
            assertEquals(r.promptTokens() + model.countTokens(r.text()), c.positionsUsed());
        }
    }

    /** The high-entropy model's greedy first answer tokens to "hello" (one made the end-of-sequence token of a copy). */
    private static List<Long> greedyTokensAfterHello(int n) {
        List<float[]> sequence = new ArrayList<>(Arrays.asList(highEntropy.embed(1)));
        sequence.addAll(Arrays.asList(highEntropy.embed(highEntropy.tokenizer.encode("hello"))));
        return highEntropy.greedyByRecomputing(sequence, n);
    }

    @Test
    void endOfSequenceTokenEndsTheAnswer() throws Exception {
        // Make the greedy second answer token the end-of-sequence token of a second copy.
        List<Long> greedy = greedyTokensAfterHello(2);
        assertNotEquals(greedy.get(0), greedy.get(1), "the test needs two different first tokens");
        try (TinyLlama withEos = new TinyLlama(java.nio.file.Files.createDirectories(dir.resolve("eos")), 0.02f, 128,
                Map.of("eos_token_id", List.of(2, greedy.get(1).intValue())));
             LlamaLanguageModel m = withEos.load(); Conversation c = m.openConversation()) {
            GenerationResult r = c.generate(List.of(PromptPart.text("hello")), GenerationSettings.greedy(20, List.of()),
                    GenerationListener.ignoring());
            assertEquals(StopReason.END_OF_SEQUENCE, r.stopReason());
            assertEquals(2, r.generatedTokens());
            assertEquals(highEntropy.decode(List.of(greedy.get(0))), r.text());
        }
    }

    @Test
    void anAnswerDoesNotEndBeforeItSaysAnything() throws Exception {
        // The greedy first answer token made the end-of-sequence token: the model would end at once, with nothing
        // said (the demo model did so to a follow-up question); it says its likeliest other words instead.
        long first = greedyTokensAfterHello(1).get(0);
        try (TinyLlama withEos = new TinyLlama(java.nio.file.Files.createDirectories(dir.resolve("eos-first")), 0.02f,
                128, Map.of("eos_token_id", List.of(2, (int) first)));
             LlamaLanguageModel m = withEos.load()) {
            for (GenerationSettings settings : List.of(GenerationSettings.greedy(8, List.of()),
                    new GenerationSettings(8, 0.8, 0, 1.0, 1.0, 7L, List.of()))) {
                try (Conversation c = m.openConversation()) {
                    GenerationResult r = c.generate(List.of(PromptPart.text("hello")), settings,
                            GenerationListener.ignoring());
                    assertFalse(r.text().isBlank(), "an answer: " + r);
                }
            }
        }
    }

    @Test
    void anAnswerEndedByTheModelIsReadBackWithItsEndOfSequenceToken() throws Exception {
        List<Long> tokens = greedyTokensAfterHello(2);
        String said = highEntropy.decode(List.of(tokens.get(0)));
        GenerationSettings greedy = GenerationSettings.greedy(6, List.of());
        try (TinyLlama withEos = new TinyLlama(java.nio.file.Files.createDirectories(dir.resolve("eos-replay")), 0.02f, 128,
                Map.of("eos_token_id", List.of(tokens.get(1).intValue())));
             LlamaLanguageModel m = withEos.load()) {
            int afterFirst;
            String next;
            try (Conversation live = m.openConversation()) {
                assertEquals(StopReason.END_OF_SEQUENCE, live.generate(List.of(PromptPart.text("hello")), greedy,
                        GenerationListener.ignoring()).stopReason());
                afterFirst = live.positionsUsed();
                next = live.generate(List.of(PromptPart.text("and then")), greedy, GenerationListener.ignoring()).text();
            }
            // The transcript (question, a one-token answer the model ended) read back with the token: the same
            // conversation.
            try (Conversation reread = m.openConversation()) {
                reread.append(List.of(PromptPart.text("hello"), PromptPart.text(said), PromptPart.endOfSequence()));
                assertEquals(afterFirst, reread.positionsUsed());
                assertEquals(next, reread.generate(List.of(PromptPart.text("and then")), greedy,
                        GenerationListener.ignoring()).text());
            }
            // Without it, the conversation is one position short: not the one that wrote the answers.
            try (Conversation without = m.openConversation()) {
                without.append(List.of(PromptPart.text("hello"), PromptPart.text(said)));
                assertEquals(afterFirst - 1, without.positionsUsed());
            }
        }
    }

    @Test
    void secondTurnContinuesFromTheCacheLikeRecomputingEverything() {
        long[] p1 = peaked.tokenizer.encode("first question");
        long[] p2 = peaked.tokenizer.encode("and then");
        List<float[]> sequence = new ArrayList<>(Arrays.asList(peaked.embed(1)));
        sequence.addAll(Arrays.asList(peaked.embed(p1)));
        String answer1 = peaked.decode(peaked.greedyByRecomputing(sequence, 6));
        // The conversation holds the first answer as its text reads back (what a transcript read back holds): the
        // random model's six tokens may be another tokenization of the same text.
        long[] read1 = peaked.tokenizer.encode(answer1);
        sequence.subList(1 + p1.length, sequence.size()).clear();
        sequence.addAll(Arrays.asList(peaked.embed(read1)));
        sequence.addAll(Arrays.asList(peaked.embed(p2)));
        String answer2 = peaked.decode(peaked.greedyByRecomputing(sequence, 6));

        try (Conversation c = peakedModel.openConversation()) {
            GenerationResult r1 = c.generate(List.of(PromptPart.text("first question")), GenerationSettings.greedy(6, List.of()),
                    GenerationListener.ignoring());
            assertEquals(answer1, r1.text());
            assertEquals(1 + p1.length + read1.length, c.positionsUsed());
            GenerationResult r2 = c.generate(List.of(PromptPart.text("and then")), GenerationSettings.greedy(6, List.of()),
                    GenerationListener.ignoring());
            assertEquals(answer2, r2.text());
            assertEquals(p2.length, r2.promptTokens());
            assertEquals(1 + p1.length + read1.length + p2.length + peaked.tokenizer.encode(answer2).length,
                    c.positionsUsed());
        }
    }

    @Test
    void twoImagesAreSplicedExactlyWhereTheyStand() {
        int width = peakedModel.embeddingWidth();
        Embedding first = randomImage(100, 3, width);
        Embedding second = randomImage(200, 2, width);
        long[] a = peaked.tokenizer.encode("look");
        long[] b = peaked.tokenizer.encode("and");
        long[] c = peaked.tokenizer.encode("compare");
        List<float[]> sequence = new ArrayList<>(Arrays.asList(peaked.embed(1)));
        sequence.addAll(Arrays.asList(peaked.embed(a)));
        sequence.addAll(rows(first));
        sequence.addAll(Arrays.asList(peaked.embed(b)));
        sequence.addAll(rows(second));
        sequence.addAll(Arrays.asList(peaked.embed(c)));
        float[] spliced = peaked.lastLogits(sequence);
        String expected = peaked.decode(peaked.greedyByRecomputing(new ArrayList<>(sequence), 8));

        try (Conversation conversation = peakedModel.openConversation()) {
            GenerationResult r = conversation.generate(List.of(PromptPart.text("look"), PromptPart.image(first),
                    PromptPart.text("and"), PromptPart.image(second), PromptPart.text("compare")),
                    GenerationSettings.greedy(8, List.of()), GenerationListener.ignoring());
            assertEquals(expected, r.text());
            assertEquals(1 + a.length + 3 + b.length + 2 + c.length, r.promptTokens());
        }

        // The images' places matter: swapped, the logits change.
        List<float[]> swapped = new ArrayList<>(Arrays.asList(peaked.embed(1)));
        swapped.addAll(Arrays.asList(peaked.embed(a)));
        swapped.addAll(rows(second));
        swapped.addAll(Arrays.asList(peaked.embed(b)));
        swapped.addAll(rows(first));
        swapped.addAll(Arrays.asList(peaked.embed(c)));
        float[] other = peaked.lastLogits(swapped);
        double difference = 0;
        for (int i = 0; i < other.length; i++) {
            difference += Math.abs(other[i] - spliced[i]);
        }
        assertTrue(difference > 1e-3, "image order must change the logits, difference " + difference);
    }

    private static List<float[]> rows(Embedding e) {
        List<float[]> rows = new ArrayList<>();
        for (int t = 0; t < e.tokens(); t++) {
            rows.add(Arrays.copyOfRange(e.values(), t * e.width(), (t + 1) * e.width()));
        }
        return rows;
    }

    @Test
    void imageOfTheWrongWidthIsRefusedClearly() {
        try (Conversation c = model.openConversation()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.generate(
                    List.of(PromptPart.image(randomImage(1, 2, 48)), PromptPart.text("x")), GenerationSettings.greedy(2, List.of()),
                    GenerationListener.ignoring()));
            assertTrue(e.getMessage().contains("48") && e.getMessage().contains("32"), e.getMessage());
            assertEquals(0, c.positionsUsed());
        }
    }

    @Test
    void contextOverflowAppendsNothingAndDropsNothing() {
        try (Conversation c = model.openConversation()) {
            assertEquals(128, c.contextLength());
            Embedding image = randomImage(3, 32, model.embeddingWidth());
            GenerationResult r = c.generate(List.of(PromptPart.image(image), PromptPart.text("what")),
                    GenerationSettings.greedy(10, List.of()), GenerationListener.ignoring());
            int used = c.positionsUsed();
            assertEquals(r.promptTokens() + 10, used);
            // Room is left for a short question, but not with 100 new tokens.
            ContextOverflowException e = assertThrows(ContextOverflowException.class, () -> c.generate(
                    List.of(PromptPart.text("and now")), GenerationSettings.greedy(100, List.of()), GenerationListener.ignoring()));
            assertEquals(128, e.available());
            assertEquals(used + model.countTokens("and now") + 100, e.needed());
            assertEquals(used, c.positionsUsed());
            // The conversation still works, image and all.
            GenerationResult next = c.generate(List.of(PromptPart.text("and now")), GenerationSettings.greedy(5, List.of()),
                    GenerationListener.ignoring());
            assertEquals(5, next.generatedTokens());
        }
    }

    @Test
    void closedConversationRefusesToGenerate() {
        Conversation c = model.openConversation();
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.generate(List.of(PromptPart.text("x")),
                GenerationSettings.greedy(1, List.of()), GenerationListener.ignoring()));
    }

    @Test
    void appendedPartsAreReadExactlyLikeAPromptOfTheSameParts() {
        GenerationSettings greedy = GenerationSettings.greedy(8, List.of());
        Embedding image = randomImage(11, 3, peaked.config.hiddenSize());
        String inOneTurn;
        try (Conversation c = peakedModel.openConversation()) {
            inOneTurn = c.generate(List.of(PromptPart.text("look"), PromptPart.image(image), PromptPart.text("the skin"),
                    PromptPart.text("is red"), PromptPart.text("and then")), greedy, new Recorder()).text();
        }
        // A stored transcript read back in two appends, then the next question: same positions, same answer.
        try (Conversation reread = peakedModel.openConversation()) {
            reread.append(List.of(PromptPart.text("look"), PromptPart.image(image), PromptPart.text("the skin")));
            int before = reread.positionsUsed();
            reread.append(List.of(PromptPart.text("is red")));
            assertEquals(before + peakedModel.countTokens("is red"), reread.positionsUsed());
            assertEquals(inOneTurn, reread.generate(List.of(PromptPart.text("and then")), greedy, new Recorder()).text());
        }
    }

    @Test
    void appendingNothingLeavesTheConversationAtItsFirstTurn() {
        Embedding image = randomImage(11, 3, peaked.config.hiddenSize());
        GenerationSettings greedy = GenerationSettings.greedy(6, List.of());
        List<PromptPart> firstTurn = List.of(PromptPart.text("look"), PromptPart.image(image), PromptPart.text("here"));
        String fresh;
        try (Conversation c = peakedModel.openConversation()) {
            fresh = c.generate(firstTurn, greedy, new Recorder()).text();
        }
        // A consultation read back from the record before its first answer replays an empty transcript.
        try (Conversation reread = peakedModel.openConversation()) {
            reread.append(List.of());
            assertEquals(0, reread.positionsUsed(), "an empty append must not start the conversation (BOS)");
            assertEquals(fresh, reread.generate(firstTurn, greedy, new Recorder()).text());
        }
    }

    @Test
    void appendThatDoesNotFitAppendsNothing() {
        try (Conversation c = peakedModel.openConversation()) {
            c.append(List.of(PromptPart.text("hello")));
            int used = c.positionsUsed();
            String longText = "word ".repeat(c.contextLength());
            assertThrows(ContextOverflowException.class, () -> c.append(List.of(PromptPart.text(longText))));
            assertEquals(used, c.positionsUsed());
            // Refused, not broken: the conversation goes on.
            assertEquals(3, c.generate(List.of(PromptPart.text("more")), GenerationSettings.greedy(3, List.of()),
                    new Recorder()).generatedTokens());
        }
    }
}
