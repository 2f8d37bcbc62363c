package org.skingpt.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the training and evaluation texts for a {@link Sample} in English or Simplified Chinese.
 *
 * <ul>
 *   <li>the four questions of the SkinGPT-4 clinical evaluation with answers built from the sample's
 *       concepts, metadata and condition ({@link #evaluationDialogue});</li>
 *   <li>step-1 (concept alignment) answers: "This is a skin disease image with the following medical
 *       features: …" ({@link #step1Answer});</li>
 *   <li>step-2 (diagnosis) answers: "This could be a skin disease image of …", then the same concepts
 *       ({@link #step2Answer}).</li>
 * </ul>
 *
 * <p>Every answer names at most one condition, the sample's own, using its canonical name, so
 * {@link Condition#parseFrom} reads it back. Answers to the first and fourth question end with a note that
 * the output is not a diagnosis; skin cancers add advice to see a dermatologist urgently. Instances are
 * immutable and thread-safe.
 */
public final class DialogueWriter {

    /** One question and its answer. */
    public record Turn(String question, String answer) {
    }

    /** The four fixed prompts of the SkinGPT-4 clinical evaluation, in English. */
    public static final List<String> EVALUATION_QUESTIONS_EN = List.of(
            "Could you describe the skin disease in this image for me?",
            "Please provide a paragraph listing additional features you observed in the image.",
            "Based on the previous information, please provide a detailed explanation of the cause of this skin"
                    + " disease.",
            "What treatment and medication should be recommended for this case?");

    /** The same four prompts in Simplified Chinese. */
    public static final List<String> EVALUATION_QUESTIONS_ZH = List.of(
            "你能为我描述一下这张图像中的皮肤病吗？",
            "请用一段话列出你在图像中观察到的其他特征。",
            "根据以上信息，请详细解释这种皮肤病的病因。",
            "对于这种情况，应推荐哪些治疗和药物？");

    private static final List<String> STEP1_QUESTIONS_EN = List.of(
            "Describe the medical features of the skin in this image.",
            "What clinical features can you see in this skin image?",
            "Please list the dermatological features visible in this image.",
            "Which skin lesion characteristics are present in this image?");
    private static final List<String> STEP1_QUESTIONS_ZH = List.of(
            "请描述这张图像中皮肤的医学特征。",
            "你能在这张皮肤图像中看到哪些临床特征？",
            "请列出图像中可见的皮肤病学特征。",
            "这张图像中有哪些皮损特征？");
    private static final List<String> STEP2_QUESTIONS_EN = List.of(
            "Could you describe the skin disease in this image for me?",
            "What skin disease could this be? Please describe the image.",
            "Please describe this skin lesion and suggest what it could be.");
    private static final List<String> STEP2_QUESTIONS_ZH = List.of(
            "你能为我描述一下这张图像中的皮肤病吗？",
            "这可能是什么皮肤病？请描述这张图像。",
            "请描述这个皮损，并说明它可能是什么。");

    private static final Locale ZH_CN = Locale.forLanguageTag("zh-CN");

    private final Locale locale;
    private final boolean zh;

    /** @param locale {@code en} or a Chinese locale ({@code zh-CN}); other languages fall back to English */
    public DialogueWriter(Locale locale) {
        this.zh = Texts.isChinese(locale);
        this.locale = zh ? ZH_CN : Locale.ENGLISH;
    }

    /** The effective locale: {@code en} or {@code zh-CN}. */
    public Locale locale() {
        return locale;
    }

    /** The four evaluation prompts in a locale. */
    public static List<String> evaluationQuestions(Locale locale) {
        return Texts.isChinese(locale) ? EVALUATION_QUESTIONS_ZH : EVALUATION_QUESTIONS_EN;
    }

    /** The four evaluation questions with their reference answers for a sample. */
    public List<Turn> evaluationDialogue(Sample s) {
        List<String> q = evaluationQuestions(locale);
        return List.of(
                new Turn(q.get(0), describe(s)),
                new Turn(q.get(1), additionalFeatures(s)),
                new Turn(q.get(2), causes(s.condition())),
                new Turn(q.get(3), treatment(s.condition())));
    }

    /** A step-1 prompt, chosen deterministically per sample from a few phrasings. */
    public String step1Question(Sample s) {
        List<String> l = zh ? STEP1_QUESTIONS_ZH : STEP1_QUESTIONS_EN;
        return l.get(pick(s, 1, l.size()));
    }

    /** A step-2 prompt, chosen deterministically per sample from a few phrasings. */
    public String step2Question(Sample s) {
        List<String> l = zh ? STEP2_QUESTIONS_ZH : STEP2_QUESTIONS_EN;
        return l.get(pick(s, 2, l.size()));
    }

    private static int pick(Sample s, int salt, int n) {
        long h = Rng.mix(s.seed() * 31 + salt, s.index());
        return (int) Math.floorMod(h, (long) n);
    }

    /** Step-1 answer: the list of concepts, no diagnosis. */
    public String step1Answer(Sample s) {
        List<String> names = new ArrayList<>();
        for (Concept c : s.concepts()) {
            names.add(c.label(locale));
        }
        if (zh) {
            return "这是一张皮肤病图像，具有以下医学特征：" + String.join("、", names) + "。";
        }
        return "This is a skin disease image with the following medical features: " + joinEn(names) + ".";
    }

    /**
     * Step-2 answer: the diagnosis sentence, then the concepts it rests on (and urgency for cancers). The
     * diagnosis comes first so that the model names it from the image; after a generated concept list, it
     * followed the list, and one wrong concept early in the list was enough to turn a melanoma into a
     * seborrheic keratosis (docs/models.md).
     */
    public String step2Answer(Sample s) {
        StringBuilder b = new StringBuilder(diagnosisSentence(s.condition()));
        b.append(zh ? "" : " ").append(featuresSentence(s));
        if (s.condition().malignant()) {
            b.append(zh ? "" : " ").append(zh ? Texts.URGENT_ZH : Texts.URGENT_EN);
        }
        return b.toString();
    }

    /** "It shows the following medical features: a, b and c." / "图像具有以下医学特征：a、b、c。" */
    String featuresSentence(Sample s) {
        List<String> names = new ArrayList<>();
        for (Concept c : s.concepts()) {
            names.add(c.label(locale));
        }
        if (zh) {
            return "图像具有以下医学特征：" + String.join("、", names) + "。";
        }
        return "It shows the following medical features: " + joinEn(names) + ".";
    }

    /** "This could be a skin disease image of X." / "这可能是X的皮肤病图像。" */
    public String diagnosisSentence(Condition c) {
        return zh ? "这可能是" + c.chinese() + "的皮肤病图像。" : "This could be a skin disease image of " + c.english() + ".";
    }

    /** Note that the text is not a diagnosis. */
    public String disclaimer() {
        return zh ? Texts.DISCLAIMER_ZH : Texts.DISCLAIMER_EN;
    }

    /** Plain description of a condition. */
    public String description(Condition c) {
        return Texts.clinical(c, locale).description();
    }

    /** Answer to question 3: causes. */
    public String causes(Condition c) {
        return Texts.clinical(c, locale).causes();
    }

    /** Answer to question 4: treatment and medication, with the not-a-diagnosis note. */
    public String treatment(Condition c) {
        return Texts.clinical(c, locale).treatment() + (zh ? "" : " ") + disclaimer();
    }

    /** Answer to question 1: morphology from the concepts, the diagnosis sentence, a description. */
    public String describe(Sample s) {
        StringBuilder b = new StringBuilder(morphology(s));
        String sep = zh ? "" : " ";
        b.append(sep).append(diagnosisSentence(s.condition()));
        b.append(sep).append(description(s.condition()));
        if (s.condition().malignant()) {
            b.append(sep).append(zh ? Texts.URGENT_ZH : Texts.URGENT_EN);
        }
        b.append(sep).append(disclaimer());
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------ morphology

    private static final Concept[] PRIMARY = {
        Concept.MACULE, Concept.PATCH, Concept.PAPULE, Concept.PLAQUE, Concept.NODULE, Concept.WHEAL};
    private static final Concept[] COLOURS = {
        Concept.PEARLY, Concept.ANNULAR, Concept.ERYTHEMA, Concept.HYPERPIGMENTATION, Concept.BLACK,
        Concept.BLUE_GRAY, Concept.DEPIGMENTATION, Concept.HYPOPIGMENTATION};
    private static final Concept[] BORDERS = {
        Concept.ASYMMETRY, Concept.BORDER_IRREGULAR, Concept.BORDER_REGULAR, Concept.WELL_DEMARCATED,
        Concept.ILL_DEFINED, Concept.CENTRAL_CLEARING};
    private static final Concept[] FEATURES = {
        Concept.COLOR_VARIEGATION, Concept.SCALE, Concept.CRUST, Concept.ULCER, Concept.EXCORIATION,
        Concept.LICHENIFICATION, Concept.VERRUCOUS, Concept.STUCK_ON, Concept.TELANGIECTASIA, Concept.CONFLUENT,
        Concept.PUSTULE, Concept.COMEDO, Concept.PHOTODAMAGE};

    /** Primary lesion types to name as the main noun; a papule beside a larger plaque or patch is secondary. */
    private static List<Concept> primaries(Set<Concept> c) {
        List<Concept> out = new ArrayList<>();
        if (c.contains(Concept.WHEAL)) {
            out.add(Concept.WHEAL);
            return out;
        }
        boolean large = c.contains(Concept.PLAQUE) || c.contains(Concept.PATCH);
        for (Concept p : PRIMARY) {
            if (c.contains(p) && !(p == Concept.PAPULE && large)) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean secondaryPapules(Set<Concept> c) {
        return c.contains(Concept.PAPULE) && !primaries(c).contains(Concept.PAPULE);
    }

    /** One sentence (EN) or clause (ZH) describing the morphology from the concepts. */
    public String morphology(Sample s) {
        Set<Concept> c = s.concepts();
        boolean multiple = c.contains(Concept.MULTIPLE);
        String diameter = metaNumber(s.metadata(), "lesionDiameterMm");
        List<String> colours = new ArrayList<>();
        for (Concept k : COLOURS) {
            if (c.contains(k)) {
                colours.add(zh ? colourZh(k) : colourEn(k));
            }
        }
        List<String> nouns = new ArrayList<>();
        for (Concept k : primaries(c)) {
            nouns.add(zh ? nounZh(k) : nounEn(k, multiple));
        }
        if (nouns.isEmpty()) {
            nouns.add(zh ? "皮损" : (multiple ? "lesions" : "lesion"));
        }
        List<String> borders = new ArrayList<>();
        for (Concept k : BORDERS) {
            if (c.contains(k)) {
                borders.add(zh ? borderZh(k) : borderEn(k));
            }
        }
        List<String> features = new ArrayList<>();
        if (secondaryPapules(c)) {
            features.add(zh ? "小丘疹" : "small papules");
        }
        for (Concept k : FEATURES) {
            if (c.contains(k)) {
                features.add(zh ? featureZh(k) : featureEn(k));
            }
        }
        String size = sizeWord(c);
        if (zh) {
            StringBuilder b = new StringBuilder("图像中可见");
            b.append(multiple ? "多发、" : "单发、").append(size).append("的");
            b.append(String.join("、", colours)).append(String.join("和", nouns));
            b.append("（").append(multiple ? "最大直径约" : "直径约").append(diameter).append("毫米）");
            if (!borders.isEmpty()) {
                b.append("，").append(String.join("，", borders));
            }
            b.append("。");
            if (!features.isEmpty()) {
                b.append("其他可见特征包括").append(String.join("、", features)).append("。");
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder("The image shows ");
        b.append(multiple ? "multiple " : "a solitary ").append(size).append(' ');
        if (!colours.isEmpty()) {
            b.append(String.join(", ", colours)).append(' ');
        }
        b.append(joinEn(nouns));
        b.append(multiple ? " (the largest about " : " (about ").append(diameter).append(" mm across)");
        if (!borders.isEmpty()) {
            b.append(" with ").append(joinEn(borders));
        }
        b.append('.');
        if (!features.isEmpty()) {
            b.append(" Other visible features include ").append(joinEn(features)).append('.');
        }
        return b.toString();
    }

    private String sizeWord(Set<Concept> c) {
        if (c.contains(Concept.SIZE_SMALL)) {
            return zh ? "较小" : "small";
        }
        if (c.contains(Concept.SIZE_LARGE)) {
            return zh ? "较大" : "large";
        }
        return zh ? "中等大小" : "medium-sized";
    }

    private static String nounEn(Concept k, boolean plural) {
        return switch (k) {
            case MACULE -> plural ? "macules" : "macule";
            case PATCH -> plural ? "patches" : "patch";
            case PAPULE -> plural ? "papules" : "papule";
            case PLAQUE -> plural ? "plaques" : "plaque";
            case NODULE -> plural ? "nodules" : "nodule";
            case WHEAL -> plural ? "wheals" : "wheal";
            default -> k.english();
        };
    }

    private static String nounZh(Concept k) {
        return k.chinese();
    }

    private static String colourEn(Concept k) {
        return switch (k) {
            case PEARLY -> "pearly, translucent";
            case ANNULAR -> "ring-shaped (annular)";
            case ERYTHEMA -> "red (erythematous)";
            case HYPERPIGMENTATION -> "brown";
            case BLACK -> "black";
            case BLUE_GRAY -> "blue-grey";
            case DEPIGMENTATION -> "milky-white (depigmented)";
            case HYPOPIGMENTATION -> "partly paler (hypopigmented)";
            default -> k.english();
        };
    }

    private static String colourZh(Concept k) {
        return switch (k) {
            case PEARLY -> "珍珠样半透明";
            case ANNULAR -> "环状";
            case ERYTHEMA -> "红色（红斑性）";
            case HYPERPIGMENTATION -> "褐色";
            case BLACK -> "黑色";
            case BLUE_GRAY -> "蓝灰色";
            case DEPIGMENTATION -> "乳白色（色素脱失）";
            case HYPOPIGMENTATION -> "局部颜色变浅（色素减退）";
            default -> k.chinese();
        };
    }

    private static String borderEn(Concept k) {
        return switch (k) {
            case ASYMMETRY -> "an asymmetric shape";
            case BORDER_IRREGULAR -> "an irregular border";
            case BORDER_REGULAR -> "a regular border";
            case WELL_DEMARCATED -> "a well-demarcated edge";
            case ILL_DEFINED -> "ill-defined edges";
            case CENTRAL_CLEARING -> "a clearer centre";
            default -> k.english();
        };
    }

    private static String borderZh(Concept k) {
        return switch (k) {
            case ASYMMETRY -> "形态不对称";
            case BORDER_IRREGULAR -> "边界不规则";
            case BORDER_REGULAR -> "边界规则";
            case WELL_DEMARCATED -> "边界清楚";
            case ILL_DEFINED -> "边界不清";
            case CENTRAL_CLEARING -> "中央相对消退";
            default -> k.chinese();
        };
    }

    private static String featureEn(Concept k) {
        return switch (k) {
            case COLOR_VARIEGATION -> "colour variegation";
            case SCALE -> "scale";
            case CRUST -> "crusting";
            case ULCER -> "ulceration";
            case EXCORIATION -> "excoriations (scratch marks)";
            case LICHENIFICATION -> "lichenification (thickened skin with accentuated markings)";
            case VERRUCOUS -> "a verrucous (warty) surface";
            case STUCK_ON -> "a stuck-on appearance";
            case TELANGIECTASIA -> "fine branching vessels (telangiectasia)";
            case CONFLUENT -> "merging (confluent) lesions";
            case PUSTULE -> "pustules";
            case COMEDO -> "comedones (blackheads and whiteheads)";
            case PHOTODAMAGE -> "signs of sun damage in the surrounding skin";
            default -> k.english();
        };
    }

    private static String featureZh(Concept k) {
        return switch (k) {
            case COLOR_VARIEGATION -> "颜色不均一";
            case SCALE -> "鳞屑";
            case CRUST -> "结痂";
            case ULCER -> "溃疡";
            case EXCORIATION -> "抓痕";
            case LICHENIFICATION -> "苔藓样变（皮肤增厚、皮纹加深）";
            case VERRUCOUS -> "疣状表面";
            case STUCK_ON -> "贴附样外观";
            case TELANGIECTASIA -> "细小分支状血管（毛细血管扩张）";
            case CONFLUENT -> "皮损相互融合";
            case PUSTULE -> "脓疱";
            case COMEDO -> "粉刺（黑头和白头）";
            case PHOTODAMAGE -> "周围皮肤有光老化表现";
            default -> k.chinese();
        };
    }

    // ------------------------------------------------------------------------------------------ question 2

    /**
     * What answer 2 may state of a picture: its lesion count, size (diameter and size class), border, edge and skin
     * type. A model that reads the picture through a finding network is taught to state each only where the network
     * is sure of it (issue 23): a border or a diameter stated where the picture does not show it is what a clinician
     * stops trusting first.
     */
    public record Visible(boolean count, boolean size, boolean border, boolean edge, boolean skinType) {
        public static final Visible ALL = new Visible(true, true, true, true, true);
    }

    /** Answer to question 2: a paragraph of additional observed features. */
    public String additionalFeatures(Sample s) {
        return additionalFeatures(s, Visible.ALL);
    }

    /** Answer to question 2, stating the count, size, border, edge and skin type only where {@code visible} says. */
    public String additionalFeatures(Sample s, Visible visible) {
        Set<Concept> c = s.concepts();
        boolean dark = s.fitzpatrick() >= 4;
        List<String> out = new ArrayList<>();
        String d = metaNumber(s.metadata(), "lesionDiameterMm");
        String sizeClass;
        if (c.contains(Concept.SIZE_SMALL)) {
            sizeClass = zh ? "较小，小于6毫米" : "small, under 6 mm";
        } else if (c.contains(Concept.SIZE_LARGE)) {
            sizeClass = zh ? "较大，大于20毫米" : "large, over 20 mm";
        } else {
            sizeClass = zh ? "中等大小，6至20毫米" : "medium, 6 to 20 mm";
        }
        // A count left open is said so (a report that is silent on it reads as forgotten); worded so that it states
        // neither value ("one lesion or several", "单个还是多处": no "single lesion", no "多处皮损") and begins unlike
        // the sentences that state one (a decoder kept from those must still be free to begin this one).
        String countOpen = zh ? "皮损是单个还是多处，图像不足以可靠判断" : "It cannot be told reliably from this picture whether there is one"
                + " lesion or several";
        if (!visible.count()) {
            out.add(!visible.size() ? countOpen + (zh ? "。" : ".")
                    : zh ? countOpen + "；最大者直径约" + d + "毫米（" + sizeClass + "）。"
                    : countOpen + "; the largest measures about " + d + " mm across (" + sizeClass + ").");
        } else if (!visible.size()) {
            out.add(c.contains(Concept.MULTIPLE) ? (zh ? "图像中可见多处皮损。" : "Several lesions are visible.")
                    : (zh ? "图像中为单个皮损。" : "There is a single lesion."));
        } else if (c.contains(Concept.MULTIPLE)) {
            out.add(zh ? "图像中可见多处皮损，最大者直径约" + d + "毫米（" + sizeClass + "）。"
                    : "Several lesions are visible; the largest measures about " + d + " mm across (" + sizeClass + ").");
        } else {
            out.add(zh ? "图像中为单个皮损，直径约" + d + "毫米（" + sizeClass + "）。"
                    : "There is a single lesion measuring about " + d + " mm across (" + sizeClass + ").");
        }
        boolean multiple = c.contains(Concept.MULTIPLE);
        boolean papuleSecondary = secondaryPapules(c);
        for (Concept k : Concept.values()) {
            if (!c.contains(k)
                    || !visible.border() && (k == Concept.BORDER_REGULAR || k == Concept.BORDER_IRREGULAR)
                    || !visible.edge() && (k == Concept.WELL_DEMARCATED || k == Concept.ILL_DEFINED)) {
                continue;
            }
            String sentence;
            if (k == Concept.PAPULE && (multiple || papuleSecondary)) {
                sentence = zh ? "可见隆起的小丘疹。" : "Small raised papules are present.";
            } else if (multiple && (k == Concept.ANNULAR || k == Concept.PLAQUE || k == Concept.PATCH
                    || k == Concept.MACULE)) {
                sentence = zh ? detailZh(k, dark) : pluralEn(k);
            } else {
                sentence = zh ? detailZh(k, dark) : detailEn(k, dark);
            }
            if (sentence != null) {
                out.add(sentence);
            }
        }
        String roman = s.fitzpatrickRoman();
        if (visible.skinType()) {
            out.add(zh ? "周围皮肤相当于Fitzpatrick " + roman + "型肤色。"
                    : "The surrounding skin corresponds to Fitzpatrick skin type " + roman + ".");
        } else {
            // No "Fitzpatrick" here (after it the locales' closed skin-type group lets only a type follow), and a first
            // word unlike the sentence that states a type: a decoder kept from that one may still begin this.
            out.add(zh ? "无法从图像可靠判断周围皮肤的肤色分型。" : "The skin type cannot be judged reliably from this picture.");
        }
        Map<String, String> m = s.metadata();
        if (!"0".equals(m.getOrDefault("hairCount", "0"))) {
            out.add(zh ? "图像中可见一些毛发。" : "Some hairs cross the image.");
        }
        if (!"none".equals(m.getOrDefault("background", "none"))) {
            out.add(zh ? "图像的一部分是衣物或背景，而非皮肤。" : "Part of the image shows clothing or background rather than skin.");
        }
        if ("true".equals(m.get("ruler"))) {
            out.add(zh ? "图像边缘可见测量标尺。" : "A measuring scale is visible at the edge of the image.");
        }
        if (parse(m.get("blurSigmaPx")) > 0.9) {
            out.add(zh ? "图像略有模糊。" : "The image is slightly blurred.");
        }
        out.add(zh ? "这些特征符合" + s.condition().chinese() + "的表现。"
                : "These features are consistent with " + s.condition().english() + ".");
        return String.join(zh ? "" : " ", out);
    }

    private static String detailEn(Concept k, boolean dark) {
        return switch (k) {
            case ERYTHEMA -> "The affected skin shows redness (erythema)."
                    + (dark ? " On this darker skin the redness is more subtle, with brown or violet tones." : "");
            case HYPERPIGMENTATION -> "There are areas of brown hyperpigmentation.";
            case HYPOPIGMENTATION -> "Some areas are lighter than the surrounding skin (hypopigmentation).";
            case DEPIGMENTATION -> "The affected skin has lost its pigment and looks milky white."
                    + (dark ? " The contrast with the darker surrounding skin is marked." : "");
            case BLACK -> "Some areas are black.";
            case BLUE_GRAY -> "There are blue-grey areas.";
            case COLOR_VARIEGATION -> "The colour is not uniform: several shades are mixed within the lesion.";
            case SCALE -> "There is scale on the surface.";
            case CRUST -> "Crusts of dried exudate are visible.";
            case ULCER -> "There is an area of ulceration where the surface is broken.";
            case EXCORIATION -> "Linear scratch marks (excoriations) suggest itching.";
            case LICHENIFICATION -> "The skin is thickened with exaggerated skin markings (lichenification).";
            case VERRUCOUS -> "The surface is rough and warty (verrucous).";
            case STUCK_ON -> "The lesion looks as if it were stuck on to the skin surface.";
            case PEARLY -> "The surface has a pearly, translucent sheen.";
            case TELANGIECTASIA -> "Fine branching blood vessels (telangiectasia) run across the surface.";
            case ANNULAR -> "The lesion forms a ring (annular configuration).";
            case CENTRAL_CLEARING -> "The centre is clearer than the active, raised border.";
            case CONFLUENT -> "Some lesions merge with each other (confluent).";
            case ASYMMETRY -> "The lesion is asymmetric in shape and colour.";
            case BORDER_IRREGULAR -> "The border is irregular and notched.";
            case BORDER_REGULAR -> "The border is smooth and regular.";
            case WELL_DEMARCATED -> "The edge is sharply demarcated from the normal skin.";
            case ILL_DEFINED -> "The edge fades gradually into the normal skin (ill-defined).";
            case PUSTULE -> "There are pustules with yellow-white centres.";
            case COMEDO -> "Comedones are visible: open ones as dark dots (blackheads) and closed ones as small pale"
                    + " bumps (whiteheads).";
            case WHEAL -> "The wheals are raised, pale pink swellings surrounded by a red flare.";
            case NODULE -> "There is a raised, dome-shaped nodular component.";
            case PAPULE -> "The lesion is raised and smaller than 10 mm (a papule).";
            case PLAQUE -> "The lesion is raised and larger than 10 mm (a plaque).";
            case PATCH -> "The lesion is flat and larger than 10 mm (a patch).";
            case MACULE -> "The lesion is flat and smaller than 10 mm (a macule).";
            case PHOTODAMAGE -> "The surrounding skin shows signs of chronic sun damage, such as freckle-like spots"
                    + " and uneven pigmentation.";
            default -> null;
        };
    }

    private static String pluralEn(Concept k) {
        return switch (k) {
            case ANNULAR -> "The lesions form rings (annular configuration).";
            case PLAQUE -> "Raised plaques larger than 10 mm are present.";
            case PATCH -> "Flat patches larger than 10 mm are present.";
            case MACULE -> "Flat macules smaller than 10 mm are present.";
            default -> k.english();
        };
    }

    private static String detailZh(Concept k, boolean dark) {
        return switch (k) {
            case ERYTHEMA -> "受累皮肤发红（红斑）。" + (dark ? "在较深的肤色上，红斑不太明显，可呈褐色或紫色色调。" : "");
            case HYPERPIGMENTATION -> "可见褐色的色素沉着区域。";
            case HYPOPIGMENTATION -> "部分区域颜色比周围皮肤浅（色素减退）。";
            case DEPIGMENTATION -> "受累皮肤色素脱失，呈乳白色。" + (dark ? "与周围较深的肤色对比十分明显。" : "");
            case BLACK -> "部分区域呈黑色。";
            case BLUE_GRAY -> "可见蓝灰色区域。";
            case COLOR_VARIEGATION -> "颜色不均一，皮损内混有多种色调。";
            case SCALE -> "表面有鳞屑。";
            case CRUST -> "可见渗出物干燥后形成的结痂。";
            case ULCER -> "可见表面破溃的溃疡区域。";
            case EXCORIATION -> "线状抓痕提示有瘙痒。";
            case LICHENIFICATION -> "皮肤增厚、皮纹加深（苔藓样变）。";
            case VERRUCOUS -> "表面粗糙，呈疣状。";
            case STUCK_ON -> "皮损看起来像贴附在皮肤表面。";
            case PEARLY -> "表面有珍珠样半透明光泽。";
            case TELANGIECTASIA -> "表面可见细小分支状血管（毛细血管扩张）。";
            case ANNULAR -> "皮损呈环状排列。";
            case CENTRAL_CLEARING -> "中央比活动性隆起的边缘更清亮。";
            case CONFLUENT -> "部分皮损相互融合。";
            case ASYMMETRY -> "皮损的形状和颜色不对称。";
            case BORDER_IRREGULAR -> "边界不规则，有切迹。";
            case BORDER_REGULAR -> "边界光滑规则。";
            case WELL_DEMARCATED -> "皮损与正常皮肤分界清楚。";
            case ILL_DEFINED -> "皮损边缘逐渐移行到正常皮肤（边界不清）。";
            case PUSTULE -> "可见中央呈黄白色的脓疱。";
            case COMEDO -> "可见粉刺：开放性粉刺为黑色小点（黑头），闭合性粉刺为浅色小突起（白头）。";
            case WHEAL -> "风团为隆起的淡粉色水肿性皮损，周围有红晕。";
            case NODULE -> "可见隆起的圆顶状结节成分。";
            case PAPULE -> "皮损隆起，直径小于10毫米（丘疹）。";
            case PLAQUE -> "皮损隆起，直径大于10毫米（斑块）。";
            case PATCH -> "皮损平坦，直径大于10毫米（斑片）。";
            case MACULE -> "皮损平坦，直径小于10毫米（斑疹）。";
            case PHOTODAMAGE -> "周围皮肤有慢性光损伤的表现，如雀斑样斑点和色素不均。";
            default -> null;
        };
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String metaNumber(Map<String, String> m, String key) {
        double v = parse(m.get(key));
        return v >= 10 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double parse(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String joinEn(List<String> items) {
        if (items.size() <= 1) {
            return items.isEmpty() ? "" : items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
