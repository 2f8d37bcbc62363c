package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelPolicyTest {

    @Test
    void readsEveryValue() {
        ModelPolicy.Applied a = ModelPolicy.of(new String[] {"m=1.0.0"}, 30, 5, ModelPolicy.DEFAULTS);
        assertEquals(List.of(), a.problems());
        assertEquals(new ModelPolicy(Map.of("m", "1.0.0"), 30_000, 5_000), a.policy());
    }

    @Test
    void zeroGraceFailsModelsAtOnce() {
        assertEquals(0, ModelPolicy.of(new String[0], 120, 0, ModelPolicy.DEFAULTS).policy().graceMillis());
    }

    @Test
    void graceOutOfRangeIsRefusedNamingKeyAndRangeAndTheDefaultServes() {
        for (int wrong : new int[] {-1, 3601}) {
            ModelPolicy.Applied a = ModelPolicy.of(new String[0], 120, wrong, ModelPolicy.DEFAULTS);
            assertEquals(ModelPolicy.DEFAULT_GRACE_SECONDS * 1000L, a.policy().graceMillis());
            assertEquals(1, a.problems().size());
            assertTrue(a.problems().get(0).contains("architectureGraceSeconds must be between 0 and 3600, not " + wrong),
                    a.problems().get(0));
        }
    }

    @Test
    void drainOutOfRangeIsRefusedAndTheDefaultServes() {
        ModelPolicy.Applied a = ModelPolicy.of(new String[0], -5, 10, ModelPolicy.DEFAULTS);
        assertEquals(120_000, a.policy().drainMillis());
        assertTrue(a.problems().get(0).startsWith("drainSeconds must be between 0 and 86400"), a.problems().get(0));
        assertEquals(10_000, a.policy().graceMillis());
    }

    @Test
    void unreadablePinsKeepThePreviousPins() {
        ModelPolicy previous = new ModelPolicy(Map.of("a", "1"), 1000, 1000);
        ModelPolicy.Applied a = ModelPolicy.of(new String[] {"nonsense"}, 120, 60, previous);
        assertEquals(Map.of("a", "1"), a.policy().pins());
        assertTrue(a.problems().get(0).startsWith("pinned refused"), a.problems().get(0));
    }
}
