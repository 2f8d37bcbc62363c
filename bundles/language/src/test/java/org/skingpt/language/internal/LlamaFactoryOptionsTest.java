package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

/** The language configuration as an admin writes it: good values pass, a bad one falls back alone. */
class LlamaFactoryOptionsTest {

    private static LanguageConfig config(String decoder, boolean batching, int maxBatch, int threads) {
        return new LanguageConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LanguageConfig.class;
            }

            @Override
            public String decoder() {
                return decoder;
            }

            @Override
            public boolean batching() {
                return batching;
            }

            @Override
            public int maxBatch() {
                return maxBatch;
            }

            @Override
            public int decodeThreads() {
                return threads;
            }
        };
    }

    @Test
    void validSettingsAreTakenAsWritten() {
        assertEquals(new DecodeOptions("djl", 8, 2), LlamaFactory.options(config(" DJL ", true, 8, 2)));
        assertEquals(new DecodeOptions("java", 1, 0), LlamaFactory.options(config("java", false, 8, 0)));
    }

    @Test
    void aBadValueFallsBackAloneAndTheOthersAreKept() {
        assertEquals(new DecodeOptions("djl", 16, 1), LlamaFactory.options(config("djl", true, 1000, 1)));
        assertEquals(new DecodeOptions("auto", 4, 1), LlamaFactory.options(config("gpu-please", true, 4, 1)));
        assertEquals(new DecodeOptions("java", 4, 0), LlamaFactory.options(config("java", true, 4, -3)));
    }
}
