package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.WeightFile;
import org.skingpt.nn.Weights;

/**
 * The decoder against Hugging Face transformers' own {@code LlamaForCausalLM} logits (fixtures made
 * where transformers runs; see {@code src/test/resources/hf-reference/README.md}).
 */
class LlamaReferenceTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(LlamaReferenceTest.class.getResource("/hf-reference/" + name).toURI());
    }

    private static JsonObject json(Path file) throws Exception {
        return new Gson().fromJson(Files.readString(file), JsonObject.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonElement e) {
        return new Gson().fromJson(e, Map.class);
    }

    /** Runs the reference's ids through the model as one prompt and compares every position's logits. */
    private static void assertMatchesReference(LlamaModel model, Path reference) throws Exception {
        JsonObject r = json(reference);
        JsonArray idsJson = r.getAsJsonArray("ids");
        long[] ids = new long[idsJson.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idsJson.get(i).getAsLong();
        }
        JsonArray rows = r.getAsJsonArray("logits");
        try (NDManager m = model.manager().newSubManager()) {
            KvCache cache = model.newCache(m);
            cache.reserve(ids.length);
            NDArray inputs = model.embed(ids, m);
            float[] logits = model.forward(inputs, cache, true);
            int vocab = model.config().vocabSize();
            double worst = 0;
            for (int t = 0; t < ids.length; t++) {
                JsonArray row = rows.get(t).getAsJsonArray();
                for (int v = 0; v < vocab; v++) {
                    worst = Math.max(worst, Math.abs(row.get(v).getAsDouble() - logits[t * vocab + v]));
                }
            }
            assertTrue(worst <= 1e-4, "max abs difference from transformers: " + worst);
        }
    }

    @Test
    void convertedModelLoadsFromItsDescriptorAndMatchesTransformers() throws Exception {
        Path dir = fixture("converted-gqa-untied");
        JsonObject fragment = json(dir.resolve("model.json"));
        List<WeightFile> weights = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (JsonElement w : fragment.getAsJsonArray("weights")) {
            JsonObject o = w.getAsJsonObject();
            Path file = dir.resolve(o.get("path").getAsString());
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            assertEquals(o.get("sha256").getAsString(), HexFormat.of().formatHex(digest), "converter's checksum");
            assertEquals(o.get("bytes").getAsLong(), Files.size(file));
            weights.add(new WeightFile(o.get("path").getAsString(), o.get("sha256").getAsString(), o.get("bytes").getAsLong()));
            files.add(file);
        }
        ModelDescriptor descriptor = new ModelDescriptor("converted", "0", ModelKind.valueOf(fragment.get("kind").getAsString()),
                fragment.get("architecture").getAsString(), map(fragment.get("hyperParameters")),
                fragment.get("tokenizer").getAsString(), weights, "test", true);
        try (LlamaLanguageModel model = LlamaLanguageModel.load(descriptor, files, dir.resolve(descriptor.tokenizer()),
                Device.cpu())) {
            assertEquals(48, model.contextLength());
            assertEquals(2, model.config().numKeyValueHeads());
            assertMatchesReference(model.decoder(), dir.resolve("reference.json"));
        }
    }

    @Test
    void tiedHeadAndTransformers5RopeParametersMatchTransformers() throws Exception {
        Path dir = fixture("tied-theta500k");
        LlamaConfig config = LlamaConfig.fromHyperParameters(map(json(dir.resolve("config.json"))));
        assertEquals(500_000.0, config.ropeTheta());
        assertTrue(config.tieWordEmbeddings());
        try (LlamaModel model = LlamaModel.load(config, Weights.open(NDManager.newBaseManager(), DataType.FLOAT32,
                List.of(dir.resolve("model.safetensors"))), DataType.FLOAT32)) {
            assertMatchesReference(model, dir.resolve("reference.json"));
        }
    }
}
