package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.WeightFile;
import org.skingpt.language.internal.LlamaLanguageModel;
import org.skingpt.language.internal.LlamaTokenizer;
import org.skingpt.synthetic.SyntheticGenerator;
import org.skingpt.training.nn.Tensors;
import org.skingpt.vision.internal.ImagePreprocessor;
import org.skingpt.vision.internal.MiniGpt4VisionEncoder;

/**
 * What training computes is what the product runs: a randomly initialised demo model, saved as its
 * model bundles save it (F16), gives the same visual tokens through the inference encoder and the
 * same greedy continuation through the inference decoder as through the training networks.
 */
class InferenceParityTest {

    @TempDir
    static Path dir;
    static Path tokenizer;

    @BeforeAll
    static void start() throws Exception {
        Runtimes.configure(1);
        tokenizer = dir.resolve("tokenizer.json");
        TokenizerStep.train(TextCorpus.generate(DemoSpec.TEXT_SEED, 20).allTexts(), 1200, tokenizer);
    }

    @Test
    void visualTokensMatchTheInferenceEncoder() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            DemoModel model = new DemoModel(m, 7, 1200);
            Path file = dir.resolve("vision.safetensors");
            model.save(file, true, Map.of());
            model.restore(List.of(file), false); // the F16-rounded values the bundle ships
            ModelDescriptor d = new ModelDescriptor("v", "1", ModelKind.IMAGE_ENCODER, "minigpt4-vision",
                    model.visionHyperParameters(), null, List.of(new WeightFile(file.getFileName().toString(),
                    DemoBundles.sha256(file), -1)), "", true);
            RgbImage image = ImageSet.rgb(new SyntheticGenerator(3, 224).generate(5).image());
            float[] inference;
            try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(d, List.of(file), Device.cpu())) {
                inference = encoder.encode(image).toArray();
            }
            var c = model.vision().config();
            float[] chw = new ImagePreprocessor(c.imageSize(), c.imageMean(), c.imageStd()).toChw(image);
            float[] training;
            try (NDManager step = m.newSubManager()) {
                NDArray pixels = Tensors.of(step, chw, new Shape(1, 3, c.imageSize(), c.imageSize()));
                training = model.vision().qformerAndProjection(model.vision().vit(pixels)).toFloatArray();
            }
            assertEquals(inference.length, training.length);
            float maxAbs = 0;
            for (float v : training) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            assertTrue(maxAbs > 0.01f, "the check must compare non-trivial values");
            assertArrayEquals(training, inference, 1e-4f * Math.max(1f, maxAbs));
        }
    }

    /**
     * The decoder's tokens of the finding network (issue 23): what steps 1 and 2 trained on — the training network's
     * features of the image through {@code finding_network.tokens} — is what the shipped encoder appends after the
     * Q-Former's tokens.
     */
    @Test
    void findingNetworkTokensMatchTheInferenceEncoder() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            int width = 2 * FindingNetworkTrainer.CHANNELS.get(FindingNetworkTrainer.CHANNELS.size() - 1);
            DemoModel model = new DemoModel(m, 7, 1200, false, 2, width);
            org.skingpt.training.nn.Params network = FindingNetworkTrainer.init(m.newSubManager());
            Path file = dir.resolve("vision-with-network.safetensors");
            java.util.Map<String, NDArray> tensors = new java.util.LinkedHashMap<>(model.params().matching(DemoModel::isEncoderTensor));
            network.all().forEach((name, array) -> {
                if (!name.startsWith("training.")) {
                    tensors.put(name, array);
                }
            });
            try (var out = java.nio.file.Files.newOutputStream(file)) {
                org.skingpt.nn.Weights.write(out, tensors, org.skingpt.nn.Weights.StoredType.F32, Map.of());
            }
            java.util.Map<String, Object> hp = new java.util.LinkedHashMap<>(model.visionHyperParameters());
            List<String> shipped = new ArrayList<>();
            for (var task : FindingNetworkTrainer.TASKS) {
                if (task.shipped()) {
                    hp.put("findings." + task.name(), task.classes());
                    shipped.add(task.name());
                }
            }
            hp.put("finding_network.image_size", FindingNetworkTrainer.SIDE);
            hp.put("finding_network.channels", FindingNetworkTrainer.CHANNELS);
            hp.put("finding_network.findings", shipped);
            hp.put("finding_network.tokens", 2);
            ModelDescriptor d = new ModelDescriptor("v", "1", ModelKind.IMAGE_ENCODER, "minigpt4-vision", hp, null,
                    List.of(new WeightFile(file.getFileName().toString(), DemoBundles.sha256(file), -1)), "", true);
            RgbImage image = ImageSet.rgb(new SyntheticGenerator(3, 224).generate(5).image());
            float[] inference;
            int q;
            try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(d, List.of(file), Device.cpu())) {
                inference = encoder.encode(image).toArray();
                q = encoder.config().numQueryTokens();
                assertEquals(q + 2, encoder.outputTokens());
            }
            var c = model.vision().config();
            float[] chw = new ImagePreprocessor(c.imageSize(), c.imageMean(), c.imageStd()).toChw(image);
            float[] features = FindingNetworkTrainer.read(network, List.of(chw)).get(0).features();
            float[] training;
            try (NDManager step = m.newSubManager()) {
                training = Tensors.of(step, features, new Shape(1, width))
                        .matMul(model.params().get("finding_network.tokens.weight").transpose())
                        .add(model.params().get("finding_network.tokens.bias")).toFloatArray();
            }
            int llm = training.length / 2;
            assertEquals((q + 2) * llm, inference.length);
            float[] appended = java.util.Arrays.copyOfRange(inference, q * llm, inference.length);
            float maxAbs = 0;
            for (float v : training) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            assertTrue(maxAbs > 0.01f, "the check must compare non-trivial values");
            assertArrayEquals(training, appended, 1e-4f * Math.max(1f, maxAbs));
        }
    }

    @Test
    void greedyContinuationMatchesTheInferenceDecoder() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); LlamaTokenizer tok = LlamaTokenizer.load(tokenizer)) {
            DemoModel model = new DemoModel(m, 11, 1200);
            Path file = dir.resolve("llm.safetensors");
            model.save(file, false, Map.of());
            model.restore(List.of(file), false);
            Map<String, Object> hyper = model.llamaHyperParameters();
            ModelDescriptor d = new ModelDescriptor("l", "1", ModelKind.LANGUAGE_MODEL, "llama", hyper, "tokenizer.json",
                    List.of(new WeightFile(file.getFileName().toString(), DemoBundles.sha256(file), -1)), "", true);
            String prompt = "This is a skin disease image with the following medical features:";
            List<Long> ids = new ArrayList<>();
            ids.add((long) Sequences.BOS);
            for (long id : tok.encode(prompt)) {
                ids.add(id);
            }
            // Greedy decoding with the training network: full recomputation each step, no cache.
            int steps = 12;
            for (int s = 0; s < steps; s++) {
                try (NDManager step = m.newSubManager()) {
                    long[] a = ids.stream().mapToLong(Long::longValue).toArray();
                    NDArray hidden = model.llama().hidden(model.llama().embed(Tensors.of(step, a, new Shape(1, a.length))));
                    float[] logits = model.llama().logits(hidden).toFloatArray();
                    int vocab = 1200;
                    int best = 0;
                    int base = (a.length - 1) * vocab;
                    for (int v = 1; v < vocab; v++) {
                        if (logits[base + v] > logits[base + best]) {
                            best = v;
                        }
                    }
                    ids.add((long) best);
                }
            }
            long[] generated = ids.subList(ids.size() - steps, ids.size()).stream().mapToLong(Long::longValue).toArray();
            try (LlamaLanguageModel lm = LlamaLanguageModel.load(d, List.of(file), tokenizer, Device.cpu());
                 Conversation c = lm.openConversation()) {
                String text = c.generate(List.of(PromptPart.text(prompt)), GenerationSettings.greedy(steps, List.of()),
                        GenerationListener.ignoring()).text();
                // The decoder stops at end-of-sequence; compare the text of what both produced.
                int eos = indexOf(generated, Sequences.EOS);
                long[] upToEos = eos < 0 ? generated : java.util.Arrays.copyOf(generated, eos);
                assertEquals(tok.decode(upToEos), text);
            }
        }
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
