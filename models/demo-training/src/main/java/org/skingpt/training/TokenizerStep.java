package org.skingpt.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.skingpt.training.tokenizer.BpeTokenizerTrainer;

/** Trains the tokenizer and writes {@code tokenizer.json}; returns the vocabulary size. */
final class TokenizerStep {

    /**
     * Longest token in characters. Without a bound, the templated Chinese corpus merges whole runs of
     * concept names into single tokens, so the model would learn concept combinations instead of concepts.
     */
    static final int MAX_TOKEN_CHARS = 8;

    private TokenizerStep() {
    }

    static int train(List<String> texts, int vocabSize, Path file) throws IOException {
        BpeTokenizerTrainer.Result result = new BpeTokenizerTrainer(vocabSize, 1, MAX_TOKEN_CHARS).train(texts);
        result.write(file);
        return result.vocabSize();
    }
}
