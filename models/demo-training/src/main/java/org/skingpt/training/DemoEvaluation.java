package org.skingpt.training;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.WeightFile;
import org.skingpt.language.internal.LlamaLanguageModel;
import org.skingpt.synthetic.Concept;
import org.skingpt.synthetic.Condition;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;
import org.skingpt.vision.internal.MiniGpt4VisionEncoder;

/**
 * Evaluates trained demo models through the product's inference code (the same encoder and decoder
 * classes the bundles run), on held-out synthetic images of a seed never used in training, and
 * writes {@code EVALUATION.md}.
 *
 * <p>Per image and language: the paper's first question ("Could you describe the skin disease in
 * this image for me?") with greedy decoding, the condition read from the answer; and the step-1
 * question in a fresh conversation, the concepts read from the answer. Usage:
 * {@code DemoEvaluation --model DIR --out FILE [--images N] [--ablation name=DIR,...] [--ablation-images N]
 * [--threads N]}.
 */
public final class DemoEvaluation {

    static GenerationSettings GREEDY = GenerationSettings.greedy(320, DemoSpec.STOP_STRINGS);
    /**
     * The locale files whose consistency constraint answer 2 is decoded under, as in a consultation; empty:
     * answer 2 is decoded without it.
     */
    static Map<Locale, PromptTemplates> CONSISTENCY = Map.of();

    /** One trained model, loaded through the inference bundles' classes. */
    record Loaded(MiniGpt4VisionEncoder encoder, LlamaLanguageModel decoder) implements AutoCloseable {
        static Loaded from(Path dir) throws IOException {
            ModelDescriptor enc = descriptor(dir.resolve("encoder/model.json"));
            ModelDescriptor dec = descriptor(dir.resolve("decoder/model.json"));
            MiniGpt4VisionEncoder e = MiniGpt4VisionEncoder.load(enc, List.of(dir.resolve("encoder").resolve(
                    enc.weights().get(0).path())), Device.cpu());
            // The product's default decoder (Java on the CPU when the JVM has the Vector API module, as
            // evaluate.sh starts it; libtorch otherwise), each conversation decoded alone on one thread.
            LlamaLanguageModel d = LlamaLanguageModel.load(dec, List.of(dir.resolve("decoder").resolve(
                    dec.weights().get(0).path())), dir.resolve("decoder").resolve(dec.tokenizer()), Device.cpu(),
                    ai.djl.ndarray.types.DataType.FLOAT32, new org.skingpt.language.internal.DecodeOptions("auto", 1, 1), 1);
            return new Loaded(e, d);
        }

        @Override
        public void close() {
            encoder.close();
            decoder.close();
        }
    }

    /** What the model answered about one image in one language. */
    record Result(Sample sample, Locale locale, String answer, Optional<Condition> diagnosis, Set<Concept> concepts,
                  String conceptAnswer, String secondAnswer, String secondAnswerFree) {
        boolean correct() {
            return diagnosis.isPresent() && diagnosis.get() == sample.condition();
        }

        /** The same result with answer 2 as the model decodes it without the consistency constraint. */
        Result withoutConstraint() {
            return new Result(sample, locale, answer, diagnosis, concepts, conceptAnswer, secondAnswerFree, null);
        }
    }

    @SuppressWarnings("unchecked")
    static ModelDescriptor descriptor(Path file) throws IOException {
        JsonObject o = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
        Map<String, Object> hyper = new Gson().fromJson(o.get("hyperParameters"), Map.class);
        // Gson reads every number as a double; the configs want integers where they are integral.
        Map<String, Object> fixed = new LinkedHashMap<>();
        hyper.forEach((k, v) -> fixed.put(k, v instanceof Double dv && dv == Math.rint(dv) && !k.contains("eps")
                && !k.contains("theta") ? (Object) dv.intValue() : v));
        JsonObject w = o.getAsJsonArray("weights").get(0).getAsJsonObject();
        return new ModelDescriptor(o.get("name").getAsString(), o.get("version").getAsString(),
                ModelKind.valueOf(o.get("kind").getAsString()), o.get("architecture").getAsString(), fixed,
                o.has("tokenizer") ? o.get("tokenizer").getAsString() : null,
                List.of(new WeightFile(w.get("path").getAsString(), w.get("sha256").getAsString(),
                        w.has("bytes") ? w.get("bytes").getAsLong() : -1)),
                o.get("intendedUse").getAsString(), o.get("synthetic").getAsBoolean());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Cli.parse(args, List.of("model", "out", "images", "ablation", "ablation-images", "threads",
                "max-tokens", "baseline", "baseline-name", "locales", "no-consistency"));
        if (!a.containsKey("model") || !a.containsKey("out")) {
            throw new IllegalArgumentException("--model DIR (with encoder/ and decoder/) and --out FILE are required");
        }
        int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        Runtimes.configure(1);
        GREEDY = GenerationSettings.greedy(Integer.parseInt(a.getOrDefault("max-tokens", "320")), DemoSpec.STOP_STRINGS);
        int images = multipleOf66(Integer.parseInt(a.getOrDefault("images", "330")));
        if (!a.containsKey("no-consistency")) {
            CONSISTENCY = locales(a.getOrDefault("locales", "bundles/locale-en/src/main/resources/locale.properties,"
                    + "bundles/locale-zh-cn/src/main/resources/locale.properties"));
        }
        long started = System.nanoTime();
        StringBuilder md = new StringBuilder();
        Path modelDir = Path.of(a.get("model"));
        List<Result> main;
        try (Loaded model = Loaded.from(modelDir)) {
            main = evaluate(model, images, threads, "model", true);
            header(md, model, images, modelDir);
            if (!CONSISTENCY.isEmpty()) {
                AnswerTwoReport.comparison(md, "answer 2 decoded without the consistency constraint",
                        main.stream().map(Result::withoutConstraint).toList(), main,
                        "with the locale bundles' consistency constraint (as consultations decode it)");
            }
            if (a.containsKey("baseline")) {
                try (Loaded baseline = Loaded.from(Path.of(a.get("baseline")))) {
                    List<Result> before = evaluate(baseline, images, threads, "baseline", true);
                    AnswerTwoReport.comparison(md, a.getOrDefault("baseline-name", "before"), before, main, "this model");
                }
            }
            report(md, main);
            AnswerTwoReport.write(md, main);
            dialogue(md, model, Math.min(images, 132), threads);
            examples(md, model);
        }
        if (a.containsKey("ablation")) {
            int ablationImages = multipleOf66(Integer.parseInt(a.getOrDefault("ablation-images", "132")));
            md.append("\n## Ablation: the two training steps, same budget\n\n");
            md.append("Each variant starts from the same step-0 weights and gets the same number of optimisation steps"
                    + " for steps 1+2 (see `models/demo/ABLATION.md` for the plans); evaluated on the first ")
                    .append(ablationImages).append(" held-out images in each language.\n\n");
            md.append("| variant | diagnosis accuracy en | zh-CN | concept precision en | recall en | precision zh-CN | recall zh-CN |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (String entry : a.get("ablation").split(",")) {
                String[] kv = entry.split("=", 2);
                try (Loaded variant = Loaded.from(Path.of(kv[1]))) {
                    List<Result> r = evaluate(variant, ablationImages, threads, kv[0], false);
                    md.append("| ").append(kv[0]).append(" | ").append(pct(accuracy(r, DemoTrainer.EN))).append(" | ")
                            .append(pct(accuracy(r, DemoTrainer.ZH)));
                    for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
                        double[] pr = conceptPr(r, l);
                        md.append(" | ").append(pct(pr[0])).append(" | ").append(pct(pr[1]));
                    }
                    md.append(" |\n");
                }
            }
        }
        md.append(String.format(Locale.ROOT, "%nEvaluation took %s on %d cores.%n",
                Progress.format((System.nanoTime() - started) / 1e9), Runtime.getRuntime().availableProcessors()));
        Files.writeString(Path.of(a.get("out")), md.toString(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + a.get("out"));
    }

    /** The locale files (comma-separated paths) by their locale: the en and zh-CN of the locale bundles. */
    static Map<Locale, PromptTemplates> locales(String files) throws Exception {
        Map<Locale, PromptTemplates> out = new LinkedHashMap<>();
        for (String f : files.split(",")) {
            List<String> warnings = new ArrayList<>();
            try (java.io.InputStream in = Files.newInputStream(Path.of(f.strip()))) {
                PromptTemplates t = org.skingpt.templates.internal.LocaleFileReader.read(in, "file", warnings);
                out.put(DemoSpec.isChinese(t.locale()) ? DemoTrainer.ZH : DemoTrainer.EN, t);
            }
        }
        return out;
    }

    static int multipleOf66(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("--images must be positive, got " + n);
        }
        if (n % 66 != 0) {
            System.out.println("Note: " + n + " is not a multiple of 66, so conditions and skin types are not exactly"
                    + " balanced.");
        }
        return n;
    }

    /** Answers for held-out images 0..n-1 in both languages. */
    static List<Result> evaluate(Loaded model, int n, int threads, String label, boolean secondAnswer) throws Exception {
        SyntheticGenerator generator = new SyntheticGenerator(DemoSpec.EVAL_SEED, DemoSpec.PAINT_SIZE);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        try {
            List<Future<List<Result>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Sample s = generator.generate(index);
                    ImageEmbedding embedding = model.encoder().encode(ImageSet.rgb(s.image()));
                    List<Result> rs = new ArrayList<>();
                    for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
                        rs.add(answer(model, s, embedding, l, secondAnswer));
                    }
                    int d = done.incrementAndGet();
                    if (d % 33 == 0 || d == n) {
                        double el = (System.nanoTime() - t0) / 1e9;
                        System.out.printf(Locale.ROOT, "[evaluate %s] %d/%d images  elapsed %s  eta %s%n", label, d, n,
                                Progress.format(el), Progress.format(el / d * (n - d)));
                    }
                    return rs;
                }));
            }
            List<Result> all = new ArrayList<>();
            for (Future<List<Result>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Question 1 and, when asked for, question 2 as its follow-up in the same conversation (answer 1 is the
     * same either way: greedy); then the step-1 question in a fresh conversation.
     */
    static Result answer(Loaded model, Sample s, ImageEmbedding embedding, Locale locale, boolean secondAnswer) {
        DialogueWriter w = new DialogueWriter(locale);
        List<String> questions = DialogueWriter.evaluationQuestions(locale);
        String answer;
        String second = null;
        PromptTemplates t = CONSISTENCY.get(locale);
        // Answer 1 as a consultation decodes it: a locale may keep its diagnosis to the encoder's findings.
        GenerationSettings first = t == null ? GREEDY : GREEDY.withConsistency(t.consistency(1, List.of(), embedding.findings()));
        try (Conversation c = model.decoder().openConversation()) {
            answer = c.generate(List.of(PromptPart.text(DemoSpec.beforeImage(locale)), PromptPart.image(embedding),
                    PromptPart.text(DemoSpec.afterImage(questions.get(0)))), first, GenerationListener.ignoring()).text();
            if (secondAnswer) {
                second = c.generate(List.of(PromptPart.text(DemoSpec.followUp(questions.get(1)))), GREEDY,
                        GenerationListener.ignoring()).text();
            }
        }
        String free = null;
        if (secondAnswer && t != null) {
            // Asked again in a new conversation (answer 1 is the same: greedy), now as a consultation decodes
            // answer 2: under the constraint answer 1 establishes.
            free = second;
            try (Conversation c = model.decoder().openConversation()) {
                String again = c.generate(List.of(PromptPart.text(DemoSpec.beforeImage(locale)), PromptPart.image(embedding),
                        PromptPart.text(DemoSpec.afterImage(questions.get(0)))), first, GenerationListener.ignoring()).text();
                second = c.generate(List.of(PromptPart.text(DemoSpec.followUp(questions.get(1)))),
                        GREEDY.withConsistency(t.consistency(2, List.of(again.strip()), embedding.findings())),
                        GenerationListener.ignoring()).text();
            }
        }
        String conceptAnswer = ask(model, embedding, locale, w.step1Question(s));
        return new Result(s, locale, answer, Condition.parseFrom(answer, locale),
                ConceptParser.parse(conceptAnswer, locale), conceptAnswer, second, free);
    }

    private static final Pattern FORM_EN = Pattern.compile(
            "\\s*This could be a skin disease image of [^.]+\\. It shows the following medical features: [^.]+\\..*", Pattern.DOTALL);
    private static final Pattern FORM_ZH = Pattern.compile("\\s*这可能是[^。]+的皮肤病图像。图像具有以下医学特征：[^。]+。.*", Pattern.DOTALL);

    /** Whether answer 1 has the form every step-2 training answer has (DialogueWriter.step2Answer). */
    static boolean inTrainedForm(String answer, Locale locale) {
        return (locale.getLanguage().equals("zh") ? FORM_ZH : FORM_EN).matcher(answer).matches();
    }

    static String ask(Loaded model, ImageEmbedding embedding, Locale locale, String question) {
        try (Conversation c = model.decoder().openConversation()) {
            return c.generate(List.of(PromptPart.text(DemoSpec.beforeImage(locale)), PromptPart.image(embedding),
                    PromptPart.text(DemoSpec.afterImage(question))), GREEDY, GenerationListener.ignoring()).text();
        }
    }

    static double accuracy(List<Result> rs, Locale l) {
        List<Result> r = rs.stream().filter(x -> x.locale().equals(l)).toList();
        return r.stream().filter(Result::correct).count() / (double) r.size();
    }

    /** Micro-averaged precision and recall of the concepts named. */
    static double[] conceptPr(List<Result> rs, Locale l) {
        long tp = 0;
        long predicted = 0;
        long actual = 0;
        for (Result r : rs) {
            if (!r.locale().equals(l)) {
                continue;
            }
            Set<Concept> truth = r.sample().concepts();
            for (Concept c : r.concepts()) {
                if (truth.contains(c)) {
                    tp++;
                }
            }
            predicted += r.concepts().size();
            actual += truth.size();
        }
        return new double[] {predicted == 0 ? 0 : tp / (double) predicted, actual == 0 ? 0 : tp / (double) actual};
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static void header(StringBuilder md, Loaded model, int images, Path dir) {
        md.append("# Evaluation of the SkinGPT demo model\n\n");
        md.append("> **Synthetic demo model — not for clinical use.** Trained and evaluated only on procedurally generated"
                + " images; these numbers say nothing about real patients.\n\n");
        md.append("Models: `").append(model.encoder().descriptor().coordinates()).append("` + `")
                .append(model.decoder().descriptor().coordinates()).append("`, run through the product's inference classes"
                        + " (`MiniGpt4VisionEncoder`, `LlamaLanguageModel`), CPU, greedy decoding.\n\n");
        md.append("Held-out set: ").append(images).append(" images of generator seed ").append(DemoSpec.EVAL_SEED)
                .append(" (training used seed ").append(DemoSpec.TRAIN_SEED).append(", step-0 texts seed ")
                .append(DemoSpec.TEXT_SEED).append("), painted at ").append(DemoSpec.PAINT_SIZE)
                .append(" px like the shipped samples; every condition on every Fitzpatrick type equally often (")
                .append(images / 11).append(" per condition, ").append(images / 6).append(" per type).\n\n");
        md.append("Method: for each image and language, question 1 of the paper (\"Could you describe the skin disease in"
                + " this image for me?\" / \"你能为我描述一下这张图像中的皮肤病吗？\"), answered as a consultation decodes answer 1"
                + " (the locale file's constraint: its diagnosis sentence names the condition the encoder's condition head"
                + " read where that head is at least 90% sure; a model without the head answers free); the diagnosis is"
                + " read from the answer with"
                + " `Condition.parseFrom` (an answer naming no condition or several counts as wrong). Concepts: the step-1"
                + " question in a fresh conversation, the listed features matched exactly against the concept labels.\n\n");
        md.append("Reproduce: `models/demo/evaluate.sh` (see `docs/models.md`).\n\n");
    }

    private static void report(StringBuilder md, List<Result> rs) {
        for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
            List<Result> r = rs.stream().filter(x -> x.locale().equals(l)).toList();
            String name = l.equals(DemoTrainer.EN) ? "English" : "Simplified Chinese";
            md.append("## ").append(name).append("\n\n");
            double acc = accuracy(rs, l);
            md.append("- Diagnosis accuracy: **").append(pct(acc)).append("** (").append(r.stream().filter(Result::correct)
                    .count()).append('/').append(r.size()).append("; goal ≥ 90%)")
                    .append(acc >= 0.9 ? "" : " — **goal missed**").append('\n');
            long unreadable = r.stream().filter(x -> x.diagnosis().isEmpty()).count();
            md.append("- Answers naming no single condition: ").append(unreadable).append('\n');
            // The diagnosis sentence, then the list of features: what a consultation's findings and answer 2 read.
            List<Result> formless = r.stream().filter(x -> !inTrainedForm(x.answer(), x.locale())).toList();
            md.append("- Answers in the trained form (the diagnosis sentence, then the list of features): ")
                    .append(r.size() - formless.size()).append('/').append(r.size());
            formless.stream().limit(3).forEach(x -> md.append("; not: image ").append(x.sample().index()).append(" \"")
                    .append(AnswerTwoReport.oneLine(x.answer(), 80)).append('"'));
            md.append('\n');
            double[] byType = new double[6];
            for (int t = 1; t <= 6; t++) {
                int type = t;
                byType[t - 1] = accuracy(r.stream().filter(x -> x.sample().fitzpatrick() == type).toList());
            }
            md.append("- By Fitzpatrick type: ");
            for (int t = 0; t < 6; t++) {
                md.append(t == 0 ? "" : ", ").append(roman(t + 1)).append(' ').append(pct(byType[t]));
            }
            double typeGap = spread(byType);
            md.append(String.format(Locale.ROOT, "; gap best−worst %.1f points%n", 100 * typeGap));
            double[] byGroup = new double[3];
            for (int g = 0; g < 3; g++) {
                int group = g;
                byGroup[g] = accuracy(r.stream().filter(x -> (x.sample().fitzpatrick() - 1) / 2 == group).toList());
            }
            double groupGap = spread(byGroup);
            md.append(String.format(Locale.ROOT, "- By Fitzpatrick group: I–II %s, III–IV %s, V–VI %s; gap best−worst"
                    + " **%.1f points** (goal ≤ 3)%s%n", pct(byGroup[0]), pct(byGroup[1]), pct(byGroup[2]), 100 * groupGap,
                    100 * groupGap <= 3.0 + 1e-9 ? "" : " — **goal missed**"));
            int perType = r.size() / 6;
            int perGroup = r.size() / 3;
            md.append(String.format(Locale.ROOT, "- For scale (sampling noise alone, if every type had the same %.1f%%"
                    + " accuracy): one image is %.1f points of a type (%d images) and %.1f of a group (%d); the median"
                    + " gap would be %.1f points between types and %.1f between groups; a gap at least as large as the"
                    + " one measured would come by chance in %.0f%% (types) and %.0f%% (groups) of evaluations%n",
                    100 * acc, 100.0 / perType, perType, 100.0 / perGroup, perGroup,
                    100 * samplingGap(acc, perType, 6, -1), 100 * samplingGap(acc, perGroup, 3, -1),
                    100 * samplingGap(acc, perType, 6, typeGap), 100 * samplingGap(acc, perGroup, 3, groupGap)));
            double[] pr = conceptPr(rs, l);
            md.append("- Concepts (micro-averaged): precision **").append(pct(pr[0])).append("**, recall **")
                    .append(pct(pr[1])).append("**\n\n");
            md.append("Confusion matrix (rows: truth, columns: answer; `–` = no single condition named):\n\n");
            md.append("| truth \\ answer |");
            for (Condition c : Condition.values()) {
                md.append(' ').append(c.id()).append(" |");
            }
            md.append(" – | accuracy |\n|---|");
            for (int i = 0; i <= Condition.values().length + 1; i++) {
                md.append("---|");
            }
            md.append('\n');
            for (Condition truth : Condition.values()) {
                md.append("| ").append(truth.id()).append(" |");
                List<Result> row = r.stream().filter(x -> x.sample().condition() == truth).toList();
                for (Condition c : Condition.values()) {
                    long n = row.stream().filter(x -> x.diagnosis().orElse(null) == c).count();
                    md.append(' ').append(n == 0 ? "" : String.valueOf(n)).append(" |");
                }
                long none = row.stream().filter(x -> x.diagnosis().isEmpty()).count();
                md.append(' ').append(none == 0 ? "" : String.valueOf(none)).append(" | ")
                        .append(pct(row.stream().filter(Result::correct).count() / (double) row.size())).append(" |\n");
            }
            md.append('\n');
        }
    }

    /**
     * Questions 2 to 4 as a consultation asks them: the four questions in one conversation. Question 2 is
     * right when its paragraph names the image's true condition (its last sentence does); causes and
     * treatment have one reference text per condition and language, so an answer is scored against those
     * texts: exactly the true condition's text (after trimming), or nearest to it of all conditions' texts
     * with a character-bigram similarity of at least 0.9; and whether it is the text of the condition the
     * model itself named in its first answer (a coherent conversation, right or wrong). Every answer must
     * also be in the question's language.
     */
    private static void dialogue(StringBuilder md, Loaded model, int n, int threads) throws Exception {
        SyntheticGenerator generator = new SyntheticGenerator(DemoSpec.EVAL_SEED, DemoSpec.PAINT_SIZE);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // per locale: the sums of scoreDialogue's counters
        java.util.concurrent.ConcurrentHashMap<Locale, long[]> counts = new java.util.concurrent.ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Sample s = generator.generate(index);
                    ImageEmbedding e = model.encoder().encode(ImageSet.rgb(s.image()));
                    for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
                        List<String> answers = fourAnswers(model, e, l);
                        long[] score = scoreDialogue(s, l, answers);
                        long[] c = counts.computeIfAbsent(l, k -> new long[score.length]);
                        synchronized (c) {
                            for (int k = 0; k < score.length; k++) {
                                c[k] += score[k];
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "[evaluate dialogue] %d images in %s%n", n,
                Progress.format((System.nanoTime() - t0) / 1e9));
        md.append("## Questions 2–4 in one conversation\n\n");
        for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
            int overflows = OVERFLOWS.getOrDefault(l, new AtomicInteger()).get();
            if (overflows > 0) {
                md.append("**").append(overflows).append(" ").append(l.toLanguageTag()).append(" conversations ran out of")
                        .append(" the model's context** before the last answer; their missing answers count as wrong.\n\n");
            }
        }
        md.append("The four questions asked in order in one conversation, as a consultation asks them, on the first ")
                .append(n).append(" held-out images in each language. Question 2 (additional features) counts as right"
                        + " when its paragraph names the true condition. Causes and treatment have one reference text per"
                        + " condition: *exact* is the true condition's text to the character; *right text* is nearest"
                        + " (character-bigram similarity) to the true condition's text of all conditions' texts, with a"
                        + " similarity of at least 0.9; *follows answer 1* is the text of the condition the model named in"
                        + " its own first answer, right or wrong.\n\n");
        md.append("| language | question 1 right | question 2 names the true condition | causes exact | causes right text"
                + " | causes follow answer 1 | treatment exact | treatment right text | treatment follows answer 1"
                + " | answers 2–4 in the question's language |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
            long[] c = counts.getOrDefault(l, new long[DIALOGUE_SCORES]);
            double total = Math.max(1, c[DIALOGUE_SCORES - 1]);
            md.append("| ").append(l.toLanguageTag());
            for (int k = 0; k < DIALOGUE_SCORES - 2; k++) {
                md.append(" | ").append(pct(c[k] / total));
            }
            md.append(" | ").append(pct(c[DIALOGUE_SCORES - 2] / (3 * total))).append(" |\n");
        }
        md.append('\n');
    }

    /** Counters of {@link #scoreDialogue}; the last is the number of conversations. */
    static final int DIALOGUE_SCORES = 10;

    /**
     * Scores one four-question conversation: [question 1 right, question 2 names the true condition, causes
     * exact, causes right text, causes follow answer 1, treatment exact, treatment right text, treatment
     * follows answer 1, answers 2-4 in the question's language (0-3), 1].
     */
    static long[] scoreDialogue(Sample s, Locale l, List<String> answers) {
        DialogueWriter w = new DialogueWriter(l);
        boolean zh = l.equals(DemoTrainer.ZH);
        Condition truth = s.condition();
        Optional<Condition> named = Condition.parseFrom(answers.get(0), l);
        long[] c = new long[DIALOGUE_SCORES];
        c[0] = named.orElse(null) == truth ? 1 : 0;
        c[1] = Condition.parseFrom(answers.get(1), l).orElse(null) == truth ? 1 : 0;
        List<java.util.function.Function<Condition, String>> texts = List.of(w::causes, w::treatment);
        for (int k = 0; k < 2; k++) {
            String answer = answers.get(2 + k).strip();
            java.util.function.Function<Condition, String> text = texts.get(k);
            Condition nearest = null;
            double best = -1;
            for (Condition candidate : Condition.values()) {
                double sim = bigramSimilarity(answer, text.apply(candidate).strip());
                if (sim > best) {
                    best = sim;
                    nearest = candidate;
                }
            }
            c[2 + 3 * k] = answer.equals(text.apply(truth).strip()) ? 1 : 0;
            c[3 + 3 * k] = nearest == truth && best >= 0.9 ? 1 : 0;
            c[4 + 3 * k] = named.isPresent() && nearest == named.get() && best >= 0.9 ? 1 : 0;
        }
        for (int q = 1; q < 4; q++) {
            c[8] += hasChinese(answers.get(q)) == zh && !answers.get(q).isBlank() ? 1 : 0;
        }
        c[9] = 1;
        return c;
    }

    /** Dice coefficient of the character-bigram multisets of two texts (1: same bigrams). */
    static double bigramSimilarity(String a, String b) {
        Map<String, Integer> x = bigrams(a);
        Map<String, Integer> y = bigrams(b);
        int common = 0;
        for (Map.Entry<String, Integer> e : x.entrySet()) {
            common += Math.min(e.getValue(), y.getOrDefault(e.getKey(), 0));
        }
        int total = Math.max(1, a.length() - 1) + Math.max(1, b.length() - 1);
        return 2.0 * common / total;
    }

    private static Map<String, Integer> bigrams(String t) {
        Map<String, Integer> m = new java.util.HashMap<>();
        for (int i = 0; i + 1 < t.length(); i++) {
            m.merge(t.substring(i, i + 2), 1, Integer::sum);
        }
        return m;
    }

    private static List<String> fourAnswers(Loaded model, ImageEmbedding e, Locale l) {
        List<String> out = new ArrayList<>();
        try (Conversation c = model.decoder().openConversation()) {
            List<String> qs = DialogueWriter.evaluationQuestions(l);
            for (int i = 0; i < qs.size(); i++) {
                List<PromptPart> prompt = i == 0
                        ? List.of(PromptPart.text(DemoSpec.beforeImage(l)), PromptPart.image(e),
                                PromptPart.text(DemoSpec.afterImage(qs.get(i))))
                        : List.of(PromptPart.text(DemoSpec.followUp(qs.get(i))));
                // As a consultation decodes them: each answer kept to what the earlier ones stated.
                PromptTemplates t = CONSISTENCY.get(l);
                GenerationSettings settings = t == null ? GREEDY
                        : GREEDY.withConsistency(t.consistency(i + 1, out.stream().map(String::strip).toList(), e.findings()));
                try {
                    out.add(c.generate(prompt, settings, GenerationListener.ignoring()).text());
                } catch (org.skingpt.api.inference.ContextOverflowException overflow) {
                    // A model that talks past its context: the consultation would show the error; here the
                    // missing answers count as wrong, and the report says how often it happened.
                    OVERFLOWS.computeIfAbsent(l, k -> new AtomicInteger()).incrementAndGet();
                    while (out.size() < qs.size()) {
                        out.add("");
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** Four-question conversations per language that ran out of the model's context. */
    private static final Map<Locale, AtomicInteger> OVERFLOWS = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean hasChinese(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    static double accuracy(List<Result> r) {
        return r.stream().filter(Result::correct).count() / (double) Math.max(1, r.size());
    }

    static double spread(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(0) - java.util.Arrays.stream(v).min().orElse(0);
    }

    /**
     * What sampling alone does to the best−worst spread of {@code groups} accuracies when every group has
     * the same true accuracy {@code p} and {@code n} images, over 10,000 simulated evaluations: the median
     * spread when {@code observed < 0}, else the fraction of evaluations whose spread is at least
     * {@code observed}.
     */
    static double samplingGap(double p, int n, int groups, double observed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        double[] gaps = new double[10_000];
        for (int trial = 0; trial < gaps.length; trial++) {
            double[] acc = new double[groups];
            for (int g = 0; g < groups; g++) {
                int right = 0;
                for (int i = 0; i < n; i++) {
                    right += r.nextDouble() < p ? 1 : 0;
                }
                acc[g] = right / (double) n;
            }
            gaps[trial] = spread(acc);
        }
        if (observed >= 0) {
            return java.util.Arrays.stream(gaps).filter(g -> g >= observed - 1e-9).count() / (double) gaps.length;
        }
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    /** The whole four-question dialogue for one held-out image per language. */
    private static void examples(StringBuilder md, Loaded model) {
        SyntheticGenerator generator = new SyntheticGenerator(DemoSpec.EVAL_SEED, DemoSpec.PAINT_SIZE);
        Sample s = generator.generate(0);
        ImageEmbedding e = model.encoder().encode(ImageSet.rgb(s.image()));
        md.append("## Example: the four-question dialogue (held-out image 0, truth: ").append(s.condition().english())
                .append(", Fitzpatrick ").append(s.fitzpatrickRoman()).append(")\n\n");
        for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
            List<String> qs = DialogueWriter.evaluationQuestions(l);
            List<String> answers = fourAnswers(model, e, l);
            for (int i = 0; i < qs.size(); i++) {
                md.append("**Q:** ").append(qs.get(i)).append("\n\n**A:** ").append(answers.get(i).strip()).append("\n\n");
            }
        }
    }

    private static String roman(int t) {
        return new String[] {"I", "II", "III", "IV", "V", "VI"}[t - 1];
    }

}
