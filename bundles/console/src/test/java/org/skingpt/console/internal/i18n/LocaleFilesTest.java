package org.skingpt.console.internal.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The console's texts are complete in both shipped languages, and every pattern formats. */
class LocaleFilesTest {

    /** {@code "ui.x.y"} string literals in the console's code; keys built at run time are listed below. */
    private static final Pattern KEY = Pattern.compile("\"(ui\\.[A-Za-z0-9_.]*[A-Za-z0-9_])\"");
    private static final Set<String> BUILT_AT_RUN_TIME = Set.of("ui.history.status.open", "ui.history.status.closed",
            "ui.detail.answerStatus.in_progress", "ui.detail.answerStatus.cancelled", "ui.detail.answerStatus.error",
            "ui.detail.answerStatus.interrupted", "ui.role.clinician", "ui.role.reviewer", "ui.role.admin",
            "ui.status.bundleState.installed", "ui.status.bundleState.resolved", "ui.status.bundleState.starting",
            "ui.status.bundleState.stopping", "ui.status.bundleState.active", "ui.status.bundleState.uninstalled",
            // admin pages: model kinds and states, bundle kinds
            "ui.admin.kind.image_encoder", "ui.admin.kind.language_model", "ui.admin.kind.model", "ui.admin.kind.locale",
            "ui.admin.kind.report", "ui.admin.state.loading", "ui.admin.state.ready", "ui.admin.state.draining",
            "ui.admin.state.failed");

    @Test
    void everyKeyTheConsoleUsesIsInEnglishAndChinese() throws IOException {
        Set<String> used = new TreeSet<>(BUILT_AT_RUN_TIME);
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = KEY.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertTrue(used.size() > 150, "keys found: " + used.size());
        for (String folder : new String[] {"locale-en", "locale-zh-cn"}) {
            FakeTemplates t = FakeTemplates.ofFile(folder);
            Set<String> missing = new TreeSet<>(used);
            missing.removeIf(t::hasMessage);
            assertEquals(Set.of(), missing, folder + " lacks texts the console shows");
        }
    }

    @Test
    void chineseHasEveryEnglishConsoleTextAndEveryPatternFormats() throws IOException {
        FakeTemplates en = FakeTemplates.ofFile("locale-en");
        FakeTemplates zh = FakeTemplates.ofFile("locale-zh-cn");
        Set<String> missing = new TreeSet<>();
        for (String key : en.messages().keySet()) {
            if (key.startsWith("ui.") && !zh.hasMessage(key)) {
                missing.add(key);
            }
        }
        assertEquals(Set.of(), missing, "ui texts in English but not in Chinese");
        for (FakeTemplates t : new FakeTemplates[] {en, zh}) {
            t.messages().forEach((k, v) -> {
                if (k.startsWith("ui.")) {
                    new MessageFormat(v, t.locale()).format(new Object[] {1, 2, 3, 4, 5, 6, 7, 8});
                    // A single ASCII apostrophe would swallow the rest of the text (MessageFormat quoting).
                    assertTrue(!v.replace("''", "").contains("'"), k + " has a single apostrophe: " + v);
                }
            });
        }
    }
}
