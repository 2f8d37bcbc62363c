package org.skingpt.training.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;

/** Trains on the synthetic dialogue corpus and checks the result with the real DJL tokenizer. */
class BpeTokenizerTrainerTest {

    private static final int VOCAB_SIZE = 2048;
    private static final int SAMPLES = 240;
    private static final String EN_TEMPLATE = "This is a skin disease image with the following medical features:";
    private static final String ZH_TEMPLATE = "这是一张皮肤病图像，具有以下医学特征：";

    @TempDir
    static Path dir;

    private static List<String> english;
    private static List<String> chinese;
    private static List<String> corpus;
    private static BpeTokenizerTrainer.Result result;
    private static Path file;
    private static HuggingFaceTokenizer tokenizer;

    @BeforeAll
    static void train() throws IOException {
        english = texts(Locale.ENGLISH);
        chinese = texts(Locale.forLanguageTag("zh-CN"));
        corpus = new ArrayList<>(english);
        corpus.addAll(chinese);
        result = new BpeTokenizerTrainer(VOCAB_SIZE).train(corpus);
        file = dir.resolve("tokenizer.json");
        result.write(file);
        tokenizer = load(file);
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private static List<String> texts(Locale locale) {
        SyntheticGenerator generator = new SyntheticGenerator(7, 64);
        DialogueWriter writer = new DialogueWriter(locale);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            Sample s = generator.generate(i);
            texts.add(writer.step1Question(s));
            texts.add(writer.step1Answer(s));
            texts.add(writer.step2Question(s));
            texts.add(writer.step2Answer(s));
            for (DialogueWriter.Turn turn : writer.evaluationDialogue(s)) {
                texts.add(turn.question());
                texts.add(turn.answer());
            }
        }
        return texts;
    }

    /** Exactly how the product's LlamaTokenizer loads a tokenizer. */
    private static HuggingFaceTokenizer load(Path json) throws IOException {
        return HuggingFaceTokenizer.newInstance(json,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    }

    private static long[] encode(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    private static void assertRoundTrip(String text) {
        long[] ids = encode(text);
        for (long id : ids) {
            assertTrue(id > 0 && id < result.vocabSize(), () -> "id " + id + " for " + text);
        }
        assertEquals(text, tokenizer.decode(ids, true), () -> "ids " + Arrays.toString(ids));
    }

    @Test
    void layoutIsLlamaStyleAndSizeIsExact() throws IOException {
        List<String> v = result.vocabulary();
        assertEquals(VOCAB_SIZE, v.size());
        assertEquals(List.of("<unk>", "<s>", "</s>"), v.subList(0, 3));
        assertEquals("<0x00>", v.get(3));
        assertEquals("<0x41>", v.get(3 + 0x41));
        assertEquals("<0xFF>", v.get(258));
        assertEquals(BpeTokenizerTrainer.SPACE_MARKER, v.get(259), "the most frequent character");
        assertTrue(result.characterCount() > 26 + 100, "Latin and Chinese characters");
        assertEquals(VOCAB_SIZE - 259 - result.characterCount(), result.merges().size(), "no duplicate merges here");
        assertEquals(v.size(), v.stream().distinct().count());

        String json = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"▁\""), "non-ASCII written as is");
        assertTrue(json.contains("\"byte_fallback\": true"));
        // DJL reads the same id for every token.
        Encoding e = tokenizer.encode(english.get(1) + chinese.get(1), false, false);
        for (int i = 0; i < e.getIds().length; i++) {
            assertEquals(e.getTokens()[i], v.get((int) e.getIds()[i]));
        }
    }

    @Test
    void corpusSentencesRoundTripWithoutUnknown() {
        for (int i = 0; i < english.size(); i += 7) {
            assertRoundTrip(english.get(i));
            assertRoundTrip(chinese.get(i));
        }
        assertRoundTrip(String.join(" ", english.subList(0, 12)) + " " + String.join("", chinese.subList(0, 12)));
    }

    @Test
    void unseenCharactersFallBackToBytes() {
        List<String> texts = List.of(
                "Ω ≈ 42 µm, naïve café 😀👍🏽",
                "こんにちは、カタカナ ひらがな。",
                "Zürich 0123456789 ÿ þ ß",
                "  leading and trailing spaces  ",
                "tab\there\nnew line \"quoted\" back\\slash",
                "한국어 피부 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
        for (String text : texts) {
            assertRoundTrip(text);
        }
        long[] emoji = encode("😀");
        assertEquals(4, Arrays.stream(emoji).filter(id -> id >= 3 && id <= 258).count(),
                () -> "four UTF-8 byte tokens: " + Arrays.toString(emoji));
    }

    @Test
    void templatesCompress() {
        long[] en = encode(EN_TEMPLATE);
        // 11 words, and merges never cross a word boundary: one token per word is the ideal.
        assertTrue(en.length <= 12, () -> en.length + " tokens: " + tokens(EN_TEMPLATE));
        assertTrue(en.length * 5 < EN_TEMPLATE.length());
        long[] zh = encode(ZH_TEMPLATE);
        assertTrue(zh.length <= 5, () -> zh.length + " tokens: " + tokens(ZH_TEMPLATE));
        long[] answer = encode(chinese.get(1));
        assertTrue(answer.length * 3 < chinese.get(1).length(), () -> tokens(chinese.get(1)).toString());
    }

    private static List<String> tokens(String text) {
        return Arrays.asList(tokenizer.encode(text, false, false).getTokens());
    }

    @Test
    void trainingIsDeterministic() throws IOException {
        List<String> reversed = new ArrayList<>(corpus);
        Collections.reverse(reversed);
        Path again = dir.resolve("again.json");
        new BpeTokenizerTrainer(VOCAB_SIZE).train(reversed).write(again);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
    }

    @Test
    void smallCorpusStopsWhenNoPairIsLeftAndEscapesJson() throws IOException {
        List<String> texts = List.of("say \"hi\" \\ <0x41> <s>", "tab\tcontrol\u0001 ok", "say \"hi\"");
        BpeTokenizerTrainer.Result small = new BpeTokenizerTrainer(4096).train(texts);
        assertTrue(small.vocabSize() < 4096, "the corpus runs out of pairs");
        assertFalse(small.vocabulary().subList(259, small.vocabSize()).contains("<0x41>"), "byte token kept");
        Path json = dir.resolve("small.json");
        small.write(json);
        try (HuggingFaceTokenizer t = load(json)) {
            for (String text : List.of("say \"hi\" \\ <0x41>", "tab\tcontrol\u0001 ok", "unseen ✓")) {
                long[] ids = t.encode(text, false, false).getIds();
                assertTrue(Arrays.stream(ids).noneMatch(id -> id == 0), Arrays.toString(ids));
                assertEquals(text, t.decode(ids, true));
            }
        }
    }

    @Test
    void invalidArgumentsAreExplained() {
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> new BpeTokenizerTrainer(259));
        assertTrue(tooSmall.getMessage().contains("259"), tooSmall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BpeTokenizerTrainer(4096, 0));

        IllegalArgumentException noRoom = assertThrows(IllegalArgumentException.class,
                () -> new BpeTokenizerTrainer(270).train(List.of("abcdefghijklmnop")));
        assertTrue(noRoom.getMessage().contains("at least 276"), noRoom.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new BpeTokenizerTrainer(4096).train(List.of()));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BpeTokenizerTrainer(4096).train(List.of("", "")));
    }

    @Test
    void maxTokenLengthLimitsMerges() throws IOException {
        BpeTokenizerTrainer.Result limited = new BpeTokenizerTrainer(1536, 1, 4).train(corpus);
        assertEquals(1536, limited.vocabSize());
        assertTrue(limited.vocabulary().subList(259, 1536).stream()
                .allMatch(t -> t.codePointCount(0, t.length()) <= 4));
        Path json = dir.resolve("limited.json");
        limited.write(json);
        try (HuggingFaceTokenizer t = load(json)) {
            String text = chinese.get(3) + " " + english.get(3);
            long[] ids = t.encode(text, false, false).getIds();
            assertTrue(Arrays.stream(ids).noneMatch(id -> id == 0));
            assertEquals(text, t.decode(ids, true));
        }
        assertThrows(IllegalArgumentException.class, () -> new BpeTokenizerTrainer(1536, 1, 1));
    }

    @Test
    void rareCharactersAreLeftToByteFallback() {
        BpeTokenizerTrainer.Result r = new BpeTokenizerTrainer(300, 2).train(List.of("aab", "aac"));
        // "▁" and "a" occur often enough, "b" and "c" once each.
        assertEquals(List.of("a", "▁"), r.vocabulary().subList(259, 261));
        assertTrue(r.merges().stream().noneMatch(m -> (m.left() + m.right()).contains("b")));
    }
}
