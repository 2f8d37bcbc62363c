package org.skingpt.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;

/**
 * Benchmark: what the locale's consistency constraint costs answers 1 and 2. For each held-out image and language,
 * the two first answers are decoded twice per round (a fresh conversation each time): without the constraint and
 * with it (answer 1 kept to the encoder's findings, as the locales' diagnosis group does where the condition head
 * is sure; answer 2 to answer 1). Per generated token, two times are compared: the decode time after the answer's
 * first token (as the rows of docs/benchmarks.md before stop 40 measured it), and the whole answer's wall time from
 * the call to its end — prefill of the question, the first sentence's look-ahead and the first token included, which
 * is what a clinician waits for since the constrained answer looks ahead at its first sentence too. One thread,
 * greedy, the product's decoder; rounds alternate the order of the two variants.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp "$(cat models/demo-training/target/demo-training.classpath)" \
 *     org.skingpt.training.ConsistencyCost --model models/demo --images 33 --rounds 3</pre>
 */
public final class ConsistencyCost {

    private ConsistencyCost() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Cli.parse(args, List.of("model", "images", "rounds"));
        int images = Integer.parseInt(a.getOrDefault("images", "33"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        Runtimes.configure(1);
        Map<Locale, PromptTemplates> locales = DemoEvaluation.locales(
                "bundles/locale-en/src/main/resources/locale.properties,"
                        + "bundles/locale-zh-cn/src/main/resources/locale.properties");
        GenerationSettings greedy = GenerationSettings.greedy(320, DemoSpec.STOP_STRINGS);
        SyntheticGenerator generator = new SyntheticGenerator(DemoSpec.EVAL_SEED, DemoSpec.PAINT_SIZE);
        try (DemoEvaluation.Loaded model = DemoEvaluation.Loaded.from(Path.of(a.getOrDefault("model", "models/demo")))) {
            List<ImageEmbedding> embeddings = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                Sample s = generator.generate(i);
                embeddings.add(model.encoder().encode(ImageSet.rgb(s.image())));
            }
            for (int round = 0; round < rounds; round++) {
                long[] nanos = new long[2];
                long[] tokens = new long[2];
                long[] nanosOne = new long[2];
                long[] tokensOne = new long[2];
                long[] wall = new long[4]; // answer 1 without, with; answer 2 without, with
                long[] wallTokens = new long[4];
                for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
                    List<String> questions = DialogueWriter.evaluationQuestions(l);
                    for (ImageEmbedding e : embeddings) {
                        for (int k = 0; k < 2; k++) {
                            boolean constrained = (k + round) % 2 == 1;
                            try (Conversation c = model.decoder().openConversation()) {
                                long t0 = System.nanoTime();
                                GenerationResult first = c.generate(List.of(PromptPart.text(DemoSpec.beforeImage(l)),
                                        PromptPart.image(e), PromptPart.text(DemoSpec.afterImage(questions.get(0)))),
                                        constrained ? greedy.withConsistency(locales.get(l).consistency(1, List.of(), e.findings()))
                                                : greedy, GenerationListener.ignoring());
                                wall[constrained ? 1 : 0] += System.nanoTime() - t0;
                                wallTokens[constrained ? 1 : 0] += first.generatedTokens();
                                nanosOne[constrained ? 1 : 0] += first.decodeNanos();
                                tokensOne[constrained ? 1 : 0] += Math.max(0, first.generatedTokens() - 1);
                                String one = first.text();
                                GenerationSettings s = constrained
                                        ? greedy.withConsistency(locales.get(l).consistency(2, List.of(one.strip()), e.findings()))
                                        : greedy;
                                long t1 = System.nanoTime();
                                GenerationResult two = c.generate(List.of(PromptPart.text(DemoSpec.followUp(questions.get(1)))),
                                        s, GenerationListener.ignoring());
                                wall[constrained ? 3 : 2] += System.nanoTime() - t1;
                                wallTokens[constrained ? 3 : 2] += two.generatedTokens();
                                nanos[constrained ? 1 : 0] += two.decodeNanos();
                                tokens[constrained ? 1 : 0] += Math.max(0, two.generatedTokens() - 1);
                            }
                        }
                    }
                }
                double freeOne = nanosOne[0] / 1e3 / tokensOne[0];
                double keptOne = nanosOne[1] / 1e3 / tokensOne[1];
                System.out.printf(Locale.ROOT, "round %d: answer 1 decode, microseconds per token: without %.0f (%d tokens),"
                        + " with the constraint %.0f (%d tokens): %+.1f%%%n", round + 1, freeOne, tokensOne[0], keptOne,
                        tokensOne[1], 100 * (keptOne / freeOne - 1));
                double free = nanos[0] / 1e3 / tokens[0];
                double kept = nanos[1] / 1e3 / tokens[1];
                System.out.printf(Locale.ROOT, "round %d: answer 2 decode, microseconds per token: without %.0f (%d tokens),"
                        + " with the constraint %.0f (%d tokens): %+.1f%%%n", round + 1, free, tokens[0], kept, tokens[1],
                        100 * (kept / free - 1));
                for (int answer = 0; answer < 2; answer++) {
                    double without = wall[2 * answer] / 1e3 / wallTokens[2 * answer];
                    double with = wall[2 * answer + 1] / 1e3 / wallTokens[2 * answer + 1];
                    System.out.printf(Locale.ROOT, "round %d: answer %d whole, wall microseconds per token: without %.0f"
                            + " (%d tokens), with the constraint %.0f (%d tokens): %+.1f%%%n", round + 1, answer + 1,
                            without, wallTokens[2 * answer], with, wallTokens[2 * answer + 1], 100 * (with / without - 1));
                }
            }
        }
    }
}
