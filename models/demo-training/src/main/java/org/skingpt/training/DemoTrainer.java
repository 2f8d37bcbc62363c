package org.skingpt.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.skingpt.language.internal.LlamaTokenizer;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.training.nn.Params;

/**
 * Trains the demo model from nothing, seeded, on this machine's CPU:
 * <ol>
 * <li>a byte-fallback BPE tokenizer on the English + Chinese corpus;</li>
 * <li>step 0: the decoder as a language model on the text corpus, and the ViT on condition and
 *     concept prediction (while the images for the ViT are being generated);</li>
 * <li>the encoder's finding network (issue 23) on the first training images, then its reading of all of them: the
 *     decoder reads its features as {@code --finding-tokens} more visual tokens in steps 1 and 2, and answer 2's
 *     training text states a size, a border or an edge only where it is sure;</li>
 * <li>step 1 (the paper's first step): Q-Former, projection and decoder learn to list the clinical
 *     concepts of an image, the ViT frozen;</li>
 * <li>step 2: the same parts learn the diagnosis answer and the four-question dialogue;</li>
 * <li>the encoder and decoder are written as F16 safetensors with their descriptors, ready to be
 *     packaged as model bundles.</li>
 * </ol>
 * Usage: {@code DemoTrainer --out DIR [--plan full|smoke] [--variant both|step1-only|step2-only]
 * [--version V] [--seed N] [--threads N] [--step0 CHECKPOINT] [--vit-from MODEL_DIR] [--skin-type-target true] [--finding-tokens K (default 2; 0 with --step0 and the ablation)]}.
 */
public final class DemoTrainer {

    static final Locale EN = Locale.ENGLISH;
    static final Locale ZH = Locale.forLanguageTag("zh-CN");
    static final int VOCAB = 4096;

    private final TrainingPlan plan;
    private final Path out;
    private final String version;
    private final long seed;
    private final int threads;
    private final Path step0;
    private List<String> summary = Progress.newSummary();
    private SplittableRandom random;
    private final boolean ablation;
    /**
     * A checkpoint written after the encoder's first or second cycle of step 0 ({@link #resumeCycles}), to
     * continue a run from there: the batch draws of the phases before are replayed, so the result is the
     * same as a run from scratch.
     */
    Path resume;
    int resumeCycles;
    /**
     * A model folder whose shipped encoder supplies the ViT instead of step 0's encoder cycles (37 of a full run's
     * 56 minutes): the ViT is frozen after step 0, so a shipped encoder holds its step-0 ViT. The decoder's and the
     * Q-Former's step 0 still run, and the cycles' batch draws are replayed, so steps 1 and 2 draw what a run from
     * scratch draws. For experiments on what follows the ViT (issue 23); a model to ship is trained from nothing.
     */
    Path vitFrom;
    /** Whether the Q-Former's step 0 also learns the Fitzpatrick type (issue 23). */
    boolean skinTypeTarget;
    /**
     * Visual tokens the decoder reads of the finding network, after the Q-Former's (issue 23): the network is then
     * trained before steps 1 and 2, and answers 2 of the four-question dialogues state a count, size, border, edge or
     * skin type only where it is sure of it ({@link #visible}); 2 made the shipped weights. 0: the network trained last, read by no one but its heads.
     */
    int findingTokens = FINDING_TOKENS;
    static final int FINDING_TOKENS = 2;
    /** How sure the finding network must be of a size class, a border, an edge for answer 2 to state it. */
    static final float SIZE_SURE = 0.9f;
    static final float BORDER_SURE = 0.8f;
    static final float EDGE_SURE = 0.8f;
    /** The lesion count and the skin type: stated where the network is this sure (96% right there on validation images). */
    static final float COUNT_SURE = 0.8f;
    static final float SKIN_TYPE_SURE = 0.8f;
    /** The finding network, where trained before steps 1 and 2, and its reading of each training image. */
    private Params network;
    private List<FindingNetworkTrainer.Reading> readings;
    /** Images the encoder's accuracy is reported on after each step-0 cycle; never trained on. */
    private ImageSet validation;

    DemoTrainer(TrainingPlan plan, Path out, String version, long seed, int threads, Path step0) {
        this(plan, out, version, seed, threads, step0, false);
    }

    DemoTrainer(TrainingPlan plan, Path out, String version, long seed, int threads, Path step0, boolean ablation) {
        this.ablation = ablation;
        this.plan = plan;
        this.out = out;
        this.version = version;
        this.seed = seed;
        this.threads = threads;
        this.step0 = step0;
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Cli.parse(args, List.of("out", "plan", "variant", "version", "seed", "threads", "step0",
                "resume-after-first-vit-cycle", "resume-after-second-vit-cycle", "vit-from", "skin-type-target",
                "finding-tokens"));
        TrainingPlan plan = TrainingPlan.named(a.getOrDefault("plan", "full"));
        String variant = a.getOrDefault("variant", "both");
        plan = switch (variant) {
            case "both", "ablation" -> plan;
            case "step1-only" -> plan.step1Only();
            case "step2-only" -> plan.step2Only();
            default -> throw new IllegalArgumentException("--variant must be both, step1-only, step2-only or ablation");
        };
        if (variant.equals("ablation") && !a.containsKey("step0")) {
            throw new IllegalArgumentException("--variant ablation needs --step0 (the step-0 checkpoint of a full run)");
        }
        if (!a.containsKey("out")) {
            throw new IllegalArgumentException("--out DIR is required (where the encoder/ and decoder/ folders go)");
        }
        int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        Runtimes.configure(threads);
        DemoTrainer trainer = new DemoTrainer(plan, Path.of(a.get("out")), a.getOrDefault("version", "1.0.0"),
                Long.parseLong(a.getOrDefault("seed", "42")), threads,
                a.containsKey("step0") ? Path.of(a.get("step0")) : null, variant.equals("ablation"));
        if (a.containsKey("resume-after-first-vit-cycle")) {
            trainer.resume = Path.of(a.get("resume-after-first-vit-cycle"));
            trainer.resumeCycles = 1;
        } else if (a.containsKey("resume-after-second-vit-cycle")) {
            trainer.resume = Path.of(a.get("resume-after-second-vit-cycle"));
            trainer.resumeCycles = 2;
        }
        if (a.containsKey("vit-from")) {
            if (a.containsKey("step0") || trainer.resume != null) {
                throw new IllegalArgumentException("--vit-from replaces step 0's encoder cycles: not with --step0 or --resume-*");
            }
            trainer.vitFrom = Path.of(a.get("vit-from"));
        }
        String skinType = a.getOrDefault("skin-type-target", "false");
        if (!skinType.equals("true") && !skinType.equals("false")) {
            throw new IllegalArgumentException("--skin-type-target must be true or false, not " + skinType);
        }
        trainer.skinTypeTarget = Boolean.parseBoolean(skinType);
        String tokens = a.getOrDefault("finding-tokens", String.valueOf(FINDING_TOKENS));
        if (!tokens.matches("\\d{1,2}") || Integer.parseInt(tokens) > 16) {
            throw new IllegalArgumentException("--finding-tokens must be a whole number from 0 to 16, not " + tokens);
        }
        trainer.findingTokens = Integer.parseInt(tokens);
        if (trainer.findingTokens > 0 && (variant.equals("ablation") || a.containsKey("step0"))) {
            throw new IllegalArgumentException("--step0 and --variant ablation are runs without finding tokens: add"
                    + " --finding-tokens 0");
        }
        trainer.run();
    }

    void run() throws Exception {
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "Training the SkinGPT demo model (plan %s, seed %d, %d threads) into %s%n",
                plan.name(), seed, threads, out.toAbsolutePath());
        Path work = out.resolve("work");
        Files.createDirectories(work);

        // Painting takes minutes; it runs before any training, on every core. (Overlapping it with
        // training gave NaN gradients in libtorch on this machine, a cause not pinned down.)
        ImagePreprocessing pre = ImagePreprocessing.forDemo();
        long paintStart = System.nanoTime();
        ImageSet train = ImageSet.generate(DemoSpec.TRAIN_SEED, 0, plan.trainImages(), pre.config(), threads, n -> {
            if (n % 1000 == 0) {
                System.out.printf(Locale.ROOT, "[images] %d/%d painted%n", n, plan.trainImages());
            }
        });
        summary.add(String.format(Locale.ROOT, "images: %d synthetic training images (seed %d, painted at %d px) in %.1f s",
                train.size(), DemoSpec.TRAIN_SEED, DemoSpec.PAINT_SIZE, (System.nanoTime() - paintStart) / 1e9));
        validation = ImageSet.generate(DemoSpec.VALIDATION_SEED, 0, plan.validationImages(), pre.config(), threads, n -> { });

        TextCorpus corpus = TextCorpus.generate(DemoSpec.TEXT_SEED, plan.name().startsWith("smoke") ? 40 : 1500);
        Path tokenizerFile = work.resolve("tokenizer.json");
        long t = System.nanoTime();
        // Deterministic: a run resumed from a step-0 checkpoint rebuilds the identical tokenizer.
        int vocab = TokenizerStep.train(corpus.allTexts(), VOCAB, tokenizerFile);
        summary.add(String.format(Locale.ROOT, "tokenizer: byte-fallback BPE, %d tokens, from %d texts in %.1f s", vocab,
                corpus.allTexts().size(), (System.nanoTime() - t) / 1e9));

        try (NDManager root = NDManager.newBaseManager();
             LlamaTokenizer tokenizer = LlamaTokenizer.load(tokenizerFile)) {
            DemoModel model = new DemoModel(root, seed, vocab, skinTypeTarget, findingTokens,
                    2 * FindingNetworkTrainer.CHANNELS.get(FindingNetworkTrainer.CHANNELS.size() - 1));
            if (findingTokens > 0) {
                summary.add("the decoder reads the finding network as " + findingTokens + " visual tokens after the"
                        + " Q-Former's; answers 2 state a size class only where the network is at least " + SIZE_SURE
                        + " sure of it, a border or an edge where at least " + BORDER_SURE + ", the lesion count and the"
                        + " skin type where at least " + COUNT_SURE + " (else they say it is left open; issue 23)");
            }
            if (skinTypeTarget) {
                summary.add("step 0 Q-Former: also learns the Fitzpatrick type (--skin-type-target)");
            }
            summary.add(String.format(Locale.ROOT, "parameters: encoder %,d, decoder %,d (shipped); pretraining heads %,d",
                    model.params().count(DemoModel::isEncoderTensor), model.params().count(DemoModel::isDecoderTensor),
                    model.params().count(n -> n.startsWith("pretrain_head."))));
            Sequences sequences = new Sequences(tokenizer, model.imageTokens());
            List<float[]> features;
            if (step0 != null) {
                model.restore(step0);
                // Replay the batch draws of step 0, so that steps 1 and 2 draw what a run from scratch draws.
                replayStep0Draws(corpus, train, plan.vitSteps() + plan.vitExtraSteps() + plan.vitFinalSteps());
                for (int i = 0; i < plan.qformerSteps() * plan.vitBatch(); i++) {
                    random.nextInt(train.size());
                }
                summary.add("step 0: restored from " + step0.getFileName() + " (written by a run of this plan)");
                features = vitFeatures(model, train);
            } else {
                if (vitFrom != null) {
                    pretrainDecoder(model, sequences, corpus);
                    Path encoderDir = vitFrom.resolve("encoder");
                    List<Path> files;
                    try (var list = java.nio.file.Files.list(encoderDir)) {
                        files = list.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
                    }
                    if (files.isEmpty()) {
                        throw new IllegalArgumentException("--vit-from: no .safetensors in " + encoderDir);
                    }
                    model.restoreVit(files);
                    for (int i = 0; i < (plan.vitSteps() + plan.vitExtraSteps() + plan.vitFinalSteps()) * plan.vitBatch(); i++) {
                        random.nextInt(train.size() * Dihedral.VARIANTS);
                    }
                    summary.add("step 0 encoder: the ViT taken from " + encoderDir + " (F16), its cycles not run");
                } else if (resume != null) {
                    model.restore(resume);
                    replayStep0Draws(corpus, train, plan.vitSteps() + (resumeCycles > 1 ? plan.vitExtraSteps() : 0));
                    summary.add("step 0 decoder and encoder " + (resumeCycles > 1 ? "first and second cycles" : "first cycle")
                            + ": resumed from " + resume.getFileName() + " (written by an earlier run of this plan after"
                            + " that cycle)");
                } else {
                    pretrainDecoder(model, sequences, corpus);
                    pretrainVit(model, train, "step 0 encoder", plan.vitSteps(), 1e-3f);
                    model.checkpoint(work.resolve("step0-first-vit-cycle.safetensors"));
                }
                if (plan.vitExtraSteps() > 0 && resumeCycles < 2 && vitFrom == null) {
                    pretrainVit(model, train, "step 0 encoder, second cycle", plan.vitExtraSteps(), 7e-4f);
                    model.checkpoint(work.resolve("step0-second-vit-cycle.safetensors"));
                }
                if (plan.vitFinalSteps() > 0 && vitFrom == null) {
                    pretrainVit(model, train, "step 0 encoder, third cycle", plan.vitFinalSteps(), 5e-4f);
                }
                features = vitFeatures(model, train);
                pretrainQformer(model, train, features);
                model.checkpoint(work.resolve("step0.safetensors"));
            }
            if (!ablation) {
                if (findingTokens > 0) {
                    trainFindingNetwork(root, train);
                }
                align("step 1", plan.step1Steps(), model, train, features, false, sequences);
                align("step 2", plan.step2Steps(), model, train, features, true, sequences);
                summary.add("non-finite loss or gradient computed (steps not applied): " + SKIPPED.get() + " times");
                DemoBundles.write(model, tokenizerFile, out, version, plan, summary,
                        (System.nanoTime() - started) / 1e9);
                findings(model, train, features);
            } else {
                // The paper's ablation on one budget: the same step-0 weights, the same number of
                // step-1 + step-2 optimisation steps, spent on both steps, on step 2 only, on step 1 only.
                List<String> shared = List.copyOf(summary);
                for (TrainingPlan variant : List.of(plan, plan.step2Only(), plan.step1Only())) {
                    long variantStart = System.nanoTime();
                    summary = new java.util.ArrayList<>(shared);
                    random = new SplittableRandom(seed);
                    try (NDManager m = root.newSubManager()) {
                        DemoModel v = new DemoModel(m, seed, vocab);
                        v.restore(step0);
                        align("step 1", variant.step1Steps(), v, train, features, false, sequences);
                        align("step 2", variant.step2Steps(), v, train, features, true, sequences);
                        DemoBundles.write(v, tokenizerFile, out.resolve(variantName(variant)), version, variant, summary,
                                (System.nanoTime() - variantStart) / 1e9);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "Done in %s.%n", Progress.format((System.nanoTime() - started) / 1e9));
    }

    /**
     * The finding network, trained on the first {@link #FINDING_IMAGES} training images as it is when trained last (its
     * own seed: the run's other draws do not change), then its reading of every training image: the decoder reads its
     * features in steps 1 and 2, and answer 2's text follows how sure it is.
     */
    private void trainFindingNetwork(NDManager root, ImageSet train) {
        long t = System.nanoTime();
        boolean smoke = plan.name().startsWith("smoke");
        int n = Math.min(FINDING_IMAGES, train.size());
        List<FindingNetworkTrainer.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ImageSet.Item item = train.items().get(i);
            items.add(new FindingNetworkTrainer.Item(item.chw(), FindingNetworkTrainer.labels(item.sample())));
        }
        network = FindingNetworkTrainer.fitNew(root.newSubManager(), items, smoke ? 1 : 4, threads);
        readings = FindingNetworkTrainer.read(network, train.items().stream().map(ImageSet.Item::chw).toList());
        Runtimes.configure(threads);
        long sureBorder = readings.stream().filter(r -> r.sureness("border") >= BORDER_SURE).count();
        long sureSize = readings.stream().filter(r -> r.sureness("size") >= SIZE_SURE).count();
        long sureCount = readings.stream().filter(r -> r.sureness("count") >= COUNT_SURE).count();
        long sureType = readings.stream().filter(r -> r.sureness("fitzpatrick") >= SKIN_TYPE_SURE).count();
        summary.add(String.format(Locale.ROOT, "finding network (read by the decoder): trained on %d images, %d passes,"
                + " and read on all %d in %.1f s; sure of the lesion count on %d, the border on %d, the size class on %d,"
                + " the skin type on %d of them", n, smoke ? 1 : 4, train.size(), (System.nanoTime() - t) / 1e9,
                sureCount, sureBorder, sureSize, sureType));
    }

    /** What answer 2 may state of training image {@code index}: what the finding network is sure of. */
    DialogueWriter.Visible visible(int index) {
        if (readings == null) {
            return DialogueWriter.Visible.ALL;
        }
        FindingNetworkTrainer.Reading r = readings.get(index);
        return new DialogueWriter.Visible(r.sureness("count") >= COUNT_SURE, r.sureness("size") >= SIZE_SURE,
                r.sureness("border") >= BORDER_SURE, r.sureness("edge") >= EDGE_SURE,
                r.sureness("fitzpatrick") >= SKIN_TYPE_SURE);
    }

    /** Training images the encoder's finding heads and network learn from (the first of the step-0 images). */
    static final int FINDING_IMAGES = 6600;

    /**
     * Last, the encoder's finding heads and finding network (issue 23), on the images and frozen ViT features this run
     * already holds (painting them again would cost minutes of the hour): the condition head on the ViT, the network
     * with its count, border, edge and skin-type heads. Appends their lines to TRAINING.md.
     */
    private void findings(DemoModel model, ImageSet train, List<float[]> features) throws Exception {
        if (network != null) {
            System.out.println("[findings] the finding network trained before step 1 (the decoder reads it)");
        }
        long t = System.nanoTime();
        boolean smoke = plan.name().startsWith("smoke");
        int n = Math.min(FINDING_IMAGES, train.size());
        int width = model.vision().config().vitWidth();
        FindingHeadTrainer.TrainingImages images = new FindingHeadTrainer.TrainingImages(new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < n; i++) {
            ImageSet.Item item = train.items().get(i);
            float[] f = features.get(i);
            float[] pooled = new float[width];
            int tokens = f.length / width;
            for (int k = 0; k < tokens; k++) {
                for (int j = 0; j < width; j++) {
                    pooled[j] += f[k * width + j];
                }
            }
            for (int j = 0; j < width; j++) {
                pooled[j] /= tokens;
            }
            images.vitPooled().add(pooled);
            images.samples().add(item.sample());
            images.network().add(new FindingNetworkTrainer.Item(item.chw(), FindingNetworkTrainer.labels(item.sample())));
        }
        List<String> lines = FindingHeadTrainer.train(out, List.of(FindingHeadTrainer.CONDITION), images,
                smoke ? 66 : 1320, threads, smoke ? 1 : 4, network, findingTokens);
        Path training = out.resolve("TRAINING.md");
        Files.writeString(training, Files.readString(training, java.nio.charset.StandardCharsets.UTF_8).stripTrailing()
                + "\n\nLast, on the first " + n + " of those images: " + String.join("; ", lines)
                + String.format(Locale.ROOT, " (%.1f s for both)%n", (System.nanoTime() - t) / 1e9),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    static String variantName(TrainingPlan p) {
        return p.name().endsWith("/step2-only") ? "step2-only" : p.name().endsWith("/step1-only") ? "step1-only" : "both";
    }

    private static final DialogueWriter WRITER_EN = new DialogueWriter(EN);
    private static final DialogueWriter WRITER_ZH = new DialogueWriter(ZH);

    private DialogueWriter writer(int locale) {
        return locale % 2 == 0 ? WRITER_EN : WRITER_ZH;
    }

    /**
     * Draws the random numbers step 0 draws, without training: a run that restores a step-0 checkpoint
     * then draws what a run from scratch draws.
     */
    private void replayStep0Draws(TextCorpus corpus, ImageSet train, int vitSteps) {
        for (int i = 0; i < plan.lmSteps() * plan.lmBatch(); i++) {
            random.nextInt(corpus.documents().size());
        }
        for (int i = 0; i < plan.lmDialogueSteps() * plan.dialogueBatch(); i++) {
            random.nextInt(corpus.samples().size());
        }
        for (int i = 0; i < vitSteps * plan.vitBatch(); i++) {
            random.nextInt(train.size() * Dihedral.VARIANTS);
        }
    }

    private void pretrainDecoder(DemoModel model, Sequences sequences, TextCorpus corpus) {
        Progress p = new Progress("step 0 decoder", plan.lmSteps(), summary);
        Optimizer opt = adamW(plan.lmSteps(), 2e-3f);
        List<String> docs = corpus.documents();
        for (int step = 1; step <= plan.lmSteps(); step++) {
            List<Sequences.Seq> batch = new ArrayList<>();
            for (int i = 0; i < plan.lmBatch(); i++) {
                batch.add(sequences.document(docs.get(random.nextInt(docs.size()))));
            }
            double loss = trainStep(model, opt, DemoModel::isDecoderTensor, m -> new NDList(model.languageLoss(m, batch, null)));
            p.step(step, loss, null);
        }
        p.done(null);
        if (plan.lmDialogueSteps() == 0) {
            return;
        }
        // The causes and treatment texts are one per condition and language: as plain documents they are a
        // handful among thousands. Here the decoder learns them by heart in the place a consultation asks for
        // them, after a first answer that named the condition (no image yet: that is steps 1 and 2).
        Progress d = new Progress("step 0 decoder, text-only dialogues", plan.lmDialogueSteps(), summary);
        Optimizer dialogueOpt = adamW(plan.lmDialogueSteps(), 1e-3f);
        List<org.skingpt.synthetic.Sample> samples = corpus.samples();
        for (int step = 1; step <= plan.lmDialogueSteps(); step++) {
            DialogueWriter w = writer(step);
            List<Sequences.Seq> batch = new ArrayList<>();
            for (int i = 0; i < plan.dialogueBatch(); i++) {
                batch.add(sequences.textConsultation(samples.get(random.nextInt(samples.size())), w));
            }
            double loss = trainStep(model, dialogueOpt, DemoModel::isDecoderTensor,
                    m -> new NDList(model.languageLoss(m, batch, null)));
            d.step(step, loss, null);
        }
        d.done(null);
    }

    private void pretrainVit(DemoModel model, ImageSet train, String phase, int steps, float peak) {
        Progress p = new Progress(phase, steps, summary);
        Optimizer opt = adamW(steps, peak);
        int correct = 0;
        int seen = 0;
        for (int step = 1; step <= steps; step++) {
            List<ImageSet.Item> batch = new ArrayList<>();
            int[] variants = new int[plan.vitBatch()];
            for (int i = 0; i < plan.vitBatch(); i++) {
                // One draw picks the image and which of its eight turned/mirrored versions is shown.
                int draw = random.nextInt(train.size() * Dihedral.VARIANTS);
                batch.add(train.items().get(draw % train.size()));
                variants[i] = draw / train.size();
            }
            int[] right = new int[1];
            double loss = trainStep(model, opt, DemoModel::isVitTensor, m -> {
                NDList r = model.visionPretrainLoss(m, batch, variants);
                right[0] = (int) r.get(1).toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                return r;
            });
            if (step > steps * 3 / 4) {
                correct += right[0];
                seen += batch.size();
            }
            p.step(step, loss, String.format(Locale.ROOT, "batch acc %.2f", right[0] / (double) batch.size()));
        }
        p.done(String.format(Locale.ROOT, "training-batch condition accuracy over the last quarter %.3f; %s",
                seen == 0 ? 0 : correct / (double) seen,
                validationAccuracy(model, (m, from, to) -> model.headRight(m, validation.items().subList(from, to)))));
    }

    /**
     * The condition head's accuracy on the validation images, overall and per Fitzpatrick group (I-II, III-IV,
     * V-VI): what the encoder does on images it never saw, as the evaluation will ask of the whole model.
     */
    private String validationAccuracy(DemoModel model, HeadCheck head) {
        int[] right = new int[3];
        int[] total = new int[3];
        for (int from = 0; from < validation.size(); from += 64) {
            int to = Math.min(validation.size(), from + 64);
            try (NDManager m = model.params().manager().newSubManager()) {
                boolean[] r = head.right(m, from, to);
                for (int i = 0; i < r.length; i++) {
                    int group = (validation.items().get(from + i).sample().fitzpatrick() - 1) / 2;
                    total[group]++;
                    right[group] += r[i] ? 1 : 0;
                }
            }
        }
        return groupAccuracy(right, total);
    }

    /** Whether a step-0 head classifies validation images {@code from..to} right. */
    @FunctionalInterface
    private interface HeadCheck {
        boolean[] right(NDManager m, int from, int to);
    }

    private static String groupAccuracy(int[] right, int[] total) {
        int all = right[0] + right[1] + right[2];
        int n = total[0] + total[1] + total[2];
        return String.format(Locale.ROOT, "validation condition accuracy %.3f (%d images; I-II %.3f, III-IV %.3f, V-VI %.3f)",
                all / (double) n, n, right[0] / (double) Math.max(1, total[0]),
                right[1] / (double) Math.max(1, total[1]), right[2] / (double) Math.max(1, total[2]));
    }

    /**
     * Step 0, Q-Former: with the ViT frozen, the Q-Former and its queries learn to predict the condition and
     * the concepts from their mean output (heads used only here). MiniGPT-4 starts its alignment from BLIP-2's
     * pretrained Q-Former; a Q-Former that starts from random weights and learns only through the decoder's
     * loss named melanoma, naevus and seborrhoeic keratosis less reliably than the ViT's own head.
     */
    private void pretrainQformer(DemoModel model, ImageSet train, List<float[]> features) {
        if (plan.qformerSteps() == 0) {
            return;
        }
        Progress p = new Progress("step 0 Q-Former", plan.qformerSteps(), summary);
        Optimizer opt = adamW(plan.qformerSteps(), 1e-3f);
        int correct = 0;
        int seen = 0;
        for (int step = 1; step <= plan.qformerSteps(); step++) {
            List<ImageSet.Item> batch = new ArrayList<>();
            List<float[]> feats = new ArrayList<>();
            for (int i = 0; i < plan.vitBatch(); i++) {
                int idx = random.nextInt(train.size());
                batch.add(train.items().get(idx));
                feats.add(features.get(idx));
            }
            int[] right = new int[1];
            double loss = trainStep(model, opt, DemoModel::isQformerPretrainTensor, m -> {
                NDList r = model.qformerPretrainLoss(m, batch, feats);
                right[0] = (int) r.get(1).toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                return r;
            });
            if (step > plan.qformerSteps() * 3 / 4) {
                correct += right[0];
                seen += batch.size();
            }
            p.step(step, loss, String.format(Locale.ROOT, "batch acc %.2f", right[0] / (double) batch.size()));
        }
        List<float[]> validationFeatures = features(model, validation);
        p.done(String.format(Locale.ROOT, "training-batch condition accuracy over the last quarter %.3f; %s",
                seen == 0 ? 0 : correct / (double) seen,
                validationAccuracy(model, (m, from, to) -> model.qformerHeadRight(m, validation.items().subList(from, to),
                        validationFeatures.subList(from, to)))));
    }

    private List<float[]> vitFeatures(DemoModel model, ImageSet train) {
        long t = System.nanoTime();
        List<float[]> features = features(model, train);
        summary.add(String.format(Locale.ROOT, "frozen ViT features of %d images in %.1f s", train.size(),
                (System.nanoTime() - t) / 1e9));
        return features;
    }

    private static List<float[]> features(DemoModel model, ImageSet train) {
        List<float[]> features = new ArrayList<>(train.size());
        for (int from = 0; from < train.size(); from += 64) {
            List<ImageSet.Item> batch = train.items().subList(from, Math.min(train.size(), from + 64));
            try (NDManager m = model.params().manager().newSubManager()) {
                for (float[] f : model.vitFeatures(m, batch)) {
                    features.add(f);
                }
            }
        }
        return features;
    }

    /**
     * Steps 1 and 2: one locale per batch (alternating), images drawn at random. In step 2, every
     * n-th batch ({@link TrainingPlan#dialogueEvery()}) is whole four-question dialogues, as a consultation
     * asks them.
     */
    private void align(String phase, int steps, DemoModel model, ImageSet train,
                       List<float[]> features, boolean step2, Sequences sequences) {
        if (steps == 0) {
            summary.add(phase + ": skipped (0 steps in this plan)");
            return;
        }
        Progress p = new Progress(phase, steps, summary);
        Optimizer opt = adamW(steps, 1e-3f);
        int skipped = 0;
        int recovered = 0;
        int[] batchesOfKind = new int[2];
        for (int step = 1; step <= steps; step++) {
            boolean dialogue = step2 && plan.dialogueEvery() > 0 && step % plan.dialogueEvery() == 0;
            // Languages alternate within each kind of batch, so that both kinds see both languages equally.
            DialogueWriter w = writer(batchesOfKind[dialogue ? 1 : 0]++);
            int size = dialogue ? plan.imageDialogueBatch() : plan.alignBatch();
            List<Sequences.Seq> batch = new ArrayList<>();
            List<float[]> feats = new ArrayList<>();
            List<float[]> networkFeats = readings == null ? null : new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int idx = random.nextInt(train.size());
                var s = train.items().get(idx).sample();
                batch.add(!step2 ? sequences.step1(s, w)
                        : dialogue ? sequences.consultationDialogue(s, w, visible(idx)) : sequences.step2(s, w));
                feats.add(features.get(idx));
                if (networkFeats != null) {
                    networkFeats.add(readings.get(idx).features());
                }
            }
            LossFunction languageLoss = m -> new NDList(model.languageLoss(m, batch, feats, networkFeats));
            double loss = trainStep(model, opt, DemoModel::isAlignmentTensor, languageLoss);
            if (!Double.isFinite(loss)) {
                // The same batch on the same weights came back finite in other processes: the fault is not in
                // the data (docs/models.md), so the step is computed once more before it is given up.
                loss = trainStep(model, opt, DemoModel::isAlignmentTensor, languageLoss);
                if (Double.isFinite(loss)) {
                    recovered++;
                    System.out.println("  (" + phase + ", step " + step + ": finite when computed again, applied)");
                }
            }
            if (!Double.isFinite(loss)) {
                System.out.println("  (" + phase + ", step " + step + ", " + (dialogue ? "four-question dialogues"
                        : "single-turn") + " batch, " + batch.stream().mapToInt(Sequences.Seq::length).max().orElse(0)
                        + " tokens)");
                // The step was not applied (see trainStep), so the weights are those of the step before; were
                // they ever non-finite, every later step would be too, so the run stops with the reason.
                skipped++;
                List<String> bad = model.params().nonFinite(DemoModel::isAlignmentTensor);
                if (!bad.isEmpty()) {
                    throw new IllegalStateException("training diverged in " + phase + " at step " + step + ": "
                            + bad.size() + " parameters hold non-finite values (" + bad.get(0) + ", ...)");
                }
            }
            p.step(step, loss, null);
        }
        String faults = recovered == 0 ? "" : recovered + " steps finite only when computed a second time";
        if (skipped > 0) {
            faults += (faults.isEmpty() ? "" : ", ") + skipped + " steps skipped for a non-finite loss or gradient (twice)";
        }
        p.done(faults.isEmpty() ? null : faults);
    }

    interface LossFunction {
        NDList compute(NDManager step);
    }

    /** One optimisation step on the parameters {@code trained}; returns the loss. */
    private static double trainStep(DemoModel model, Optimizer opt, Predicate<String> trained, LossFunction f) {
        Params params = model.params();
        double value;
        try (NDManager m = params.manager().newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList result = f.compute(m);
                NDArray loss = result.get(0);
                gc.backward(loss);
                value = loss.getFloat();
            }
        }
        // Outside the scope: the optimiser's state arrays, created on first use, must outlive the step.
        Map<String, NDArray> trainedParams = params.matching(trained);
        boolean finite = Double.isFinite(value);
        String firstBad = finite ? null : "the loss";
        List<NDArray> grads = new ArrayList<>();
        try {
            for (Map.Entry<String, NDArray> e : trainedParams.entrySet()) {
                NDArray g = e.getValue().getGradient();
                grads.add(g);
                if (finite) {
                    try (NDArray sum = g.sum()) {
                        finite = Float.isFinite(sum.getFloat());
                    }
                    firstBad = finite ? null : "the gradient of " + e.getKey();
                }
            }
            if (finite) {
                int i = 0;
                for (Map.Entry<String, NDArray> e : trainedParams.entrySet()) {
                    opt.update(e.getKey(), e.getValue(), grads.get(i++));
                }
            }
        } finally {
            for (NDArray g : grads) {
                g.close();
            }
            params.clearGradients(trained);
        }
        if (!finite) {
            // A non-finite loss or gradient (seen rarely with libtorch on this machine) would poison
            // the weights: the step is skipped, counted, and training goes on.
            SKIPPED.incrementAndGet();
            if (SKIPPED.get() > MAX_SKIPPED) {
                throw new IllegalStateException("training diverged: more than " + MAX_SKIPPED + " steps with non-finite"
                        + " loss or gradients; lower the learning rate");
            }
            System.out.println("  step not applied: " + firstBad + " is not finite (" + SKIPPED.get() + " so far)");
            return Double.NaN;
        }
        return value;
    }

    /** About 2% of the full plan's steps: beyond that the run is treated as diverged. */
    static final int MAX_SKIPPED = 200;

    static final java.util.concurrent.atomic.AtomicInteger SKIPPED = new java.util.concurrent.atomic.AtomicInteger();

    /** AdamW, linear warm-up over 5% of the steps, then cosine decay to a tenth. */
    private static Optimizer adamW(int steps, float peak) {
        int warmup = Math.max(1, steps / 20);
        ParameterTracker lr = (parameterId, numUpdate) -> {
            if (numUpdate < warmup) {
                return peak * (numUpdate + 1) / warmup;
            }
            double progress = Math.min(1.0, (numUpdate - warmup) / (double) Math.max(1, steps - warmup));
            return (float) (peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
        };
        return Optimizer.adamW().optLearningRateTracker(lr).optWeightDecays(0.01f).optClipGrad(1f).build();
    }


}
