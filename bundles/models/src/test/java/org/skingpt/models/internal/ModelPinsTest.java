package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelPinsTest {

    @Test
    void pinsReplacesOnlyThatModelsPin() {
        assertArrayEquals(new String[] {"b=2", "a=1.0.1"}, ModelPins.with(new String[] {"a=1.0.0", "b=2"}, "a", "1.0.1"));
    }

    @Test
    void readsTheCommaSeparatedFormOfACfgFile() {
        assertArrayEquals(new String[] {"b=2", "a=3"}, ModelPins.with("a=1, b=2", "a", "3"));
    }

    @Test
    void clearingRemovesThePinAndKeepsTheOthers() {
        assertArrayEquals(new String[] {"b=2"}, ModelPins.with(new String[] {"a=1", "b=2"}, "a", null));
        assertArrayEquals(new String[0], ModelPins.with(null, "a", null));
    }

    @Test
    void aNameThatIsOnlyAPrefixIsNotTouched() {
        assertArrayEquals(new String[] {"ab=1", "a=2"}, ModelPins.with(new String[] {"ab=1"}, "a", "2"));
    }

    @Test
    void refusesNamesAndVersionsThatWouldBreakTheList() {
        assertThrows(IllegalArgumentException.class, () -> ModelPins.with(null, "a=b", "1"));
        assertThrows(IllegalArgumentException.class, () -> ModelPins.with(null, "a", "1,2"));
        assertThrows(IllegalArgumentException.class, () -> ModelPins.with(null, " ", "1"));
    }
}
