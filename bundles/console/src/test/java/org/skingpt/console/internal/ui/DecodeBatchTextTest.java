package org.skingpt.console.internal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecodeBatchTextTest {

    private static final DecodeBatchText.Texts KEYS = (key, args) -> key + Arrays.toString(args);

    @Test
    void aloneInABatchOrNothingWhenNotKnown() {
        assertEquals("", DecodeBatchText.of(0, KEYS), "not known: nothing is said");
        assertEquals("", DecodeBatchText.of(-1, KEYS));
        assertEquals("ui.provenance.decodedAlone[]", DecodeBatchText.of(1, KEYS));
        assertEquals("ui.provenance.decodedInBatch[3]", DecodeBatchText.of(3, KEYS));
    }
}
