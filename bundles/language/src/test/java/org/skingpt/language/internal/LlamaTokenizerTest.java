package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.model.ModelLoadException;

/** The tokenizer wrapper on a Llama-shaped tokenizer.json written by the test. */
class LlamaTokenizerTest {

    @TempDir
    Path dir;

    private List<String> vocab;
    private LlamaTokenizer tokenizer;

    @BeforeEach
    void load() throws Exception {
        Path file = dir.resolve("tokenizer.json");
        vocab = TestModels.writeTokenizer(file);
        tokenizer = LlamaTokenizer.load(file);
    }

    @AfterEach
    void close() {
        tokenizer.close();
    }

    @Test
    void encodesLikeLlamaWithoutSpecialTokensAndRoundTrips() {
        long[] ids = tokenizer.encode("the skin");
        // Metaspace normalisation and merges: "▁the" is one token, then "▁s" "k" "i" "n".
        assertEquals(vocab.indexOf(TestModels.METASPACE + "the"), ids[0]);
        assertEquals(vocab.indexOf(TestModels.METASPACE + "s"), ids[1]);
        for (long id : ids) {
            assertTrue(id > 2, "no special tokens: " + id);
        }
        assertEquals("the skin", tokenizer.decode(ids));
    }

    @Test
    void endOfSequenceDecodesToNothing() {
        long[] ids = tokenizer.encode("a");
        assertEquals("a", tokenizer.decode(new long[] {ids[0], 2}));
    }

    @Test
    void neverTruncates() {
        String longText = "the ".repeat(1500).trim();
        assertEquals(1500, tokenizer.encode(longText).length);
    }

    @Test
    void streamingDecodingKeepsSpacesAndWaitsForWholeCharacters() {
        String text = "the caf\u00e9 costs the 5\u20ac \ud83d\ude42 ### done";
        long[] ids = tokenizer.encode(text);
        // é, € and 🙂 are not in the vocabulary: they arrive as byte tokens, one byte at a time.
        assertTrue(ids.length > text.length() / 2);
        LlamaTokenizer.StreamingDecoder decoder = tokenizer.streamingDecoder();
        List<String> pieces = new ArrayList<>();
        for (long id : ids) {
            pieces.add(decoder.next(id));
        }
        pieces.add(decoder.flush());
        for (String piece : pieces) {
            assertFalse(piece.contains("\ufffd"), "incomplete character streamed: " + pieces);
        }
        assertEquals(tokenizer.decode(ids), String.join("", pieces));
        assertEquals(text, String.join("", pieces));
        // "▁the" decoded alone would lose its space; after the first word it keeps it.
        assertEquals("the", pieces.get(0));
        assertTrue(pieces.contains(" the"), pieces.toString());
    }

    @Test
    void flushReleasesATrailingIncompleteCharacter() {
        long[] euro = tokenizer.encode("\u20ac");
        LlamaTokenizer.StreamingDecoder decoder = tokenizer.streamingDecoder();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < euro.length - 1; i++) {
            out.append(decoder.next(euro[i]));
        }
        assertEquals("", out.toString().trim());
        assertFalse(decoder.flush().isEmpty());
    }

    @Test
    void missingOrBrokenFileIsNamed() throws Exception {
        Path missing = dir.resolve("nope.json");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> LlamaTokenizer.load(missing));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"model\": 3}");
        e = assertThrows(ModelLoadException.class, () -> LlamaTokenizer.load(broken));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }
}
