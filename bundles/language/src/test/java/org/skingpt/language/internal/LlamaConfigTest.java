package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.api.model.ModelLoadException;

class LlamaConfigTest {

    /** Llama-2-13b-chat's config.json, parsed the way a JSON reader hands it over (numbers as doubles). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> llama2_13b() {
        String json = """
                {"architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
                 "hidden_size": 5120, "initializer_range": 0.02, "intermediate_size": 13824,
                 "max_position_embeddings": 4096, "model_type": "llama", "num_attention_heads": 40,
                 "num_hidden_layers": 40, "num_key_value_heads": 40, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
                 "rope_scaling": null, "tie_word_embeddings": false, "torch_dtype": "float16",
                 "transformers_version": "4.32.0.dev0", "use_cache": true, "vocab_size": 32000}
                """;
        return new Gson().fromJson(json, Map.class);
    }

    @Test
    void readsAHuggingFaceConfigVerbatim() {
        LlamaConfig c = LlamaConfig.fromHyperParameters(llama2_13b());
        assertEquals(32000, c.vocabSize());
        assertEquals(5120, c.hiddenSize());
        assertEquals(13824, c.intermediateSize());
        assertEquals(40, c.numHiddenLayers());
        assertEquals(40, c.numKeyValueHeads());
        assertEquals(128, c.headDim());
        assertEquals(4096, c.contextLength());
        assertEquals(1e-5, c.rmsNormEps());
        assertEquals(10_000.0, c.ropeTheta());
        assertEquals(1, c.bosTokenId());
        assertEquals(List.of(2), c.eosTokenIds());
        assertEquals(false, c.tieWordEmbeddings());
    }

    @Test
    void contextLengthCanBeCapped() {
        Map<String, Object> p = new HashMap<>(llama2_13b());
        p.put("context_length", 2000);
        assertEquals(2000, LlamaConfig.fromHyperParameters(p).contextLength());
    }

    private static String refusal(String key, Object value) {
        Map<String, Object> p = new HashMap<>(llama2_13b());
        p.put(key, value);
        return assertThrows(ModelLoadException.class, () -> LlamaConfig.fromHyperParameters(p)).getMessage();
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertTrue(refusal("num_hidden_layers", "forty").contains("num_hidden_layers"));
        assertTrue(refusal("hidden_size", 5120.5).contains("hidden_size"));
        assertTrue(refusal("num_key_value_heads", 3).contains("num_key_value_heads"));
        assertTrue(refusal("rope_scaling", Map.of("type", "linear", "factor", 2.0)).contains("rope_scaling"));
        assertTrue(refusal("rope_parameters", Map.of("rope_type", "llama3", "rope_theta", 5e5)).contains("rope_parameters"));
        assertTrue(refusal("hidden_act", "gelu").contains("hidden_act"));
        assertTrue(refusal("attention_bias", true).contains("attention_bias"));
        assertTrue(refusal("context_length", 8192).contains("context_length"));
        assertTrue(refusal("rms_norm_eps", -1).contains("rms_norm_eps"));
        assertTrue(refusal("eos_token_id", 40000).contains("eos_token_id"));
        assertTrue(refusal("tie_word_embeddings", "maybe").contains("tie_word_embeddings"));
        Map<String, Object> p = new HashMap<>(llama2_13b());
        p.remove("vocab_size");
        String missing = assertThrows(ModelLoadException.class, () -> LlamaConfig.fromHyperParameters(p)).getMessage();
        assertTrue(missing.contains("vocab_size"), missing);
    }

    @Test
    void groupedQueryAndExplicitHeadDimAreRead() {
        Map<String, Object> p = new HashMap<>(llama2_13b());
        p.put("num_key_value_heads", 8);
        p.put("head_dim", 64);
        p.put("eos_token_id", List.of(2.0, 7.0));
        LlamaConfig c = LlamaConfig.fromHyperParameters(p);
        assertEquals(5, c.groupSize());
        assertEquals(64, c.headDim());
        assertEquals(List.of(2, 7), c.eosTokenIds());
    }
}
