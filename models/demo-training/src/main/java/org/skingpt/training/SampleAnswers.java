package org.skingpt.training;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.intake.SanitizedImage;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.consultation.internal.ConsultationConfig;
import org.skingpt.consultation.internal.ConsultationTurn;
import org.skingpt.intake.internal.ImageIntakeComponent;
import org.skingpt.intake.internal.IntakeConfig;
import org.skingpt.templates.internal.LocaleFileReader;

/**
 * Writes {@code models/samples/expected-answers.tsv}: for the shipped demo weights and the
 * distribution's default consultation settings, what a consultation answers on each sample image in
 * each locale — the condition its findings name and a digest of its four standard answers.
 * {@code ConsultationIT} demands exactly these answers from the real distribution, so that a change
 * anywhere between upload and answer (intake, preprocessing, prompt format, tokenizer, decoding,
 * model pairing) shows as a named sample and locale, whatever the model's accuracy.
 *
 * <p>Everything a consultation does is done here with the product's own code: the image through the
 * intake ({@link ImageIntakeComponent}, default limits), the encoder and language model classes of
 * the inference bundles, the locale bundles' {@code locale.properties} read by the locale extender's
 * reader, each question's prompt and settings from {@link ConsultationTurn} (the class the
 * consultation service builds its turns with) under the defaults of {@code ConsultationConfig}, and
 * the findings from the locale's {@link PromptTemplates#findings}. Those defaults decode greedily
 * (temperature 0), so the answers depend on nothing but weights, prompts and pixels.
 *
 * <p>Usage: {@code SampleAnswers --model models/demo --samples models/samples --locales
 * bundles/locale-en/src/main/resources/locale.properties,bundles/locale-zh-cn/src/main/resources/locale.properties
 * --out models/samples/expected-answers.tsv [--threads N]} (all but --threads have these defaults,
 * relative to the working directory).
 */
public final class SampleAnswers {

    /** Sample file names: {@code <condition>_<n>.png}. */
    private static final Pattern SAMPLE = Pattern.compile("([a-z_]+)_(\\d+)\\.png");

    /** Separates the answers in the digested text. */
    static final String SEPARATOR = "\n\u001E\n";

    private SampleAnswers() {
    }

    /** What one consultation answered. */
    record Row(String sample, String locale, String truth, String diagnosis, String digest, List<String> answers,
               List<org.skingpt.api.inference.ImageFinding> findings) {
    }

    /**
     * The digest of a consultation's standard answers (each as recorded, stripped): SHA-256, in
     * lower-case hex, of their UTF-8 bytes joined by {@link #SEPARATOR}. {@code ConsultationIT}
     * computes the same.
     */
    static String digest(List<String> answers) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.join(SEPARATOR, answers).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Cli.parse(args, List.of("model", "samples", "locales", "out", "threads", "readme"));
        Path model = Path.of(a.getOrDefault("model", "models/demo"));
        Path samples = Path.of(a.getOrDefault("samples", "models/samples"));
        Path out = Path.of(a.getOrDefault("out", "models/samples/expected-answers.tsv"));
        List<Path> localeFiles = new ArrayList<>();
        for (String f : a.getOrDefault("locales", "bundles/locale-en/src/main/resources/locale.properties,"
                + "bundles/locale-zh-cn/src/main/resources/locale.properties").split(",")) {
            localeFiles.add(Path.of(f.strip()));
        }
        Runtimes.configure(Integer.parseInt(a.getOrDefault("threads", "1")));
        List<PromptTemplates> locales = new ArrayList<>();
        for (Path f : localeFiles) {
            List<String> warnings = new ArrayList<>();
            try (InputStream in = Files.newInputStream(f)) {
                locales.add(LocaleFileReader.read(in, "file", warnings));
            }
            if (!warnings.isEmpty()) {
                throw new IllegalStateException(f + ": " + warnings);
            }
        }
        GenerationSettings settings = ConsultationTurn.configuredSettings(defaults(ConsultationConfig.class));
        if (!settings.isGreedy()) {
            throw new IllegalStateException("the default consultation settings are not greedy: " + settings
                    + "; the answers would depend on the sampler, not only on the model");
        }
        List<Path> images;
        try (var files = Files.list(samples)) {
            images = files.filter(p -> SAMPLE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IllegalStateException("no <condition>_<n>.png samples in " + samples);
        }
        List<Row> rows = new ArrayList<>();
        ImageIntakeComponent intake = new ImageIntakeComponent(defaults(IntakeConfig.class));
        try (DemoEvaluation.Loaded loaded = DemoEvaluation.Loaded.from(model)) {
            for (Path image : images) {
                Matcher m = SAMPLE.matcher(image.getFileName().toString());
                m.matches();
                for (PromptTemplates t : locales) {
                    rows.add(consult(loaded, intake, t, settings, image, m.group(1)));
                    Row r = rows.get(rows.size() - 1);
                    System.out.printf(Locale.ROOT, "%-28s %-5s truth %-20s answered %-20s %s%n", r.sample(), r.locale(),
                            r.truth(), r.diagnosis(), r.digest().substring(0, 16));
                }
            }
        }
        Files.writeString(out, tsv(rows, model, settings, localeFiles, images.size()), StandardCharsets.UTF_8);
        if (a.containsKey("readme")) {
            Path readme = Path.of(a.get("readme"));
            Files.writeString(readme, withAnswers(Files.readString(readme, StandardCharsets.UTF_8), rows),
                    StandardCharsets.UTF_8);
            System.out.println("Updated the model's answers in " + readme);
        }
        long right = rows.stream().filter(r -> r.truth().equals(r.diagnosis())).count();
        System.out.println("Wrote " + out + ": " + rows.size() + " consultations, " + right + " name the true condition");
    }

    /** One consultation on one sample, as the distribution runs it: start, then the four standard questions. */
    static Row consult(DemoEvaluation.Loaded model, ImageIntakeComponent intake, PromptTemplates t,
                       GenerationSettings configured, Path image, String truth) throws IOException {
        SanitizedImage sanitized = intake.sanitize(Files.readAllBytes(image), t.locale());
        List<ImageEmbedding> embeddings = List.of(model.encoder().encode(intake.pixels(sanitized)));
        List<String> answers = new ArrayList<>();
        try (Conversation c = model.decoder().openConversation()) {
            // As runStandardQuestions asks them: each question as the locale file has it.
            for (String question : t.standardQuestions()) {
                ConsultationTurn turn = ConsultationTurn.next(c, model.decoder(), t, embeddings, question, configured,
                        answers.size() + 1, defaults(ConsultationConfig.class).consistencyConstraint() ? answers : null);
                if (turn.full()) {
                    throw new IllegalStateException(image + ": the consultation is full before question " + question);
                }
                answers.add(c.generate(turn.prompt(), turn.settings(), GenerationListener.ignoring()).text().strip());
            }
        }
        Findings f = t.findings(answers);
        return new Row(image.getFileName().toString(), t.locale().toLanguageTag(), truth, f.conditionCode(),
                digest(answers), answers, embeddings.get(0).findings());
    }

    static String tsv(List<Row> rows, Path model, GenerationSettings settings, List<Path> localeFiles, int images)
            throws IOException {
        StringBuilder s = new StringBuilder();
        String encoder = DemoEvaluation.descriptor(model.resolve("encoder/model.json")).coordinates();
        String decoder = DemoEvaluation.descriptor(model.resolve("decoder/model.json")).coordinates();
        s.append("# What a consultation in the distribution answers on each sample image (models/samples), per locale.\n");
        s.append("# Written by org.skingpt.training.SampleAnswers (models/demo-training); ConsultationIT demands every row.\n");
        s.append("# Regenerate after changing the weights, the locale files' prompts or the consultation defaults:\n");
        s.append("#   models/demo/expected-answers.sh\n");
        s.append("# encoder: ").append(encoder).append(" vision.safetensors sha256 ")
                .append(sha256(model.resolve("encoder/vision.safetensors"))).append('\n');
        s.append("# decoder: ").append(decoder).append(" llm.safetensors sha256 ")
                .append(sha256(model.resolve("decoder/llm.safetensors"))).append('\n');
        s.append("# settings: ").append(settings).append(" (ConsultationConfig defaults; temperature 0 = greedy)\n");
        for (Path f : localeFiles) {
            s.append("# locale file: ").append(f.toString().replace('\\', '/')).append(" sha256 ").append(sha256(f))
                    .append('\n');
        }
        s.append("# Questions: the locale's four standard questions in one conversation. diagnosis: Findings.conditionCode"
                + " (- when none).\n");
        s.append("# answers_sha256: SHA-256 (hex) of the UTF-8 of the four answers, each stripped, joined by"
                + " \"\\n\\u001E\\n\".\n");
        long right = rows.stream().filter(r -> r.truth().equals(r.diagnosis())).count();
        s.append("# ").append(images).append(" images x ").append(localeFiles.size()).append(" locales; ").append(right)
                .append(" of ").append(rows.size()).append(" name the true condition (accuracy is measured by"
                        + " models/demo/evaluate.sh, EVALUATION.md, not by this file).\n");
        s.append("sample\tlocale\ttruth\tdiagnosis\tanswers_sha256\tanswer_1\n");
        for (Row r : rows) {
            s.append(r.sample()).append('\t').append(r.locale()).append('\t').append(r.truth()).append('\t')
                    .append(r.diagnosis().isEmpty() ? "-" : r.diagnosis()).append('\t').append(r.digest()).append('\t')
                    .append(escape(r.answers().get(0))).append('\n');
        }
        return s.toString();
    }

    static final String ANSWERS_START = "<!-- model-answers: written by models/demo/expected-answers.sh -->";
    static final String ANSWERS_END = "<!-- /model-answers -->";
    /** The samples whose first two answers the README shows in full (the two of issue 23's report). */
    static final List<String> SHOWN = List.of("melanoma_1.png", "psoriasis_1.png");

    /**
     * The README with its section of the model's own answers 1 and 2 on {@link #SHOWN} replaced (or added
     * before the step-2 reference answers): what a clinician reads in the console, word for word.
     */
    static String withAnswers(String readme, List<Row> rows) {
        StringBuilder b = new StringBuilder(ANSWERS_START).append("\n## What the demo model answers (questions 1 and 2)\n\n");
        b.append("> **Synthetic demo model — not for clinical use.** Its answers describe procedurally painted images.\n\n");
        b.append("The shipped weights' answers to the first two standard questions of a consultation, asked in one"
                + " conversation with the distribution's default settings (greedy; answer 2 under the locale bundle's"
                + " consistency constraint, which keeps it from contradicting answer 1 — see"
                + " [docs/models.md](../../docs/models.md#consistency-of-later-answers)), as `expected-answers.tsv` records"
                + " them. Whether answer 2 agrees with answer 1, with the image and with the other language is measured"
                + " on 1,320 held-out images in [EVALUATION.md](../demo/EVALUATION.md).\n\n");
        for (String sample : SHOWN) {
            for (Row r : rows) {
                if (!r.sample().equals(sample)) {
                    continue;
                }
                b.append("**").append(sample).append("**, ").append(r.locale()).append(" (painted: ").append(r.truth())
                        .append("; the encoder's heads read: ").append(r.findings().isEmpty() ? "nothing"
                                : String.join(", ", r.findings().stream().map(f -> String.format(java.util.Locale.ROOT,
                                        "%s %s (%.1f%%)", f.name(), f.value(), 100 * f.probability())).toList()))
                        .append(")\n\n");
                for (int i = 0; i < 2 && i < r.answers().size(); i++) {
                    b.append("> **").append(i + 1).append(".** ").append(r.answers().get(i).replace("\n", " ")).append("\n>\n");
                }
                b.setLength(b.length() - 2);
                b.append("\n\n");
            }
        }
        b.append(ANSWERS_END);
        int start = readme.indexOf(ANSWERS_START);
        int end = readme.indexOf(ANSWERS_END);
        if (start >= 0 && end > start) {
            return readme.substring(0, start) + b + readme.substring(end + ANSWERS_END.length());
        }
        int at = readme.indexOf("## Step-2 reference answers");
        return at < 0 ? readme + "\n" + b + "\n" : readme.substring(0, at) + b + "\n\n" + readme.substring(at);
    }

    /** Tabs, line breaks and backslashes written as {@code \t}, {@code \n}, {@code \\}, so that a row is one line. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }

    /** A configuration whose every value is its declared default, as Declarative Services gives without a file. */
    static <T> T defaults(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object value = method.getDefaultValue();
            if (value == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName() + " has no default");
            }
            return value;
        }));
    }
}
