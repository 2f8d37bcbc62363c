package org.skingpt.synthetic;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The skin conditions the synthetic generator can paint.
 *
 * <p>Names are canonical: generated answers always use {@link #english()} / {@link #chinese()}, and
 * {@link #parseFrom(String, Locale)} recognises them (plus a few unambiguous synonyms) in free text, so an
 * evaluation can read the diagnosis back out of a model's answer.
 */
public enum Condition {
    MELANOMA("melanoma", "melanoma", "黑色素瘤", true,
            List.of("melanoma", "melanomas", "malignant melanoma"),
            List.of("黑色素瘤", "黑素瘤", "恶性黑色素瘤"),
            EnumSet.of(Concept.HYPERPIGMENTATION, Concept.BORDER_IRREGULAR, Concept.COLOR_VARIEGATION,
                    Concept.ASYMMETRY, Concept.SOLITARY)),
    NEVUS("nevus", "melanocytic nevus", "色素痣", false,
            List.of("melanocytic nevus", "melanocytic naevus", "benign nevus", "benign naevus", "nevus", "naevus",
                    "nevi", "naevi", "benign mole", "common mole"),
            List.of("色素痣", "黑素细胞痣", "痣细胞痣", "良性痣", "黑痣"),
            EnumSet.of(Concept.HYPERPIGMENTATION, Concept.BORDER_REGULAR, Concept.WELL_DEMARCATED)),
    BASAL_CELL_CARCINOMA("bcc", "basal cell carcinoma", "基底细胞癌", true,
            List.of("basal cell carcinoma", "basal-cell carcinoma", "basal cell carcinomas", "bcc", "rodent ulcer"),
            List.of("基底细胞癌", "基底细胞上皮瘤"),
            EnumSet.of(Concept.PEARLY, Concept.TELANGIECTASIA, Concept.SOLITARY, Concept.WELL_DEMARCATED)),
    SEBORRHEIC_KERATOSIS("seborrheic_keratosis", "seborrheic keratosis", "脂溢性角化病", false,
            List.of("seborrheic keratosis", "seborrhoeic keratosis", "seborrheic keratoses",
                    "seborrhoeic keratoses", "basal cell papilloma"),
            List.of("脂溢性角化病", "脂溢性角化", "基底细胞乳头瘤"),
            EnumSet.of(Concept.PLAQUE, Concept.VERRUCOUS, Concept.STUCK_ON, Concept.HYPERPIGMENTATION,
                    Concept.WELL_DEMARCATED)),
    PSORIASIS("psoriasis", "psoriasis", "银屑病", false,
            List.of("psoriasis", "plaque psoriasis", "psoriasis vulgaris"),
            List.of("银屑病", "牛皮癣"),
            EnumSet.of(Concept.ERYTHEMA, Concept.PLAQUE, Concept.SCALE, Concept.WELL_DEMARCATED)),
    ECZEMA("eczema", "eczema", "湿疹", false,
            List.of("eczema", "atopic dermatitis", "atopic eczema", "eczematous dermatitis"),
            List.of("湿疹", "特应性皮炎"),
            EnumSet.of(Concept.ERYTHEMA, Concept.ILL_DEFINED)),
    ACNE("acne", "acne", "痤疮", false,
            List.of("acne", "acne vulgaris"),
            List.of("痤疮", "寻常痤疮"),
            EnumSet.of(Concept.MULTIPLE, Concept.PAPULE, Concept.ERYTHEMA, Concept.SIZE_SMALL)),
    TINEA_CORPORIS("tinea_corporis", "tinea corporis", "体癣", false,
            List.of("tinea corporis", "tinea", "ringworm", "dermatophytosis"),
            List.of("体癣", "圆癣", "皮肤癣菌病"),
            EnumSet.of(Concept.ANNULAR, Concept.ERYTHEMA, Concept.SCALE, Concept.CENTRAL_CLEARING,
                    Concept.WELL_DEMARCATED, Concept.PLAQUE)),
    VITILIGO("vitiligo", "vitiligo", "白癜风", false,
            List.of("vitiligo"),
            List.of("白癜风"),
            EnumSet.of(Concept.DEPIGMENTATION, Concept.WELL_DEMARCATED)),
    URTICARIA("urticaria", "urticaria", "荨麻疹", false,
            List.of("urticaria", "hives"),
            List.of("荨麻疹", "风疹块"),
            EnumSet.of(Concept.WHEAL, Concept.ERYTHEMA, Concept.MULTIPLE)),
    ACTINIC_KERATOSIS("actinic_keratosis", "actinic keratosis", "日光性角化病", false,
            List.of("actinic keratosis", "actinic keratoses", "solar keratosis", "solar keratoses"),
            List.of("日光性角化病", "光化性角化病", "光线性角化病", "日光角化病"),
            EnumSet.of(Concept.ERYTHEMA, Concept.SCALE, Concept.PHOTODAMAGE));

    private final String id;
    private final String english;
    private final String chinese;
    private final boolean malignant;
    private final List<String> englishNames;
    private final List<String> chineseNames;
    private final Set<Concept> alwaysPresent;
    private final Pattern englishPattern;

    Condition(String id, String english, String chinese, boolean malignant, List<String> englishNames,
              List<String> chineseNames, EnumSet<Concept> alwaysPresent) {
        this.id = id;
        this.english = english;
        this.chinese = chinese;
        this.malignant = malignant;
        this.englishNames = englishNames;
        this.chineseNames = chineseNames;
        this.alwaysPresent = Collections.unmodifiableSet(alwaysPresent);
        StringBuilder alt = new StringBuilder();
        // longest first so that the whole name is consumed, not a prefix of it
        englishNames.stream().sorted((a, b) -> b.length() - a.length()).forEach(n -> {
            if (alt.length() > 0) {
                alt.append('|');
            }
            alt.append(Pattern.quote(n).replace(" ", "\\E[\\s\\-]+\\Q"));
        });
        this.englishPattern = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alt + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Stable identifier used in {@code labels.jsonl}. */
    public String id() {
        return id;
    }

    /** Canonical English name, lower case as it appears mid-sentence. */
    public String english() {
        return english;
    }

    /** Canonical Simplified Chinese name. */
    public String chinese() {
        return chinese;
    }

    /** The canonical name for a locale: Chinese for any {@code zh} locale, English otherwise. */
    public String displayName(Locale locale) {
        return Texts.isChinese(locale) ? chinese : english;
    }

    /** True for skin cancers (melanoma, basal cell carcinoma): answers advise urgent referral. */
    public boolean malignant() {
        return malignant;
    }

    /** Concepts present on every sample of this condition; other concepts vary per sample. */
    public Set<Concept> alwaysPresent() {
        return alwaysPresent;
    }

    /** English names and synonyms that {@link #parseFrom} recognises. */
    public List<String> englishNames() {
        return englishNames;
    }

    /** Chinese names and synonyms that {@link #parseFrom} recognises. */
    public List<String> chineseNames() {
        return chineseNames;
    }

    /** The condition with this {@link #id()}, if any. */
    public static Optional<Condition> byId(String id) {
        for (Condition c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static final Pattern EN_DIAGNOSIS = Pattern.compile(
            "(?i)(?:skin disease image of|could be|consistent with|suggestive of|diagnosis(?: is|:))([^.!?\\n]*)");
    private static final Pattern ZH_DIAGNOSIS = Pattern.compile("(?:可能是|考虑为|诊断为|符合)([^。！？\\n]*)");

    /**
     * Finds the condition named in a free-text answer.
     *
     * <p>First the diagnosis sentences are read ("This could be a skin disease image of …",
     * "这可能是…的皮肤病图像"); if they name exactly one condition, that is the answer. Otherwise the whole
     * text is searched. If no condition or more than one different condition is named, the result is empty.
     *
     * @param answer the text to read
     * @param locale {@code en} reads English names only; a {@code zh} locale reads Chinese and English
     *               names (Chinese answers often add the Latin term); {@code null} reads both
     * @return the single condition named, or empty when none or several are named
     */
    public static Optional<Condition> parseFrom(String answer, Locale locale) {
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        // English names are always read; Chinese names only when the answer may be Chinese
        boolean zh = locale == null || Texts.isChinese(locale);
        EnumSet<Condition> inDiagnosis = EnumSet.noneOf(Condition.class);
        Matcher m = EN_DIAGNOSIS.matcher(answer);
        while (m.find()) {
            inDiagnosis.addAll(named(m.group(1), true, false));
        }
        if (zh) {
            m = ZH_DIAGNOSIS.matcher(answer);
            while (m.find()) {
                inDiagnosis.addAll(named(m.group(1), true, true));
            }
        }
        if (inDiagnosis.size() == 1) {
            return Optional.of(inDiagnosis.iterator().next());
        }
        if (inDiagnosis.size() > 1) {
            return Optional.empty();
        }
        EnumSet<Condition> anywhere = named(answer, true, zh);
        return anywhere.size() == 1 ? Optional.of(anywhere.iterator().next()) : Optional.empty();
    }

    private static EnumSet<Condition> named(String text, boolean english, boolean chinese) {
        EnumSet<Condition> found = EnumSet.noneOf(Condition.class);
        for (Condition c : values()) {
            if (english && c.englishPattern.matcher(text).find()) {
                found.add(c);
                continue;
            }
            if (chinese) {
                for (String n : c.chineseNames) {
                    if (text.contains(n)) {
                        found.add(c);
                        break;
                    }
                }
            }
        }
        return found;
    }
}
