package org.skingpt.training;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.skingpt.synthetic.Concept;
import org.skingpt.synthetic.Sample;
import org.skingpt.training.AnswerClaims.Contradiction;

/**
 * Issue 23's measures of answer 2 ("Please provide a paragraph listing additional features you observed in the
 * image"), asked as the follow-up of answer 1 in one conversation, on every held-out image in both languages:
 * self-consistency (does it contradict answer 1), grounding (does it match the image's ground truth), and
 * cross-language agreement (do the English and Chinese consultations of one image say the same).
 */
final class AnswerTwoReport {

    static final double CONTRADICTION_GOAL = 0.02;
    static final double GROUNDING_PRECISION_GOAL = 0.90;
    static final double CROSS_LANGUAGE_DIAGNOSIS_GOAL = 0.95;

    /** The ground-truth fields answer 2 is checked against. */
    enum Field {
        LESION_COUNT("lesion count"), SIZE_CLASS("size class"), SKIN_TYPE("Fitzpatrick type"), BORDER("border"),
        COLOURS("colours");

        final String label;

        Field(String label) {
            this.label = label;
        }
    }

    /** Counts for one language. {@code grounding[field] = {claims, right claims, truth items, truth items stated}}. */
    static final class LanguageStats {
        int consultations;
        int withContradiction;
        final Map<Contradiction, Integer> kinds = new EnumMap<>(Contradiction.class);
        final long[][] grounding = new long[Field.values().length][4];
        final List<String> examples = new ArrayList<>();
        int wellFormed;
        final List<String> malformed = new ArrayList<>();
        final Map<String, Integer> flaws = new java.util.TreeMap<>();

        double wellFormedShare() {
            return wellFormed / (double) Math.max(1, consultations);
        }

        double contradictionShare() {
            return withContradiction / (double) Math.max(1, consultations);
        }

        double precision() {
            long claims = 0;
            long right = 0;
            for (long[] g : grounding) {
                claims += g[0];
                right += g[1];
            }
            return right / (double) Math.max(1, claims);
        }

        double recall() {
            long truth = 0;
            long stated = 0;
            for (long[] g : grounding) {
                truth += g[2];
                stated += g[3];
            }
            return stated / (double) Math.max(1, truth);
        }
    }

    /** Agreement of the English and Chinese consultations of the same images. */
    static final class CrossStats {
        int images;
        int diagnosisAgree;
        int skinTypeBoth;
        int skinTypeAgree;
        int countOneBoth;
        int countOneAgree;
        int countTwoBoth;
        int countTwoAgree;
        /** Of the images where the diagnoses differ: only English right, only Chinese right, neither. */
        int onlyEnRight;
        int onlyZhRight;
        int neitherRight;
        /** Differing diagnoses by true condition. */
        final Map<org.skingpt.synthetic.Condition, Integer> differByTruth = new java.util.TreeMap<>();

        double diagnosisAgreement() {
            return diagnosisAgree / (double) Math.max(1, images);
        }
    }

    private AnswerTwoReport() {
    }

    static LanguageStats stats(List<DemoEvaluation.Result> results, Locale locale) {
        LanguageStats st = new LanguageStats();
        for (DemoEvaluation.Result r : results) {
            if (!r.locale().equals(locale) || r.secondAnswer() == null) {
                continue;
            }
            AnswerClaims one = AnswerClaims.ofAnswerOne(r.answer(), locale);
            AnswerClaims two = AnswerClaims.ofAnswerTwo(r.secondAnswer(), locale);
            Set<Contradiction> found = one.contradictions(two);
            st.consultations++;
            if (!found.isEmpty()) {
                st.withContradiction++;
                if (st.examples.size() < 3) {
                    st.examples.add("image " + r.sample().index() + " " + found + ": answer 1 \"" + oneLine(r.answer())
                            + "\" — answer 2 \"" + oneLine(r.secondAnswer()) + "\"");
                }
            }
            for (Contradiction c : found) {
                st.kinds.merge(c, 1, Integer::sum);
            }
            ground(st.grounding, two, r.sample());
            String flaw = flaw(r.secondAnswer(), locale);
            if (flaw == null) {
                st.wellFormed++;
                continue;
            }
            st.flaws.merge(flaw, 1, Integer::sum);
            if (st.malformed.size() < 2) {
                st.malformed.add("image " + r.sample().index() + " (" + flaw + "): \"" + oneLine(r.secondAnswer()) + "\"");
            }
        }
        return st;
    }

    /** Words (English) or characters (Chinese) that, said twice in one answer 2, make a loop, not a description. */
    static final int REPEATED_WORDS = 5;
    static final int REPEATED_CHARACTERS = 8;

    /**
     * Whether a run of {@link #REPEATED_WORDS} words (English; punctuation ignored) or {@link #REPEATED_CHARACTERS}
     * characters (Chinese) occurs twice. The training texts of answer 2 never do (AnswerTwoReportTest), so a model
     * that does is looping, even where the second sentence is not an exact copy of the first.
     */
    static boolean repeatsAPhrase(String answer, Locale locale) {
        Set<String> seen = new java.util.HashSet<>();
        if (locale.equals(DemoTrainer.ZH)) {
            String t = answer.replaceAll("\\s+", "");
            for (int i = 0; i + REPEATED_CHARACTERS <= t.length(); i++) {
                if (!seen.add(t.substring(i, i + REPEATED_CHARACTERS))) {
                    return true;
                }
            }
            return false;
        }
        String[] words = answer.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", " ").strip().split("\\s+");
        for (int i = 0; i + REPEATED_WORDS <= words.length; i++) {
            if (!seen.add(String.join(" ", java.util.Arrays.copyOfRange(words, i, i + REPEATED_WORDS)))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern LATIN_WORD = java.util.regex.Pattern.compile("[A-Za-z]+");

    /**
     * What makes answer 2 unfit to show, or {@code null}: words of the other language (a Chinese answer may write
     * "Fitzpatrick" and a Roman numeral, as the training texts do), a sentence said twice (a decoding loop), no
     * full stop at the end (cut off at the token limit). A constraint that pushes the model off its path shows here.
     */
    static String flaw(String answer, Locale locale) {
        String a = answer.strip();
        if (a.isEmpty()) {
            return "empty";
        }
        if (locale.equals(DemoTrainer.ZH)) {
            java.util.regex.Matcher m = LATIN_WORD.matcher(a);
            while (m.find()) {
                if (!m.group().equals("Fitzpatrick") && !m.group().matches("[IVX]+")) {
                    return "English in a Chinese answer";
                }
            }
        } else if (a.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
            return "Chinese in an English answer";
        }
        Set<String> sentences = new java.util.HashSet<>();
        for (String sentence : a.split("(?<=\\.)\\s+|(?<=\u3002)")) {
            String t = sentence.strip();
            if (t.length() >= 4 && !sentences.add(t)) {
                return "a sentence repeated";
            }
        }
        if (repeatsAPhrase(a, locale)) {
            return "a phrase repeated";
        }
        char last = a.charAt(a.length() - 1);
        return last == '.' || last == '\u3002' ? null : "cut off";
    }

    /** Adds answer 2's claims about one image to the grounding counts. */
    static void ground(long[][] g, AnswerClaims two, Sample s) {
        Set<Concept> truth = s.concepts();
        single(g[Field.LESION_COUNT.ordinal()], two.multiple(), Optional.of(truth.contains(Concept.MULTIPLE)));
        single(g[Field.SIZE_CLASS.ordinal()], two.sizeClass(), truth.stream()
                .filter(c -> c == Concept.SIZE_SMALL || c == Concept.SIZE_MEDIUM || c == Concept.SIZE_LARGE).findFirst());
        single(g[Field.SKIN_TYPE.ordinal()], two.fitzpatrick().isPresent() ? Optional.of(two.fitzpatrick().getAsInt())
                : Optional.empty(), Optional.of(s.fitzpatrick()));
        several(g[Field.BORDER.ordinal()], two.borders(), truth, AnswerClaims.BORDERS);
        several(g[Field.COLOURS.ordinal()], two.colours(), truth, AnswerClaims.COLOURS);
    }

    private static <T> void single(long[] g, Optional<T> claim, Optional<T> truth) {
        if (claim.isPresent()) {
            g[0]++;
            g[1] += claim.equals(truth) ? 1 : 0;
        }
        if (truth.isPresent()) {
            g[2]++;
            g[3] += claim.equals(truth) ? 1 : 0;
        }
    }

    private static void several(long[] g, Set<Concept> claims, Set<Concept> truth, Set<Concept> field) {
        for (Concept c : claims) {
            g[0]++;
            g[1] += truth.contains(c) ? 1 : 0;
        }
        for (Concept c : truth) {
            if (field.contains(c)) {
                g[2]++;
                g[3] += claims.contains(c) ? 1 : 0;
            }
        }
    }

    static CrossStats cross(List<DemoEvaluation.Result> results) {
        Map<Integer, DemoEvaluation.Result> en = new HashMap<>();
        Map<Integer, DemoEvaluation.Result> zh = new HashMap<>();
        for (DemoEvaluation.Result r : results) {
            (r.locale().equals(DemoTrainer.EN) ? en : zh).put(r.sample().index(), r);
        }
        CrossStats c = new CrossStats();
        for (Map.Entry<Integer, DemoEvaluation.Result> e : en.entrySet()) {
            DemoEvaluation.Result z = zh.get(e.getKey());
            if (z == null || e.getValue().secondAnswer() == null || z.secondAnswer() == null) {
                continue;
            }
            c.images++;
            if (e.getValue().diagnosis().isPresent() && e.getValue().diagnosis().equals(z.diagnosis())) {
                c.diagnosisAgree++;
            } else {
                boolean enRight = e.getValue().correct();
                boolean zhRight = z.correct();
                if (enRight) {
                    c.onlyEnRight++;
                } else if (zhRight) {
                    c.onlyZhRight++;
                } else {
                    c.neitherRight++;
                }
                c.differByTruth.merge(e.getValue().sample().condition(), 1, Integer::sum);
            }
            AnswerClaims oneEn = AnswerClaims.ofAnswerOne(e.getValue().answer(), DemoTrainer.EN);
            AnswerClaims oneZh = AnswerClaims.ofAnswerOne(z.answer(), DemoTrainer.ZH);
            AnswerClaims twoEn = AnswerClaims.ofAnswerTwo(e.getValue().secondAnswer(), DemoTrainer.EN);
            AnswerClaims twoZh = AnswerClaims.ofAnswerTwo(z.secondAnswer(), DemoTrainer.ZH);
            if (twoEn.fitzpatrick().isPresent() && twoZh.fitzpatrick().isPresent()) {
                c.skinTypeBoth++;
                c.skinTypeAgree += twoEn.fitzpatrick().getAsInt() == twoZh.fitzpatrick().getAsInt() ? 1 : 0;
            }
            if (oneEn.multiple().isPresent() && oneZh.multiple().isPresent()) {
                c.countOneBoth++;
                c.countOneAgree += oneEn.multiple().equals(oneZh.multiple()) ? 1 : 0;
            }
            if (twoEn.multiple().isPresent() && twoZh.multiple().isPresent()) {
                c.countTwoBoth++;
                c.countTwoAgree += twoEn.multiple().equals(twoZh.multiple()) ? 1 : 0;
            }
        }
        return c;
    }

    /** The section of EVALUATION.md on answer 2. */
    static void write(StringBuilder md, List<DemoEvaluation.Result> results) {
        md.append("## Answer 2: agreement with answer 1, with the image and across languages\n\n");
        md.append("Question 2 (\"Please provide a paragraph listing additional features you observed in the image.\" /"
                + " \"请用一段话列出你在图像中观察到的其他特征。\") asked as the follow-up of question 1 in the same conversation,"
                + " as a consultation asks it, on every held-out image above. What each answer states is read from its"
                + " text (`AnswerClaims`): answer 1 from its list of features and its skin-type sentence, answer 2 by its"
                + " phrases. *Contradiction*: something stated in both answers with different values — lesion count,"
                + " size class, a diameter outside the size class stated in either answer, a lesion type replaced by"
                + " another (patch vs plaque; an added one is no contradiction), border regular vs irregular or"
                + " well-demarcated vs ill-defined, colours that share nothing or lighter vs darker pigment, skin type,"
                + " the condition named. *Grounding*: answer 2's statements of lesion count, size class, Fitzpatrick"
                + " type, border and colours against the image's ground truth (precision: of what it states; recall: of"
                + " what is true, how much it states).\n\n");
        md.append("| language | consultations | answer 2 contradicts answer 1 (goal ≤ 2%) | kinds | grounding precision"
                + " (goal ≥ 90%) | grounding recall | answer 2 well formed |\n|---|---|---|---|---|---|---|\n");
        Map<Locale, LanguageStats> all = new java.util.LinkedHashMap<>();
        for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
            LanguageStats st = stats(results, l);
            all.put(l, st);
            StringBuilder kinds = new StringBuilder();
            st.kinds.forEach((k, n) -> kinds.append(kinds.length() == 0 ? "" : "; ").append(k.description()).append(": ")
                    .append(n));
            md.append("| ").append(l.toLanguageTag()).append(" | ").append(st.consultations).append(" | **")
                    .append(DemoEvaluation.pct(st.contradictionShare())).append("** (").append(st.withContradiction)
                    .append(")").append(met(st.contradictionShare() <= CONTRADICTION_GOAL)).append(" | ")
                    .append(kinds.length() == 0 ? "none" : kinds).append(" | **").append(DemoEvaluation.pct(st.precision()))
                    .append("**").append(met(st.precision() >= GROUNDING_PRECISION_GOAL)).append(" | ")
                    .append(DemoEvaluation.pct(st.recall())).append(" | ").append(DemoEvaluation.pct(st.wellFormedShare()))
                    .append(" (").append(st.wellFormed).append(") |\n");
        }
        md.append("\n*Well formed*: in the question's language (a Chinese answer may write \"Fitzpatrick\" and a Roman"
                + " numeral), no sentence said twice, no run of "
                + REPEATED_WORDS + " words (English) or " + REPEATED_CHARACTERS + " characters (Chinese) said twice"
                + " (the training texts never repeat one), ending with a full stop.\n");
        md.append("\nGrounding by field (precision / recall; claims made):\n\n| field |");
        for (Locale l : all.keySet()) {
            md.append(' ').append(l.toLanguageTag()).append(" |");
        }
        md.append("\n|---|---|---|\n");
        for (Field f : Field.values()) {
            md.append("| ").append(f.label).append(" |");
            for (LanguageStats st : all.values()) {
                long[] g = st.grounding[f.ordinal()];
                md.append(' ').append(DemoEvaluation.pct(g[1] / (double) Math.max(1, g[0]))).append(" / ")
                        .append(DemoEvaluation.pct(g[3] / (double) Math.max(1, g[2]))).append("; ").append(g[0]).append(" |");
            }
            md.append('\n');
        }
        CrossStats c = cross(results);
        md.append("\nCross-language agreement (the English and the Chinese consultation of the same ").append(c.images)
                .append(" images):\n\n");
        md.append("- same diagnosis (answer 1): **").append(DemoEvaluation.pct(c.diagnosisAgreement())).append("** (")
                .append(c.diagnosisAgree).append('/').append(c.images).append("; goal ≥ 95%)")
                .append(met(c.diagnosisAgreement() >= CROSS_LANGUAGE_DIAGNOSIS_GOAL)).append('\n');
        int differ = c.images - c.diagnosisAgree;
        if (differ > 0) {
            StringBuilder byTruth = new StringBuilder();
            c.differByTruth.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                    .forEach(x -> byTruth.append(byTruth.length() == 0 ? "" : ", ").append(x.getKey().id())
                            .append(' ').append(x.getValue()));
            md.append("  - of the ").append(differ).append(" that differ: only the English one right ")
                    .append(c.onlyEnRight).append(", only the Chinese one right ").append(c.onlyZhRight)
                    .append(", neither ").append(c.neitherRight).append("; by true condition: ").append(byTruth)
                    .append('\n');
        }
        md.append("- same Fitzpatrick type (answer 2): ").append(share(c.skinTypeAgree, c.skinTypeBoth)).append('\n');
        md.append("- same lesion count: answer 1 ").append(share(c.countOneAgree, c.countOneBoth)).append(", answer 2 ")
                .append(share(c.countTwoAgree, c.countTwoBoth)).append("\n\n");
        for (Map.Entry<Locale, LanguageStats> e : all.entrySet()) {
            if (!e.getValue().malformed.isEmpty()) {
                md.append("First answers 2 not well formed (").append(e.getKey().toLanguageTag()).append("; of all: ")
                        .append(e.getValue().flaws.toString().replaceAll("[{}]", "").replace("=", ": ")).append("):\n\n");
                for (String x : e.getValue().malformed) {
                    md.append("- ").append(x).append('\n');
                }
                md.append('\n');
            }
        }
        for (Map.Entry<Locale, LanguageStats> e : all.entrySet()) {
            if (!e.getValue().examples.isEmpty()) {
                md.append("First contradictions found (").append(e.getKey().toLanguageTag()).append("):\n\n");
                for (String x : e.getValue().examples) {
                    md.append("- ").append(x).append('\n');
                }
                md.append('\n');
            }
        }
    }

    /** A table of the model before and after, on the same held-out images. */
    static void comparison(StringBuilder md, String beforeName, List<DemoEvaluation.Result> before,
                           List<DemoEvaluation.Result> after, String afterName) {
        md.append("## Before and after: ").append(beforeName).append(" (same held-out images)\n\n");
        md.append("*").append(beforeName).append("* against *").append(afterName).append("*; every figure is defined in"
                + " the sections below.\n\n");
        md.append("| measure | ").append(beforeName).append(" | ").append(afterName).append(" |\n|---|---|---|\n");
        for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
            String t = l.toLanguageTag();
            row(md, "diagnosis accuracy " + t, DemoEvaluation.accuracy(before, l), DemoEvaluation.accuracy(after, l));
            md.append("| Fitzpatrick group gap ").append(t).append(" | ").append(points(groupGap(before, l))).append(" | ")
                    .append(points(groupGap(after, l))).append(" |\n");
            double[] cb = DemoEvaluation.conceptPr(before, l);
            double[] ca = DemoEvaluation.conceptPr(after, l);
            row(md, "concept precision " + t, cb[0], ca[0]);
            row(md, "concept recall " + t, cb[1], ca[1]);
            LanguageStats sb = stats(before, l);
            LanguageStats sa = stats(after, l);
            row(md, "answer 2 contradicts answer 1 " + t, sb.contradictionShare(), sa.contradictionShare());
            row(md, "answer 2 grounding precision " + t, sb.precision(), sa.precision());
            row(md, "answer 2 grounding recall " + t, sb.recall(), sa.recall());
            row(md, "answer 2 well formed " + t, sb.wellFormedShare(), sa.wellFormedShare());
        }
        row(md, "same diagnosis in both languages", cross(before).diagnosisAgreement(), cross(after).diagnosisAgreement());
        md.append('\n');
    }

    static double groupGap(List<DemoEvaluation.Result> rs, Locale l) {
        double[] byGroup = new double[3];
        for (int g = 0; g < 3; g++) {
            int group = g;
            byGroup[g] = DemoEvaluation.accuracy(rs.stream().filter(x -> x.locale().equals(l)
                    && (x.sample().fitzpatrick() - 1) / 2 == group).toList());
        }
        return DemoEvaluation.spread(byGroup);
    }

    private static void row(StringBuilder md, String name, double before, double after) {
        md.append("| ").append(name).append(" | ").append(DemoEvaluation.pct(before)).append(" | ")
                .append(DemoEvaluation.pct(after)).append(" |\n");
    }

    private static String points(double gap) {
        return String.format(Locale.ROOT, "%.1f points", 100 * gap);
    }

    private static String share(int agree, int both) {
        return DemoEvaluation.pct(agree / (double) Math.max(1, both)) + " (" + agree + "/" + both + " where both state it)";
    }

    private static String met(boolean met) {
        return met ? " — met" : " — **missed**";
    }

    private static String oneLine(String s) {
        return oneLine(s, 300);
    }

    /** {@code s} on one line, cut after {@code max} characters with "…". */
    static String oneLine(String s, int max) {
        String t = s.strip().replace('\n', ' ');
        return t.length() > max ? t.substring(0, max) + "…" : t;
    }
}
