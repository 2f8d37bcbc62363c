package org.skingpt.training;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.skingpt.synthetic.Concept;
import org.skingpt.synthetic.Condition;

/**
 * What an answer of the demo model states about the image, read from its text: lesion count, size class,
 * diameter in millimetres, lesion types, border, colours, Fitzpatrick type and diagnosis. Answer 1 is read
 * from its concept list ({@link ConceptParser}); answer 2, a free paragraph, by phrases, so that both the
 * wording of the current training texts and the earlier one ("about 13 mm across (large, over 20 mm)") are
 * read: the evaluation compares models trained on either.
 *
 * <p>Used by {@link DemoEvaluation} for issue 23's measures: whether answer 2 contradicts answer 1
 * ({@link #contradictions}), how well it matches the image's ground truth, and whether English and Chinese
 * agree.
 *
 * @param multiple    true: several lesions; false: one; empty: not stated
 * @param sizeClass   {@link Concept#SIZE_SMALL}, {@code _MEDIUM} or {@code _LARGE}, if stated
 * @param millimetres the stated diameter (of the largest lesion), if stated
 * @param lesionTypes stated primary lesion types (macule, patch, papule, plaque, nodule, wheal)
 * @param borders     stated border concepts (regular, irregular, well-demarcated, ill-defined)
 * @param colours     stated colours (erythema, hyper-, hypo-, depigmentation, black, blue-grey)
 * @param fitzpatrick the stated Fitzpatrick type 1-6, if stated
 * @param diagnosis   the single condition named, if exactly one is
 */
public record AnswerClaims(Optional<Boolean> multiple, Optional<Concept> sizeClass, OptionalDouble millimetres,
                           Set<Concept> lesionTypes, Set<Concept> borders, Set<Concept> colours,
                           OptionalInt fitzpatrick, Optional<Condition> diagnosis) {

    /** The ways answer 2 can contradict answer 1. */
    public enum Contradiction {
        LESION_COUNT("solitary vs multiple"),
        SIZE_CLASS("size class"),
        SIZE_MILLIMETRES("stated millimetres outside the stated size class"),
        LESION_TYPE("lesion type replaced (e.g. patch vs plaque, papule vs nodule)"),
        BORDER("border regular vs irregular, or well-demarcated vs ill-defined"),
        COLOUR("colours replaced, or lighter vs darker pigment"),
        SKIN_TYPE("Fitzpatrick type"),
        DIAGNOSIS("condition named");

        private final String description;

        Contradiction(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    static final Set<Concept> LESION_TYPES = EnumSet.of(Concept.MACULE, Concept.PATCH, Concept.PAPULE, Concept.PLAQUE,
            Concept.NODULE, Concept.WHEAL);
    static final Set<Concept> BORDERS = EnumSet.of(Concept.BORDER_REGULAR, Concept.BORDER_IRREGULAR,
            Concept.WELL_DEMARCATED, Concept.ILL_DEFINED);
    static final Set<Concept> COLOURS = EnumSet.of(Concept.ERYTHEMA, Concept.HYPERPIGMENTATION,
            Concept.HYPOPIGMENTATION, Concept.DEPIGMENTATION, Concept.BLACK, Concept.BLUE_GRAY);
    private static final Set<Concept> DARKER = EnumSet.of(Concept.HYPERPIGMENTATION, Concept.BLACK, Concept.BLUE_GRAY);
    private static final Set<Concept> LIGHTER = EnumSet.of(Concept.HYPOPIGMENTATION, Concept.DEPIGMENTATION);
    private static final Set<Concept> SIZES = EnumSet.of(Concept.SIZE_SMALL, Concept.SIZE_MEDIUM, Concept.SIZE_LARGE);

    private static final String ROMAN = "(VI|IV|V|III|II|I)";
    private static final Pattern TYPE_EN = Pattern.compile("Fitzpatrick (?:skin )?type " + ROMAN + "\\b");
    private static final Pattern TYPE_ZH = Pattern.compile("Fitzpatrick ?" + ROMAN + "型");
    private static final Pattern MM_EN = Pattern.compile("about (\\d+(?:\\.\\d+)?) mm across");
    private static final Pattern MM_ZH = Pattern.compile("直径约(\\d+(?:\\.\\d+)?)毫米");

    // Phrases of answer 2 (both wordings of the training texts), per language: the first matching wins for a
    // single-valued field; every matching one counts for a set.
    private static final Map<Concept, Pattern> TYPES_EN = Map.of(
            Concept.MACULE, Pattern.compile("\\bmacules?\\b"), Concept.PATCH, Pattern.compile("\\bpatch(?:es)?\\b"),
            Concept.PAPULE, Pattern.compile("\\bpapules?\\b"), Concept.PLAQUE, Pattern.compile("\\bplaques?\\b"),
            Concept.NODULE, Pattern.compile("\\bnodul(?:e|es|ar)\\b"), Concept.WHEAL, Pattern.compile("\\bwheals?\\b"));
    private static final Map<Concept, Pattern> TYPES_ZH = Map.of(
            Concept.MACULE, Pattern.compile("斑疹"), Concept.PATCH, Pattern.compile("斑片"),
            Concept.PAPULE, Pattern.compile("丘疹"), Concept.PLAQUE, Pattern.compile("斑块"),
            Concept.NODULE, Pattern.compile("结节"), Concept.WHEAL, Pattern.compile("风团"));
    private static final Map<Concept, Pattern> BORDERS_EN = Map.of(
            Concept.BORDER_IRREGULAR, Pattern.compile("border is irregular|irregular border"),
            Concept.BORDER_REGULAR, Pattern.compile("border is (?:smooth and )?regular|(?<!ir)regular border"),
            Concept.WELL_DEMARCATED, Pattern.compile("demarcated"),
            Concept.ILL_DEFINED, Pattern.compile("ill-defined"));
    private static final Map<Concept, Pattern> BORDERS_ZH = Map.of(
            Concept.BORDER_IRREGULAR, Pattern.compile("边界不规则"),
            Concept.BORDER_REGULAR, Pattern.compile("边界(?:光滑)?规则"),
            Concept.WELL_DEMARCATED, Pattern.compile("分界清楚|边界清楚"),
            Concept.ILL_DEFINED, Pattern.compile("边界不清"));
    private static final Map<Concept, Pattern> COLOURS_EN = Map.of(
            Concept.ERYTHEMA, Pattern.compile("erythema|redness"),
            Concept.HYPERPIGMENTATION, Pattern.compile("hyperpigmentation"),
            Concept.HYPOPIGMENTATION, Pattern.compile("hypopigmentation"),
            Concept.DEPIGMENTATION, Pattern.compile("lost its pigment|milky white|depigment"),
            Concept.BLACK, Pattern.compile("\\bblack\\b"),
            Concept.BLUE_GRAY, Pattern.compile("blue-gr[ea]y"));
    private static final Map<Concept, Pattern> COLOURS_ZH = Map.of(
            Concept.ERYTHEMA, Pattern.compile("红斑"),
            Concept.HYPERPIGMENTATION, Pattern.compile("色素沉着"),
            Concept.HYPOPIGMENTATION, Pattern.compile("色素减退"),
            Concept.DEPIGMENTATION, Pattern.compile("色素脱失"),
            Concept.BLACK, Pattern.compile("呈黑色"),
            Concept.BLUE_GRAY, Pattern.compile("蓝灰色"));
    private static final List<Map.Entry<Concept, Pattern>> SIZE_EN = List.of(
            Map.entry(Concept.SIZE_SMALL, Pattern.compile("under 6 mm")),
            Map.entry(Concept.SIZE_MEDIUM, Pattern.compile("6 to 20 mm")),
            Map.entry(Concept.SIZE_LARGE, Pattern.compile("over 20 mm")));
    private static final List<Map.Entry<Concept, Pattern>> SIZE_ZH = List.of(
            Map.entry(Concept.SIZE_SMALL, Pattern.compile("小于6毫米")),
            Map.entry(Concept.SIZE_MEDIUM, Pattern.compile("6至20毫米")),
            Map.entry(Concept.SIZE_LARGE, Pattern.compile("大于20毫米")));
    private static final Pattern SINGLE_EN = Pattern.compile("(?i)single lesion|solitary lesion");
    private static final Pattern MULTIPLE_EN = Pattern.compile("(?i)several lesions|multiple lesions");
    private static final Pattern SINGLE_ZH = Pattern.compile("单个皮损|单发");
    private static final Pattern MULTIPLE_ZH = Pattern.compile("多处皮损|多发");

    /** Answer 1 ("This could be … It shows the following medical features: a, b and c. …"). */
    public static AnswerClaims ofAnswerOne(String text, Locale locale) {
        Set<Concept> listed = ConceptParser.parse(text, locale);
        Optional<Boolean> multiple = listed.contains(Concept.MULTIPLE) == listed.contains(Concept.SOLITARY)
                ? Optional.empty() : Optional.of(listed.contains(Concept.MULTIPLE));
        Optional<Concept> size = only(listed, SIZES);
        return new AnswerClaims(multiple, size, OptionalDouble.empty(), subset(listed, LESION_TYPES),
                subset(listed, BORDERS), subset(listed, COLOURS), fitzpatrick(text, locale),
                Condition.parseFrom(text, locale));
    }

    /** Answer 2 (the paragraph of additional features). */
    public static AnswerClaims ofAnswerTwo(String text, Locale locale) {
        boolean zh = DemoSpec.isChinese(locale);
        boolean single = (zh ? SINGLE_ZH : SINGLE_EN).matcher(text).find();
        boolean several = (zh ? MULTIPLE_ZH : MULTIPLE_EN).matcher(text).find();
        Optional<Boolean> multiple = single == several ? Optional.empty() : Optional.of(several);
        Optional<Concept> size = Optional.empty();
        for (Map.Entry<Concept, Pattern> e : zh ? SIZE_ZH : SIZE_EN) {
            Matcher m = e.getValue().matcher(text);
            if (m.find() && (size.isEmpty() || m.start() < firstIndex(text, zh, size.get()))) {
                size = Optional.of(e.getKey());
            }
        }
        Matcher mm = (zh ? MM_ZH : MM_EN).matcher(text);
        OptionalDouble millimetres = mm.find() ? OptionalDouble.of(Double.parseDouble(mm.group(1))) : OptionalDouble.empty();
        return new AnswerClaims(multiple, size, millimetres, matching(text, zh ? TYPES_ZH : TYPES_EN),
                matching(text, zh ? BORDERS_ZH : BORDERS_EN), matching(text, zh ? COLOURS_ZH : COLOURS_EN),
                fitzpatrick(text, locale), Condition.parseFrom(text, locale));
    }

    /** The contradictions between answer 1 ({@code this}) and answer 2. */
    public Set<Contradiction> contradictions(AnswerClaims two) {
        Set<Contradiction> out = EnumSet.noneOf(Contradiction.class);
        if (multiple.isPresent() && two.multiple.isPresent() && !multiple.equals(two.multiple)) {
            out.add(Contradiction.LESION_COUNT);
        }
        if (sizeClass.isPresent() && two.sizeClass.isPresent() && sizeClass.get() != two.sizeClass.get()) {
            out.add(Contradiction.SIZE_CLASS);
        }
        if (two.millimetres.isPresent()) {
            double mm = two.millimetres.getAsDouble();
            if (sizeClass.isPresent() && !fits(sizeClass.get(), mm) || two.sizeClass.isPresent() && !fits(two.sizeClass.get(), mm)) {
                out.add(Contradiction.SIZE_MILLIMETRES);
            }
        }
        if (!lesionTypes.isEmpty() && !two.lesionTypes.isEmpty() && !lesionTypes.containsAll(two.lesionTypes)
                && !two.lesionTypes.containsAll(lesionTypes)) {
            out.add(Contradiction.LESION_TYPE);
        }
        if (opposite(borders, two.borders, Concept.BORDER_REGULAR, Concept.BORDER_IRREGULAR)
                || opposite(borders, two.borders, Concept.WELL_DEMARCATED, Concept.ILL_DEFINED)) {
            out.add(Contradiction.BORDER);
        }
        if (!colours.isEmpty() && !two.colours.isEmpty() && java.util.Collections.disjoint(colours, two.colours)
                || onlyOneSide(colours, two.colours)) {
            out.add(Contradiction.COLOUR);
        }
        if (fitzpatrick.isPresent() && two.fitzpatrick.isPresent() && fitzpatrick.getAsInt() != two.fitzpatrick.getAsInt()) {
            out.add(Contradiction.SKIN_TYPE);
        }
        if (diagnosis.isPresent() && two.diagnosis.isPresent() && diagnosis.get() != two.diagnosis.get()) {
            out.add(Contradiction.DIAGNOSIS);
        }
        return out;
    }

    /**
     * Whether a stated diameter can belong to a size class, allowing for the rounding of the training texts
     * (one decimal under 10 mm, whole millimetres above: 20.4 mm, large, is written "about 20 mm").
     */
    static boolean fits(Concept sizeClass, double mm) {
        return switch (sizeClass) {
            case SIZE_SMALL -> mm <= 6.0;
            case SIZE_MEDIUM -> mm >= 6.0 && mm <= 20.0;
            case SIZE_LARGE -> mm >= 20.0;
            default -> true;
        };
    }

    private static boolean opposite(Set<Concept> one, Set<Concept> two, Concept a, Concept b) {
        return one.contains(a) && two.contains(b) && !one.contains(b) && !two.contains(a)
                || one.contains(b) && two.contains(a) && !one.contains(a) && !two.contains(b);
    }

    /** One answer names only darker pigment, the other lighter pigment that the first does not. */
    private static boolean onlyOneSide(Set<Concept> one, Set<Concept> two) {
        return side(one, DARKER) && !side(one, LIGHTER) && side(two, LIGHTER) && !side(two, DARKER)
                || side(one, LIGHTER) && !side(one, DARKER) && side(two, DARKER) && !side(two, LIGHTER);
    }

    private static boolean side(Set<Concept> s, Set<Concept> of) {
        return !java.util.Collections.disjoint(s, of);
    }

    private static OptionalInt fitzpatrick(String text, Locale locale) {
        Matcher m = (DemoSpec.isChinese(locale) ? TYPE_ZH : TYPE_EN).matcher(text);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(List.of("I", "II", "III", "IV", "V", "VI").indexOf(m.group(1)) + 1);
    }

    private static int firstIndex(String text, boolean zh, Concept size) {
        for (Map.Entry<Concept, Pattern> e : zh ? SIZE_ZH : SIZE_EN) {
            if (e.getKey() == size) {
                Matcher m = e.getValue().matcher(text);
                return m.find() ? m.start() : Integer.MAX_VALUE;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Set<Concept> matching(String text, Map<Concept, Pattern> phrases) {
        Set<Concept> out = EnumSet.noneOf(Concept.class);
        phrases.forEach((c, p) -> {
            if (p.matcher(text).find()) {
                out.add(c);
            }
        });
        return out;
    }

    private static Set<Concept> subset(Set<Concept> all, Set<Concept> of) {
        Set<Concept> out = EnumSet.noneOf(Concept.class);
        for (Concept c : all) {
            if (of.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static Optional<Concept> only(Set<Concept> all, Set<Concept> of) {
        Set<Concept> s = subset(all, of);
        return s.size() == 1 ? Optional.of(s.iterator().next()) : Optional.empty();
    }
}
