package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.skingpt.synthetic.Concept;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;
import org.skingpt.training.AnswerClaims.Contradiction;

/** Reading answers 1 and 2, and what counts as a contradiction (issue 23's measures). */
class AnswerClaimsTest {

    private static final List<Locale> LOCALES = List.of(DemoTrainer.EN, DemoTrainer.ZH);

    private static List<Sample> samples() {
        SyntheticGenerator g = new SyntheticGenerator(DemoSpec.EVAL_SEED, 32);
        return java.util.stream.IntStream.range(0, 132).mapToObj(g::generate).toList();
    }

    /** The training texts are ground truth: read back, they state it exactly and never contradict themselves. */
    @Test
    void theReferenceAnswersAreGroundedAndConsistent() {
        for (Sample s : samples()) {
            for (Locale l : LOCALES) {
                DialogueWriter w = new DialogueWriter(l);
                AnswerClaims one = AnswerClaims.ofAnswerOne(w.step2Answer(s), l);
                AnswerClaims two = AnswerClaims.ofAnswerTwo(w.additionalFeatures(s), l);
                String where = s.index() + " " + l + ": " + w.additionalFeatures(s);
                assertEquals(Set.of(), one.contradictions(two), where);
                assertEquals(Optional.of(s.concepts().contains(Concept.MULTIPLE)), two.multiple(), where);
                assertEquals(OptionalInt.of(s.fitzpatrick()), two.fitzpatrick(), where);
                if (w.step2Answer(s).contains("Fitzpatrick")) { // answers 1 state it since issue 23's retraining
                    assertEquals(OptionalInt.of(s.fitzpatrick()), one.fitzpatrick(), where);
                }
                assertEquals(Optional.of(s.condition()), two.diagnosis(), where);
                assertTrue(two.sizeClass().isPresent() && s.concepts().contains(two.sizeClass().get()), where);
                assertTrue(two.millimetres().isPresent(), where);
                assertEquals(subset(s.concepts(), AnswerClaims.BORDERS), two.borders(), where);
                assertEquals(subset(s.concepts(), AnswerClaims.COLOURS), two.colours(), where);
                long[][] g = new long[AnswerTwoReport.Field.values().length][4];
                AnswerTwoReport.ground(g, two, s);
                for (long[] field : g) {
                    assertEquals(field[0], field[1], "every statement right: " + where);
                    assertEquals(field[2], field[3], "everything true stated: " + where);
                }
            }
        }
    }

    /** The wording before issue 23 is read too, so that the shipped model and its predecessor are compared. */
    @Test
    void theEarlierWordingIsRead() {
        AnswerClaims two = AnswerClaims.ofAnswerTwo("There is a single lesion measuring about 13 mm across (large, over"
                + " 20 mm). The lesion is raised and smaller than 10 mm (a papule). The border is smooth and regular. The"
                + " surrounding skin corresponds to Fitzpatrick skin type VI. These features are consistent with"
                + " melanoma.", DemoTrainer.EN);
        assertEquals(Optional.of(false), two.multiple());
        assertEquals(Optional.of(Concept.SIZE_LARGE), two.sizeClass());
        assertEquals(13.0, two.millimetres().getAsDouble());
        assertEquals(EnumSet.of(Concept.PAPULE), two.lesionTypes());
        assertEquals(EnumSet.of(Concept.BORDER_REGULAR), two.borders());
        assertEquals(OptionalInt.of(6), two.fitzpatrick());
        AnswerClaims zh = AnswerClaims.ofAnswerTwo("图像中为单个皮损，直径约43毫米（较大，大于20毫米）。皮损隆起，直径大于10毫米（斑块）。"
                + "边界不规则，有切迹。周围皮肤相当于Fitzpatrick II型肤色。", DemoTrainer.ZH);
        assertEquals(Optional.of(false), zh.multiple());
        assertEquals(Optional.of(Concept.SIZE_LARGE), zh.sizeClass());
        assertEquals(43.0, zh.millimetres().getAsDouble());
        assertEquals(EnumSet.of(Concept.PLAQUE), zh.lesionTypes());
        assertEquals(EnumSet.of(Concept.BORDER_IRREGULAR), zh.borders());
        assertEquals(OptionalInt.of(2), zh.fitzpatrick());
    }

    /** The issue's own example: a melanoma's answer 1 and the answer 2 that contradicted it. */
    @Test
    void theReportedContradictionsAreFound() {
        AnswerClaims one = AnswerClaims.ofAnswerOne("This could be a skin disease image of melanoma. It shows the following"
                + " medical features: nodule, asymmetry, irregular border, solitary lesion and medium size (6 to 20 mm).",
                DemoTrainer.EN);
        AnswerClaims two = AnswerClaims.ofAnswerTwo("Several lesions are visible; the largest measures about 13 mm across"
                + " (large, over 20 mm). The lesion is raised and smaller than 10 mm (a papule). The border is smooth and"
                + " regular. These features are consistent with melanoma.", DemoTrainer.EN);
        assertEquals(EnumSet.of(Contradiction.LESION_COUNT, Contradiction.SIZE_CLASS, Contradiction.SIZE_MILLIMETRES,
                Contradiction.LESION_TYPE, Contradiction.BORDER), one.contradictions(two));
    }

    @Test
    void anAddedLesionTypeOrColourIsNoContradictionButAReplacedOneIs() {
        AnswerClaims one = AnswerClaims.ofAnswerOne("这可能是银屑病的皮肤病图像。图像具有以下医学特征：斑块、红斑、鳞屑、多发、较大（大于20毫米）。",
                DemoTrainer.ZH);
        assertEquals(Set.of(), one.contradictions(AnswerClaims.ofAnswerTwo("图像中为多发皮损，较大（大于20毫米），最大者直径约31毫米。"
                + "可见丘疹：小而隆起。皮损为斑块：隆起，直径大于10毫米。受累皮肤发红（红斑）。可见褐色的色素沉着区域。", DemoTrainer.ZH)));
        assertEquals(EnumSet.of(Contradiction.LESION_TYPE, Contradiction.COLOUR),
                one.contradictions(AnswerClaims.ofAnswerTwo("图像中为多发皮损，较大（大于20毫米），最大者直径约31毫米。"
                        + "皮损为斑片：平坦，直径大于10毫米。受累皮肤色素脱失，呈乳白色。", DemoTrainer.ZH)));
    }

    @Test
    void millimetresFitTheirClassAllowingForTheTextsRounding() {
        assertTrue(AnswerClaims.fits(Concept.SIZE_LARGE, 20));
        assertTrue(AnswerClaims.fits(Concept.SIZE_SMALL, 6.0));
        assertTrue(!AnswerClaims.fits(Concept.SIZE_LARGE, 13));
        assertTrue(!AnswerClaims.fits(Concept.SIZE_MEDIUM, 43));
    }

    private static Set<Concept> subset(Set<Concept> all, Set<Concept> of) {
        Set<Concept> out = EnumSet.noneOf(Concept.class);
        all.stream().filter(of::contains).forEach(out::add);
        return out;
    }
}
