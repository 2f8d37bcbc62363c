package org.skingpt.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.skingpt.api.inference.ConsistencyConstraint;
import org.skingpt.api.inference.ImageFinding;
import org.skingpt.api.inference.StatementGroup;
import org.skingpt.api.inference.StatementPhrase;

/**
 * The consistency groups of the shipped locale files, on the demo model's real answers (those of
 * {@code models/samples/README.md} before the constraint): what answer 1 establishes, and that every
 * statement of answer 2 that the evaluation counts as a contradiction begins a refused phrase.
 */
class ConsistencyRulesTest {

    static final String MELANOMA_1 = "This could be a skin disease image of melanoma. It shows the following medical"
            + " features: nodule, hyperpigmentation (brown), black colour, blue-grey colour, colour variegation,"
            + " asymmetry, irregular border, solitary lesion and medium size (6 to 20 mm). Because this could be a skin"
            + " cancer, please see a dermatologist urgently for examination and, if needed, a biopsy.";
    static final String MELANOMA_2 = "There is a single lesion measuring about 13 mm across (medium, 6 to 20 mm). The"
            + " lesion is raised and smaller than 10 mm (a papule). The affected skin shows redness (erythema). There"
            + " are areas of brown hyperpigmentation. The border is smooth and regular. The edge is sharply demarcated"
            + " from the normal skin. The surrounding skin corresponds to Fitzpatrick skin type VI. Some hairs cross"
            + " the image. These features are consistent with melanoma.";
    static final String PSORIASIS_ZH_1 = "这可能是银屑病的皮肤病图像。图像具有以下医学特征：斑块、红斑、鳞屑、边界清楚、单发、较大（大于20毫米）。";

    @Test
    void answerOneEstablishesWhatItLists() throws Exception {
        LocaleTemplates en = LocaleFiles.load(LocaleFiles.EN);
        ConsistencyConstraint c = en.consistency(2, List.of(MELANOMA_1));
        // Answer 1's count, border and edge do not establish answer 2's: only the finding network does, where it is
        // sure (none here), so answer 2 states none of them, nor a skin type (present with no values: withheld).
        assertEquals(Map.of("size", Set.of("medium"), "lesion_type", Set.of("nodule"),
                "colour", Set.of("hyperpigmentation", "black", "blue_grey"), "condition", Set.of("melanoma"),
                "lesion_count", Set.of(), "border", Set.of(), "edge", Set.of(), "skin_type", Set.of()), c.established());
        assertEquals(ConsistencyConstraint.NONE, en.consistency(2, List.of()));
        // The shipped locales keep answer 2 to the findings (consistency.questions=2): their phrases are answer 2's
        // wording, and in the causes and treatment texts a neutral sentence may begin like one ("There are also ...").
        // Answers 3 and 4 are kept to the condition answer 1 named, and only by how each condition's texts begin
        // (consistency.causes_treatment.questions=3,4); a follow-up question outside the four, to nothing.
        ConsistencyConstraint causes = en.consistency(3, List.of(MELANOMA_1, MELANOMA_2));
        assertEquals(Map.of("causes_treatment", Set.of("melanoma")), causes.established());
        assertEquals(Set.of(), refusedIn(causes, "Melanoma develops when melanocytes acquire genetic damage."));
        assertEquals(Set.of(), refusedIn(causes, "A lesion like this needs urgent assessment by a dermatologist."));
        assertEquals(Set.of("causes_treatment:bcc"), refusedIn(causes, "Basal cell carcinoma arises from the basal cells."));
        assertEquals(Set.of("causes_treatment:nevus"), refusedIn(causes, "A melanocytic nevus forms when melanocytes grow."));
        assertEquals(Set.of(), refusedIn(causes, "There are also other risk factors. Basal cell carcinoma is different."),
                "only an answer's opening is kept");
        assertEquals(Map.of("causes_treatment", Set.of("melanoma")),
                en.consistency(4, List.of(MELANOMA_1, MELANOMA_2, "Melanoma develops when ...")).established());
        assertEquals(ConsistencyConstraint.NONE, en.consistency(0, List.of(MELANOMA_1, MELANOMA_2)));

        LocaleTemplates zh = LocaleFiles.load(LocaleFiles.ZH_CN);
        assertEquals(Map.of("size", Set.of("large"), "lesion_type", Set.of("plaque"), "colour", Set.of("erythema"),
                "condition", Set.of("psoriasis"), "lesion_count", Set.of(), "border", Set.of(), "edge", Set.of(),
                "skin_type", Set.of(), "skin_type_sentence", Set.of()), zh.consistency(2, List.of(PSORIASIS_ZH_1))
                .established());
        assertEquals(Map.of("size", Set.of("large"), "lesion_type", Set.of("plaque"), "colour", Set.of("erythema"),
                "condition", Set.of("psoriasis"), "lesion_count", Set.of("single"), "border", Set.of(),
                "edge", Set.of("well_demarcated"), "skin_type", Set.of("2"), "skin_type_sentence", Set.of("2")),
                zh.consistency(2, List.of(PSORIASIS_ZH_1),
                SURE_OF_A_SINGLE_WELL_DEMARCATED_LESION).established());
    }

    /** What the encoder's finding network may read of a picture, at least 0.8 sure of each. */
    static final List<ImageFinding> SURE_OF_A_SINGLE_WELL_DEMARCATED_LESION = List.of(
            new ImageFinding("count", "single", 0.95), new ImageFinding("border", "none", 0.9),
            new ImageFinding("edge", "well_demarcated", 0.9), new ImageFinding("fitzpatrick", "2", 0.85));

    @Test
    void theContradictionsOfTheRealAnswerTwoAreAllRefusedPhrases() throws Exception {
        List<ImageFinding> network = List.of(new ImageFinding("count", "single", 0.95),
                new ImageFinding("border", "irregular", 0.9), new ImageFinding("fitzpatrick", "1", 0.85));
        ConsistencyConstraint c = LocaleFiles.load(LocaleFiles.EN).consistency(2, List.of(MELANOMA_1), network);
        // "a papule" (answer 1: nodule), "smooth" (the network: irregular), "redness" (not among answer 1's colours),
        // "sharply demarcated" (the network is not sure of the edge), "type VI" (the network: I)
        assertEquals(Set.of("lesion_type:papule", "border:regular", "colour:erythema", "edge:well_demarcated",
                "skin_type:6"), refusedIn(c, MELANOMA_2));
        // Answer 2 as a consistent one would read: nothing refused.
        String consistent = "There is a single lesion measuring about 13 mm across (medium, 6 to 20 mm). There is a"
                + " raised, dome-shaped nodular component. There are areas of brown hyperpigmentation. Some areas are"
                + " black. There are blue-grey areas. The border is irregular and notched. The surrounding skin"
                + " corresponds to Fitzpatrick skin type I. These features are consistent with melanoma.";
        assertEquals(Set.of(), refusedIn(c, consistent));
        assertEquals(Set.of("size:small", "condition:nevus"), refusedIn(c,
                "There is a single lesion measuring about 4.5 mm across. These features are consistent with"
                        + " melanocytic nevus."));
    }

    @Test
    void theSkinTypeIsTheEncodersFindingWhereItIsAtLeast80PercentSureAndElseNotStated() throws Exception {
        LocaleTemplates en = LocaleFiles.load(LocaleFiles.EN);
        List<ImageFinding> typeIii = List.of(new ImageFinding("fitzpatrick", "3", 0.8));
        ConsistencyConstraint c = en.consistency(2, List.of(MELANOMA_1), typeIii);
        assertEquals(Set.of("3"), c.established().get("skin_type"));
        assertEquals(Set.of("skin_type:6"), refusedIn(c, "The surrounding skin corresponds to Fitzpatrick skin type VI."));
        assertEquals(Set.of(), refusedIn(c, "The surrounding skin corresponds to Fitzpatrick skin type III."));
        // Less sure, or no finding (an encoder without the head): no type may be stated; the sentence the demo
        // model was taught for that case is free.
        for (ConsistencyConstraint unsure : List.of(en.consistency(2, List.of(MELANOMA_1)), en.consistency(2,
                List.of(MELANOMA_1), List.of(new ImageFinding("fitzpatrick", "3", 0.79))))) {
            assertEquals(Set.of(), unsure.established().get("skin_type"));
            assertEquals(Set.of("skin_type:3"), refusedIn(unsure, "The surrounding skin corresponds to Fitzpatrick skin"
                    + " type III."));
            assertEquals(Set.of(), refusedIn(unsure, "The skin type cannot be judged reliably from this picture."));
        }
        // Only the finding establishes it (established=finding): not what an earlier answer stated.
        assertEquals(Set.of("3"), en.consistency(2, List.of(MELANOMA_1 + " The surrounding skin corresponds to Fitzpatrick"
                + " skin type II."), typeIii).established().get("skin_type"));
        // The skin type constrains answer 2 only (consistency.questions=2), not answer 1 nor the questions the locale
        // does not keep.
        assertEquals(null, en.consistency(1, List.of(), typeIii).established().get("skin_type"));
        assertEquals(null, en.consistency(3, List.of(MELANOMA_1, MELANOMA_2), typeIii).established().get("skin_type"));
        // A finding of another name, or a class the group does not have, establishes nothing; two images, both
        // where the network is sure of each.
        assertEquals(Set.of(), en.consistency(2, List.of(MELANOMA_1), List.of(new ImageFinding("skin_tone", "3", 0.9),
                new ImageFinding("fitzpatrick", "7", 0.9))).established().get("skin_type"));
        assertEquals(Set.of("3", "5"), en.consistency(2, List.of(MELANOMA_1), List.of(typeIii.get(0),
                new ImageFinding("fitzpatrick", "5", 0.9))).established().get("skin_type"));
        assertEquals(Set.of("3"), en.consistency(2, List.of(MELANOMA_1), List.of(typeIii.get(0),
                new ImageFinding("fitzpatrick", "5", 0.6))).established().get("skin_type"));

        LocaleTemplates zh = LocaleFiles.load(LocaleFiles.ZH_CN);
        ConsistencyConstraint z = zh.consistency(2, List.of(PSORIASIS_ZH_1), typeIii);
        assertEquals(Set.of("3"), z.established().get("skin_type"));
        assertEquals(Set.of("skin_type:6"), refusedIn(z, "周围皮肤相当于Fitzpatrick VI型肤色。"));
        assertEquals(Set.of(), refusedIn(z, "周围皮肤相当于Fitzpatrick III型肤色。"));
        ConsistencyConstraint unsureZh = zh.consistency(2, List.of(PSORIASIS_ZH_1));
        assertEquals(Set.of("skin_type:3"), refusedIn(unsureZh, "周围皮肤相当于Fitzpatrick III型肤色。"));
        assertEquals(Set.of(), refusedIn(unsureZh, "无法从图像可靠判断周围皮肤的肤色分型。"));
        // Chinese also refuses that sentence from its first character (skin_type_sentence, anchored at "。"): refused
        // only after "Fitzpatrick ", the model had written half of it and went on with garbage.
        assertEquals(Set.of("skin_type:3", "skin_type_sentence:3"), refusedIn(unsureZh, "表面有鳞屑。周围皮肤相当于Fitzpatrick"
                + " III型肤色。"));
        assertEquals(Set.of(), refusedIn(z, "表面有鳞屑。周围皮肤相当于Fitzpatrick III型肤色。"));
    }

    @Test
    void answerOnesDiagnosisIsTheEncodersConditionFindingWhenItIsAtLeastNinetyPercentSure() throws Exception {
        LocaleTemplates en = LocaleFiles.load(LocaleFiles.EN);
        ImageFinding sure = new ImageFinding("condition", "psoriasis", 0.93);
        ConsistencyConstraint c = en.consistency(1, List.of(), List.of(sure, new ImageFinding("fitzpatrick", "3", 0.8)));
        assertEquals(Map.of("diagnosis", Set.of("psoriasis")), c.established(), "answer 1: the diagnosis group only");
        // Answer 1 keeps the groups findings may establish: the diagnosis, and count, border and edge (below).
        assertEquals(List.of("border", "count", "diagnosis", "edge"),
                c.groups().stream().map(StatementGroup::name).sorted().toList());
        assertTrue(c.groups().stream().filter(g -> g.name().equals("diagnosis")).findFirst().orElseThrow().closed());
        assertEquals(Set.of("diagnosis:melanoma"), refusedIn(c, MELANOMA_1));
        assertEquals(Set.of(), refusedIn(c, "This could be a skin disease image of psoriasis. It shows the following"
                + " medical features: plaque, erythema, scale."));
        // Less sure than 0.9, or no such head (a MiniGPT-4 checkpoint): the language model decides alone.
        assertEquals(ConsistencyConstraint.NONE, en.consistency(1, List.of(), List.of(new ImageFinding("condition", "psoriasis", 0.89))));
        assertEquals(ConsistencyConstraint.NONE, en.consistency(1, List.of()));
        // Answer 2 keeps to what answer 1 named, not to the finding: the diagnosis group is answer 1's only.
        ConsistencyConstraint two = en.consistency(2, List.of(MELANOMA_1), List.of(sure));
        assertEquals(Set.of("melanoma"), two.established().get("condition"));
        assertEquals(null, two.established().get("diagnosis"));

        // Chinese: anchored at the answer's start, so that the referral sentence of a malignant diagnosis
        // ("由于这可能是皮肤癌…") stays free.
        LocaleTemplates zh = LocaleFiles.load(LocaleFiles.ZH_CN);
        ConsistencyConstraint z = zh.consistency(1, List.of(), List.of(new ImageFinding("condition", "melanoma", 0.99)));
        assertEquals(Map.of("diagnosis", Set.of("melanoma")), z.established());
        assertEquals(Set.of(), refusedIn(z, "这可能是黑色素瘤的皮肤病图像。图像具有以下医学特征：结节。由于这可能是皮肤癌，请尽快到皮肤科就诊，必要时进行活检。"));
        assertEquals(Set.of("diagnosis:psoriasis"), refusedIn(z, PSORIASIS_ZH_1));
    }

    @Test
    void answerOnesCountBorderAndEdgeAreTheFindingNetworksWhereItIsSureEnough() throws Exception {
        // The count from a probability of 0.6, border and edge from 0.8 (chosen on validation images, docs/experiments).
        LocaleTemplates en = LocaleFiles.load(LocaleFiles.EN);
        List<ImageFinding> sure = List.of(new ImageFinding("count", "multiple", 0.93),
                new ImageFinding("border", "regular", 0.85), new ImageFinding("edge", "none", 0.99));
        ConsistencyConstraint c = en.consistency(1, List.of(), sure);
        // "none" (the network reads no edge worth describing) is no value of the edge group: it establishes nothing.
        assertEquals(Map.of("count", Set.of("multiple"), "border", Set.of("regular")), c.established());
        assertEquals(Set.of("count:single", "border:irregular"), refusedIn(c, "This could be a skin disease image of"
                + " melanoma. It shows the following medical features: nodule, asymmetry, irregular border, solitary"
                + " lesion and medium size (6 to 20 mm)."));
        assertEquals(Set.of("count:single"), refusedIn(c, "… It shows the following medical features: macule and"
                + " solitary lesion."));
        assertEquals(Set.of(), refusedIn(c, "… It shows the following medical features: patch, ill-defined border,"
                + " regular border, multiple lesions and sun-damaged surrounding skin."));
        // Less sure: the language model decides alone.
        assertEquals(ConsistencyConstraint.NONE, en.consistency(1, List.of(), List.of(new ImageFinding("count",
                "multiple", 0.59), new ImageFinding("border", "regular", 0.79), new ImageFinding("edge", "ill_defined", 0.6))));
        assertEquals(Map.of("count", Set.of("multiple")), en.consistency(1, List.of(), List.of(new ImageFinding("count",
                "multiple", 0.65), new ImageFinding("border", "regular", 0.65), new ImageFinding("edge", "ill_defined",
                0.65))).established(), "0.65: the count only");
        // Answer 2 states the count only as the network reads it where it is at least 0.8 sure (its own group,
        // lesion_count), whatever answer 1 said; answer 1's group does not keep answer 2.
        ConsistencyConstraint two = en.consistency(2, List.of(MELANOMA_1), sure);
        assertEquals(Set.of("multiple"), two.established().get("lesion_count"));
        assertEquals(null, two.established().get("count"));
        assertEquals(Set.of("lesion_count:single"), refusedIn(two, "There is a single lesion."));
        ConsistencyConstraint unsureTwo = en.consistency(2, List.of(MELANOMA_1), List.of(new ImageFinding("count",
                "multiple", 0.79)));
        assertEquals(Set.of("lesion_count:multiple"), refusedIn(unsureTwo, "Several lesions are visible."));
        assertEquals(Set.of(), refusedIn(unsureTwo, "It cannot be told reliably from this picture whether there is one"
                + " lesion or several."));
        assertEquals(Set.of(), refusedIn(LocaleFiles.load(LocaleFiles.ZH_CN).consistency(2, List.of(PSORIASIS_ZH_1)),
                "皮损是单个还是多处，图像不足以可靠判断。"));

        LocaleTemplates zh = LocaleFiles.load(LocaleFiles.ZH_CN);
        assertEquals(Map.of("count", Set.of("single")), zh.consistency(1, List.of(), List.of(new ImageFinding("count",
                "single", 0.6), new ImageFinding("border", "regular", 0.7))).established(), "the same in Chinese");
        ConsistencyConstraint z = zh.consistency(1, List.of(), List.of(new ImageFinding("count", "multiple", 0.9),
                new ImageFinding("edge", "well_demarcated", 0.95)));
        assertEquals(Set.of("count:single"), refusedIn(z, PSORIASIS_ZH_1));
        assertEquals(Set.of("edge:ill_defined", "count:single"), refusedIn(z,
                "这可能是湿疹的皮肤病图像。图像具有以下医学特征：斑片、红斑、边界不清、单发、较大（大于20毫米）。"));
        // "边界不规则" (the border group, free here) is not refused by the edge's "边界不清".
        assertEquals(Set.of(), refusedIn(z, "这可能是黑色素瘤的皮肤病图像。图像具有以下医学特征：斑片、边界不规则、多发、较大（大于20毫米）。"));
    }

    @Test
    void answerTwoStatesColoursOnlyAsAnswerOneDid() throws Exception {
        // Where answer 1 stated no colour, the colours answer 2 added were mostly wrong (docs/experiments): the
        // shipped locales refuse them (consistency.colour.unestablished=refused).
        LocaleTemplates en = LocaleFiles.load(LocaleFiles.EN);
        String noColours = "This could be a skin disease image of melanocytic nevus. It shows the following medical"
                + " features: papule, regular border, solitary lesion and small size (under 6 mm).";
        List<ImageFinding> network = List.of(new ImageFinding("count", "single", 0.95),
                new ImageFinding("border", "regular", 0.9), new ImageFinding("edge", "well_demarcated", 0.9));
        ConsistencyConstraint c = en.consistency(2, List.of(noColours), network);
        assertEquals(Set.of(), c.established().get("colour"));
        assertEquals(Set.of("regular"), c.established().get("border"));
        assertEquals(Set.of("colour:hyperpigmentation", "colour:erythema"), refusedIn(c, "There is a single lesion"
                + " measuring about 4.5 mm across (small, under 6 mm). There are areas of brown hyperpigmentation. The"
                + " affected skin shows redness (erythema). The border is smooth and regular. The edge is sharply"
                + " demarcated from the normal skin."));
        // Groups without the key stay free where nothing established them (the size); an answer with no earlier
        // answer has nothing to keep to.
        assertEquals(null, en.consistency(2, List.of(noColours.replace(" and small size (under 6 mm)", "")), network)
                .established().get("size"));
        assertEquals(ConsistencyConstraint.NONE, en.consistency(2, List.of()));

        // Chinese: answer 1 stated no colour; answer 2's added 可见褐色 is refused, its edge is not.
        LocaleTemplates zh = LocaleFiles.load(LocaleFiles.ZH_CN);
        ConsistencyConstraint z = zh.consistency(2, List.of("这可能是色素痣的皮肤病图像。图像具有以下医学特征：丘疹、边界规则、单发、较小（小于6毫米）。"),
                network);
        assertEquals(Set.of(), z.established().get("colour"));
        assertEquals(Set.of("colour:hyperpigmentation"), refusedIn(z, "可见褐色的色素沉着区域。皮损与正常皮肤分界清楚。"));
        assertEquals(Set.of(), refusedIn(zh.consistency(2, List.of(PSORIASIS_ZH_1), network),
                "受累皮肤发红（红斑）。皮损与正常皮肤分界清楚。"));
    }

    @Test
    void aGroupEstablishedByItsFindingAloneIsStatedLaterOnlyWhereTheFindingIsSure() throws Exception {
        // consistency.<group>.established=finding with unestablished=refused (the shipped locales: count, border, edge
        // and skin type; the demo model is trained to say so where the network is unsure).
        LocaleTemplates en = LocaleFiles.load(LocaleFiles.EN);
        // Answer 1 stated an irregular border the network was not sure of: answer 2 may not state a border at all.
        List<ImageFinding> unsure = List.of(new ImageFinding("border", "irregular", 0.7));
        ConsistencyConstraint c = en.consistency(2, List.of(MELANOMA_1), unsure);
        assertEquals(Set.of(), c.established().get("border"));
        assertEquals(Set.of("border:irregular", "border:regular"), refusedIn(c, "The border is irregular and notched."
                + " The border is smooth and regular."));
        // Where the network is sure, its value is established (answer 1 was kept to it).
        assertEquals(Set.of("irregular"), en.consistency(2, List.of(MELANOMA_1), List.of(new ImageFinding("border",
                "irregular", 0.9))).established().get("border"));
        // Without the keys, answer 1's own statement establishes the border.
        java.util.Properties p = LocaleFiles.properties(LocaleFiles.EN);
        p.remove("consistency.border.unestablished");
        p.remove("consistency.border.established");
        assertEquals(Set.of("irregular"), LocaleFileReader.read(LocaleFiles.stream(p), "1.0.0", null)
                .consistency(2, List.of(MELANOMA_1), unsure).established().get("border"));
        // The first answer is unchanged by the key: constrained by the sure finding, else free.
        assertEquals(null, en.consistency(1, List.of(), unsure).established().get("border"));
    }

    @Test
    void theConditionIsAClosedGroupInBothLocales() throws Exception {
        for (LocaleTemplates t : List.of(LocaleFiles.load(LocaleFiles.EN), LocaleFiles.load(LocaleFiles.ZH_CN))) {
            ConsistencyConstraint c = t.consistency(2, List.of(t.locale().getLanguage().equals("zh") ? PSORIASIS_ZH_1
                    : MELANOMA_1));
            for (StatementGroup g : c.groups()) {
                assertEquals(Set.of("condition", "skin_type").contains(g.name()), g.closed(), g.name() + " in " + t.locale());
                assertTrue(!g.name().equals("diagnosis"), "answer 1's diagnosis group is not answer 2's");
            }
        }
    }

    /** group:value of every refused phrase that {@code answer} contains. */
    private static Set<String> refusedIn(ConsistencyConstraint c, String answer) {
        Set<String> out = new java.util.TreeSet<>();
        for (StatementGroup g : c.groups()) {
            Set<String> ok = c.established().get(g.name());
            if (ok == null) {
                continue; // free; present with no values: every value refused
            }
            g.phrases().forEach((value, phrases) -> {
                for (StatementPhrase p : phrases) {
                    Matcher m = Pattern.compile((p.anchor().isEmpty() ? "^" : Pattern.quote(p.anchor()))
                            + "(?:" + p.continuation() + ")").matcher(answer);
                    if (!ok.contains(value) && m.find()) {
                        out.add(g.name() + ":" + value);
                    }
                }
            });
        }
        assertTrue(out.stream().allMatch(s -> s.contains(":")));
        return out;
    }
}
