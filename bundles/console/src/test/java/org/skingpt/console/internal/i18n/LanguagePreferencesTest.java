package org.skingpt.console.internal.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguagePreferencesTest {

    @TempDir
    Path dir;

    @Test
    void aChoiceIsKeptPerUserAcrossRestarts() {
        Path file = dir.resolve("data/ui-languages.properties");
        LanguagePreferences prefs = new LanguagePreferences(file);
        assertEquals(Optional.empty(), prefs.get("dr-li"));
        prefs.set("dr-li", Locale.forLanguageTag("zh-CN"));
        prefs.set("dr-smith", Locale.ENGLISH);
        assertTrue(Files.exists(file));
        LanguagePreferences again = new LanguagePreferences(file);
        assertEquals(Optional.of("zh-CN"), again.get("dr-li"));
        assertEquals(Optional.of("en"), again.get("dr-smith"));
        assertEquals(Optional.empty(), again.get(null));
    }

    @Test
    void badInputIsRefusedAndAnUnreadableFileMeansNoChoices() throws Exception {
        LanguagePreferences prefs = new LanguagePreferences(null);
        assertThrows(IllegalArgumentException.class, () -> prefs.set("", Locale.ENGLISH));
        assertThrows(IllegalArgumentException.class, () -> prefs.set("x".repeat(201), Locale.ENGLISH));
        assertThrows(IllegalArgumentException.class, () -> prefs.set("u", Locale.ROOT));
        Path broken = dir.resolve("broken.properties");
        Files.write(broken, new byte[] {'a', '=', '\\', 'u', '1'});
        assertEquals(Optional.empty(), new LanguagePreferences(broken).get("a"));
    }
}
