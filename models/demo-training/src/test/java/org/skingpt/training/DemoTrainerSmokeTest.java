package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The few-step smoke plan of the real training code: every step runs, the two model bundles' contents
 * are written with matching checksums and the synthetic flag, and the result loads and answers
 * through the inference classes. (The full plan makes the shipped weights; see docs/models.md.)
 */
class DemoTrainerSmokeTest {

    @TempDir
    Path out;

    @Test
    void smokePlanWritesLoadableSyntheticModelBundles() throws Exception {
        Runtimes.configure(2);
        DemoTrainer trainer = new DemoTrainer(TrainingPlan.named("smoke"), out, "0.0.1-smoke", 1, 2, null);
        trainer.findingTokens = 2;
        trainer.run();
        for (String part : new String[] {"encoder", "decoder"}) {
            JsonObject d = new Gson().fromJson(Files.readString(out.resolve(part).resolve("model.json"),
                    StandardCharsets.UTF_8), JsonObject.class);
            assertTrue(d.get("synthetic").getAsBoolean(), part + " must be marked synthetic");
            assertTrue(d.get("intendedUse").getAsString().contains("NOT FOR CLINICAL USE"));
            JsonObject w = d.getAsJsonArray("weights").get(0).getAsJsonObject();
            assertEquals(DemoBundles.sha256(out.resolve(part).resolve(w.get("path").getAsString())),
                    w.get("sha256").getAsString());
        }
        String training = Files.readString(out.resolve("TRAINING.md"));
        for (String step : new String[] {"tokenizer", "step 0 decoder", "step 0 encoder", "step 0 Q-Former", "step 1", "step 2"}) {
            assertTrue(training.contains(step), "TRAINING.md reports " + step);
        }
        // Every step reports a final loss, and none of them blew up.
        java.util.regex.Matcher loss = java.util.regex.Pattern.compile("final loss ([^,\\s]+)").matcher(training);
        int losses = 0;
        while (loss.find()) {
            losses++;
            double value = Double.parseDouble(loss.group(1));
            assertTrue(Double.isFinite(value) && value > 0, "final loss " + loss.group(1) + " in\n" + training);
        }
        assertTrue(losses >= 6, "a final loss per training step in\n" + training);
        // The run's last step: the encoder's finding heads (condition on the ViT; the finding network's count, border,
        // edge and skin type) on the images it holds, written into the encoder bundle; then the same refitted alone,
        // on images painted again, as FindingHeadTrainer does on a shipped encoder.
        assertTrue(training.contains("Last, on the first") && training.contains("finding head `condition`")
                && training.contains("finding network"), training);
        assertTrue(training.contains("the decoder reads the finding network as 2 visual tokens"), training);
        assertTrue(training.contains("finding network (read by the decoder): trained on 66 images"), training);
        // The decoder learned to read this network: retraining the network alone is refused, the heads alone are not.
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FindingHeadTrainer.train(out, List.of(FindingHeadTrainer.CONDITION), 66, 66, 2, 1));
        assertTrue(refused.getMessage().contains("reads the finding network"), refused.getMessage());
        List<String> heads = FindingHeadTrainer.train(out, List.of(FindingHeadTrainer.CONDITION), 66, 66, 2, 0);
        assertEquals(1, heads.size(), heads.toString());
        assertTrue(heads.get(0).contains("finding head `condition`") && heads.get(0).contains("66 held-out images"), heads.get(0));
        DemoEvaluation.GREEDY = org.skingpt.api.inference.GenerationSettings.greedy(8, DemoSpec.STOP_STRINGS);
        try (DemoEvaluation.Loaded model = DemoEvaluation.Loaded.from(out)) {
            assertEquals(model.decoder().embeddingWidth(), model.encoder().outputWidth());
            var s = new org.skingpt.synthetic.SyntheticGenerator(DemoSpec.EVAL_SEED, 224).generate(0);
            var embedding = model.encoder().encode(ImageSet.rgb(s.image()));
            assertEquals(16 + 2, embedding.tokens(), "the Q-Former's tokens and the finding network's two");
            assertEquals(java.util.Set.of("fitzpatrick", "condition", "count", "border", "edge"), embedding.findings().stream()
                    .map(f -> f.name()).collect(java.util.stream.Collectors.toSet()),
                    "the encoder loaded from the bundle reads with every head, the network's included");
            String condition = embedding.findings().stream().filter(f -> f.name().equals("condition")).findFirst()
                    .orElseThrow().value();
            assertTrue(java.util.Arrays.stream(org.skingpt.synthetic.Condition.values()).anyMatch(c -> c.id().equals(condition)),
                    condition);
            var r = DemoEvaluation.answer(model, s, embedding, DemoTrainer.EN, true);
            // A few steps teach nothing worth asserting about the text; the evaluation's own bookkeeping must hold.
            assertEquals(r.answer(), DemoEvaluation.answer(model, s, embedding, DemoTrainer.EN, false).answer(),
                    "greedy answers through the inference classes are reproducible, with or without the follow-up");
            assertTrue(r.secondAnswer() != null, "question 2 was asked as the follow-up");
            assertEquals(org.skingpt.synthetic.Condition.parseFrom(r.answer(), DemoTrainer.EN), r.diagnosis());
            assertEquals(r.diagnosis().isPresent() && r.diagnosis().get() == s.condition(), r.correct());
        }
    }

    @Test
    void vitFromAShippedEncoderKeepsItsViTAndTrainsTheRestWithTheSkinTypeTarget() throws Exception {
        Runtimes.configure(2);
        Path shipped = Path.of("../demo").toAbsolutePath().normalize();
        DemoTrainer trainer = new DemoTrainer(TrainingPlan.named("smoke"), out, "0.0.1-smoke", 1, 2, null);
        trainer.vitFrom = shipped;
        trainer.skinTypeTarget = true;
        trainer.run();
        String training = Files.readString(out.resolve("TRAINING.md"));
        assertTrue(training.contains("the ViT taken from"), training);
        assertTrue(training.contains("also learns the Fitzpatrick type"), training);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
             org.skingpt.nn.Weights before = org.skingpt.nn.Weights.open(m, ai.djl.ndarray.types.DataType.FLOAT32,
                     java.util.List.of(shipped.resolve("encoder/vision.safetensors")));
             org.skingpt.nn.Weights after = org.skingpt.nn.Weights.open(m, ai.djl.ndarray.types.DataType.FLOAT32,
                     java.util.List.of(out.resolve("encoder/vision.safetensors")))) {
            for (String name : new String[] {"visual_encoder.patch_embed.proj.weight", "visual_encoder.blocks.0.attn.qkv.weight",
                    "ln_vision.weight"}) {
                long[] shape = before.shapeOf(name).orElseThrow();
                org.junit.jupiter.api.Assertions.assertArrayEquals(before.get(name, shape).toFloatArray(),
                        after.get(name, shape).toFloatArray(), 0f, name + " is the shipped ViT's, unchanged");
            }
            String q = "Qformer.bert.encoder.layer.0.attention.self.query.weight";
            long[] shape = before.shapeOf(q).orElseThrow();
            assertFalse(java.util.Arrays.equals(before.get(q, shape).toFloatArray(), after.get(q, shape).toFloatArray()),
                    "the Q-Former is trained anew, not copied");
        }
    }
}
