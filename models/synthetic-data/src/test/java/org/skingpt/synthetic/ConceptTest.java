package org.skingpt.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConceptTest {
    private static final Set<Concept> SIZES = EnumSet.of(Concept.SIZE_SMALL, Concept.SIZE_MEDIUM, Concept.SIZE_LARGE);
    private static final Set<Concept> PRIMARY = EnumSet.of(Concept.MACULE, Concept.PATCH, Concept.PAPULE,
            Concept.PLAQUE, Concept.NODULE, Concept.WHEAL);

    @Test
    void alwaysPresentConceptsArePresentOnEverySample() {
        for (Sample s : TestSupport.set(TestSupport.SMALL)) {
            assertTrue(s.concepts().containsAll(s.condition().alwaysPresent()),
                    s.condition() + " #" + s.index() + " lacks some of " + s.condition().alwaysPresent());
        }
    }

    @Test
    void structuralInvariantsHold() {
        for (Sample s : TestSupport.set(TestSupport.SMALL)) {
            Set<Concept> c = s.concepts();
            String id = s.condition() + " #" + s.index() + " " + c;
            assertEquals(1, intersect(c, SIZES), "exactly one size: " + id);
            assertTrue(c.contains(Concept.SOLITARY) ^ c.contains(Concept.MULTIPLE), "solitary xor multiple: " + id);
            assertTrue(intersect(c, PRIMARY) >= 1, "a primary lesion type: " + id);
            assertFalse(c.contains(Concept.WELL_DEMARCATED) && c.contains(Concept.ILL_DEFINED), id);
            assertFalse(c.contains(Concept.BORDER_REGULAR) && c.contains(Concept.BORDER_IRREGULAR), id);
            double d = Double.parseDouble(s.metadata().get("lesionDiameterMm"));
            assertTrue(c.contains(Concept.sizeFor(d)), "size concept matches the diameter: " + id);
        }
    }

    @Test
    void conceptsVaryWithinEachConditionBeyondTheLabel() {
        List<Sample> all = TestSupport.set(TestSupport.SMALL);
        for (Condition c : Condition.values()) {
            Set<Set<Concept>> distinct = new HashSet<>();
            for (Sample s : TestSupport.of(all, c)) {
                distinct.add(s.concepts());
            }
            assertTrue(distinct.size() >= 3, c + " has only " + distinct.size() + " concept sets");
        }
    }

    @Test
    void conditionsHaveTheirCharacteristicMorphology() {
        List<Sample> all = TestSupport.set(TestSupport.SMALL);
        for (Sample s : all) {
            Set<Concept> c = s.concepts();
            switch (s.condition()) {
                case NEVUS -> assertFalse(c.contains(Concept.COLOR_VARIEGATION) || c.contains(Concept.SIZE_LARGE));
                case MELANOMA -> assertFalse(c.contains(Concept.SIZE_SMALL) || c.contains(Concept.MULTIPLE));
                case ACNE -> assertTrue(c.contains(Concept.PUSTULE) || c.contains(Concept.COMEDO)
                        || c.contains(Concept.PAPULE));
                case VITILIGO -> assertFalse(c.contains(Concept.ERYTHEMA));
                default -> {
                }
            }
        }
    }

    @Test
    void conceptIdsAndNamesAreUniqueAndFreeOfConditionNames() {
        Set<String> ids = new HashSet<>();
        for (Concept k : Concept.values()) {
            assertTrue(ids.add(k.id()), k.id());
            assertEquals(k, Concept.byId(k.id()).orElseThrow());
            assertTrue(Condition.parseFrom(k.english(), Locale.ENGLISH).isEmpty(), k.english());
            assertTrue(Condition.parseFrom(k.chinese(), Locale.forLanguageTag("zh-CN")).isEmpty(), k.chinese());
        }
        for (Condition c : Condition.values()) {
            assertEquals(c, Condition.byId(c.id()).orElseThrow());
        }
    }

    private static int intersect(Set<Concept> a, Set<Concept> b) {
        int n = 0;
        for (Concept k : a) {
            if (b.contains(k)) {
                n++;
            }
        }
        return n;
    }
}
