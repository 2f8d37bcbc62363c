package org.skingpt.language.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringFilterTest {

    @Test
    void holdsBackAPossibleStartAndCutsWhenTheStopStringCompletes() {
        StopStringFilter f = new StopStringFilter(List.of("###"));
        assertEquals("The lesion", f.accept("The lesion"));
        assertEquals(" is", f.accept(" is#"));
        assertEquals("", f.accept("#"));
        assertEquals("", f.accept("#Human"));
        assertTrue(f.stopped());
        assertEquals("", f.flush());
    }

    @Test
    void releasesHeldTextWhenItTurnsOutNotToBeAStopString() {
        StopStringFilter f = new StopStringFilter(List.of("###"));
        assertEquals("a ", f.accept("a ##"));
        assertEquals("## b", f.accept(" b"));
        assertFalse(f.stopped());
        assertEquals("c", f.accept("c#"));
        assertEquals("#", f.flush());
    }

    @Test
    void earliestOfSeveralStopStringsWins() {
        StopStringFilter f = new StopStringFilter(List.of("Human:", "###"));
        assertEquals("ok ", f.accept("ok ###Human: x"));
        assertTrue(f.stopped());
    }

    @Test
    void stopStringInsideOnePieceCutsThatPiece() {
        StopStringFilter f = new StopStringFilter(List.of("END"));
        assertEquals("abc", f.accept("abcENDdef"));
        assertTrue(f.stopped());
    }

    @Test
    void withoutStopStringsEverythingPassesAtOnce() {
        StopStringFilter f = new StopStringFilter(List.of());
        assertEquals("###", f.accept("###"));
        assertEquals("", f.flush());
    }

    @Test
    void overlappingPrefixesAreHeldByTheLongestCandidate() {
        StopStringFilter f = new StopStringFilter(List.of("aab"));
        assertEquals("", f.accept("a"));
        assertEquals("", f.accept("a"));
        assertEquals("a", f.accept("a")); // "aaa": only the last "aa" can still start "aab"
        assertEquals("", f.accept("bx")); // "aaabx": the stop string starts right after the released "a"
        assertTrue(f.stopped());
    }
}
