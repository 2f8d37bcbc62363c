package org.skingpt.language.internal;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.skingpt.api.model.ModelLoadException;

/**
 * A Hugging Face {@code tokenizer.json} (Llama's works as is), read from a local file: nothing is
 * ever downloaded.
 *
 * <p>Encoding adds no special tokens (the conversation decides where {@code <s>} goes) and never
 * truncates: DJL's default would silently cut text at 512 tokens, which would drop part of a prompt.
 * Thread-safe.
 */
public final class LlamaTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private LlamaTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Loads a {@code tokenizer.json}.
     *
     * @throws ModelLoadException if the file is missing or not a tokenizer the library understands
     */
    public static LlamaTokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelLoadException("Tokenizer file " + tokenizerJson + " does not exist or is not a file.");
        }
        Map<String, String> options = Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false");
        try {
            return new LlamaTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("Cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /** Token ids of {@code text}, without special tokens. */
    public long[] encode(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /** Text of {@code ids}, special tokens (such as end of sequence) left out. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** A decoder that turns a stream of generated ids into text pieces; one per answer. */
    StreamingDecoder streamingDecoder() {
        return new StreamingDecoder();
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * Incremental detokenization. Decoding one token at a time is wrong for Llama-style
     * tokenizers: a token's leading space is stripped when it is decoded alone, and a character
     * split over several byte-fallback tokens decodes to U+FFFD until its last byte arrives. So
     * each step decodes a short window twice, with and without the new tokens, and emits the
     * difference only when it does not end in an incomplete character (the approach of Hugging
     * Face's text-generation-inference). The window restarts after each emission, so a step costs
     * a few tokens' decoding whatever the answer's length.
     */
    final class StreamingDecoder {
        private long[] ids = new long[32];
        private int size;
        private int prefixOffset;
        private int readOffset;

        /** Adds a generated token; returns the text it completes, possibly empty. */
        String next(long id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
            return take(false);
        }

        /**
         * The text that adding {@code id} would release, with what is held back before it (an incomplete
         * last character shows as U+FFFD); nothing changes.
         */
        String peek(long id) {
            long[] window = Arrays.copyOfRange(ids, prefixOffset, size + 1);
            window[window.length - 1] = id;
            String before = decode(Arrays.copyOfRange(ids, prefixOffset, readOffset));
            String after = decode(window);
            return after.length() > before.length() ? after.substring(before.length()) : "";
        }

        /** A decoder in the same state, to decode ahead without changing this one. */
        StreamingDecoder copy() {
            StreamingDecoder c = new StreamingDecoder();
            c.ids = Arrays.copyOf(ids, ids.length);
            c.size = size;
            c.prefixOffset = prefixOffset;
            c.readOffset = readOffset;
            return c;
        }

        /** Returns what is left at the end of the answer, even an incomplete character. */
        String flush() {
            return take(true);
        }

        private String take(boolean force) {
            String before = decode(Arrays.copyOfRange(ids, prefixOffset, readOffset));
            String after = decode(Arrays.copyOfRange(ids, prefixOffset, size));
            if (after.length() > before.length() && (force || !after.endsWith("\uFFFD"))) {
                prefixOffset = readOffset;
                readOffset = size;
                return after.substring(before.length());
            }
            return "";
        }
    }
}
