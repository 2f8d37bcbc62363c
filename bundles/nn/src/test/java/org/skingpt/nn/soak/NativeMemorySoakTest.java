package org.skingpt.nn.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The judge of the soak, without a soak: the slope and the verdict. */
class NativeMemorySoakTest {

    @Test
    void slopeIsTheLeastSquaresGrowthPerStep() {
        assertEquals(10.0, NativeMemorySoak.slope(new long[] {100, 110, 120, 130}), 1e-9);
        assertEquals(0.0, NativeMemorySoak.slope(new long[] {100, 104, 104, 100}), 1e-9);
    }

    @Test
    void growthOfHalfTheLeakUnitPerCallOrMoreIsALeak() {
        // 100 calls a window; 1 KiB a window is ~10 bytes a call.
        var flat = new NativeMemorySoak.Verdict("flat", new long[] {1, 2, 3}, 100, 10.24, 8192, 16384);
        var leaking = new NativeMemorySoak.Verdict("leak", new long[] {1, 2, 3}, 100, 16384, 8192, 16384);
        assertFalse(flat.leaking());
        assertTrue(leaking.leaking());
        assertTrue(leaking.row().contains("**leaks**"), leaking.row());
    }
}
