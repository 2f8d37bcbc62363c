package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DihedralTest {

    /** Three channels of a 3x3 image with every pixel different, so every symmetry gives a different array. */
    private static float[] asymmetric() {
        float[] a = new float[27];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void theEightVariantsAreTheEightDistinctSymmetriesOfTheSquare() {
        Set<String> seen = new HashSet<>();
        for (int v = 0; v < Dihedral.VARIANTS; v++) {
            float[] t = Dihedral.apply(asymmetric(), 3, v);
            seen.add(Arrays.toString(t));
            float[] sorted = t.clone();
            Arrays.sort(sorted);
            assertArrayEquals(asymmetric(), sorted, "variant " + v + " only moves pixels");
            for (int c = 0; c < 3; c++) {
                // Each channel stays in its own plane.
                for (int i = 0; i < 9; i++) {
                    assertEquals(c, (int) t[c * 9 + i] / 9, "variant " + v);
                }
                // The centre of an odd square never moves.
                assertEquals(c * 9 + 4, t[c * 9 + 4], 0f);
            }
        }
        assertEquals(8, seen.size());
    }

    @Test
    void mirroringAndRotatingAsExpected() {
        float[] one = {1, 2, 3, 4}; // a 2x2 image: 1 2 / 3 4
        assertSame(one, Dihedral.apply(one, 2, 0));
        assertArrayEquals(new float[] {2, 1, 4, 3}, Dihedral.apply(one, 2, 1)); // left-right
        assertArrayEquals(new float[] {3, 4, 1, 2}, Dihedral.apply(one, 2, 2)); // top-bottom
        assertArrayEquals(new float[] {1, 3, 2, 4}, Dihedral.apply(one, 2, 4)); // transpose
        float[] twice = Dihedral.apply(Dihedral.apply(one, 2, 1), 2, 1);
        assertArrayEquals(one, twice);
    }

    @Test
    void rejectsUnknownVariantsAndWrongSizes() {
        assertThrows(IllegalArgumentException.class, () -> Dihedral.apply(new float[4], 2, 8));
        assertThrows(IllegalArgumentException.class, () -> Dihedral.apply(new float[5], 2, 1));
    }
}
