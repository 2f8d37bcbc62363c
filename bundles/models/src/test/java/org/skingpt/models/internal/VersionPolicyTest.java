package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionPolicyTest {

    @Test
    void newestReadyVersionServesUnlessAReadyVersionIsPinned() {
        List<String> ready = List.of("1.9.2", "1.10.0", "1.2");
        assertEquals(Optional.of("1.10.0"), VersionPolicy.choose(ready, null));
        assertEquals(Optional.of("1.9.2"), VersionPolicy.choose(ready, "1.9.2"));
        assertEquals(Optional.of("1.10.0"), VersionPolicy.choose(ready, "2.0.0"), "a pinned version that is not ready is skipped");
        assertEquals(Optional.empty(), VersionPolicy.choose(List.of(), "1.0.0"));
    }

    @Test
    void versionsCompareAsPeopleReadThem() {
        assertTrue(VersionPolicy.compareVersions("1.10.0", "1.9.9") > 0);
        assertTrue(VersionPolicy.compareVersions("1.0.1", "1.0") > 0);
        assertTrue(VersionPolicy.compareVersions("1.0.0", "1.0.0-rc1") > 0);
        assertTrue(VersionPolicy.compareVersions("2.0.0-rc2", "2.0.0-rc1") > 0);
        assertEquals(0, VersionPolicy.compareVersions("3.1.4", "3.1.4"));
    }

    @Test
    void pinsAreParsedOrRefusedWithTheEntry() {
        assertEquals(Map.of("a", "1.0.0", "b", "2"), VersionPolicy.parsePins(new String[] {"a=1.0.0", " b = 2 "}));
        assertEquals(Map.of("a", "1", "b", "2"), VersionPolicy.parsePins(new String[] {"a=1,b=2"}));
        assertEquals(Map.of(), VersionPolicy.parsePins(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionPolicy.parsePins(new String[] {"a:1"}));
        assertTrue(e.getMessage().contains("'a:1'"), e.getMessage());
    }
}
