package org.skingpt.console.internal.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.skingpt.api.templates.PromptTemplates;

class ConsoleI18nTest {

    private static final Locale ZH_CN = Locale.forLanguageTag("zh-CN");

    @Test
    void textsComeFromTheLocaleBundleOfTheChosenLanguage() throws IOException {
        List<PromptTemplates> both = List.of(FakeTemplates.ofFile("locale-en"), FakeTemplates.ofFile("locale-zh-cn"));
        ConsoleI18n i18n = new ConsoleI18n(() -> both);
        assertEquals("History", i18n.getTranslation("ui.nav.history", Locale.ENGLISH));
        assertEquals("历史记录", i18n.getTranslation("ui.nav.history", ZH_CN));
        // Same language, other region: the installed variant.
        assertEquals("历史记录", i18n.getTranslation("ui.nav.history", Locale.forLanguageTag("zh-TW")));
        assertEquals("Ready to start: 1 photo.", i18n.getTranslation("ui.consultation.state.ready", Locale.ENGLISH, 1));
        assertEquals("Ready to start: 3 photos.", i18n.getTranslation("ui.consultation.state.ready", Locale.ENGLISH, 3));
        assertEquals("可以开始：3 张照片。", i18n.getTranslation("ui.consultation.state.ready", ZH_CN, 3));
    }

    @Test
    void anAnswersDecodeBatchIsSaidInEnglishAndChinese() throws IOException {
        List<PromptTemplates> both = List.of(FakeTemplates.ofFile("locale-en"), FakeTemplates.ofFile("locale-zh-cn"));
        ConsoleI18n i18n = new ConsoleI18n(() -> both);
        assertEquals("Decoded alone", i18n.getTranslation("ui.provenance.decodedAlone", Locale.ENGLISH));
        assertEquals("Decoded in a batch with up to 3 conversations",
                i18n.getTranslation("ui.provenance.decodedInBatch", Locale.ENGLISH, 3));
        assertEquals("单独解码", i18n.getTranslation("ui.provenance.decodedAlone", ZH_CN));
        assertEquals("批量解码：与其他对话一起解码，同一步最多 3 个对话",
                i18n.getTranslation("ui.provenance.decodedInBatch", ZH_CN, 3));
    }

    @Test
    void englishIsTheDefaultAndFirstAndEveryTranslatingBundleIsOffered() throws IOException {
        List<PromptTemplates> both = List.of(FakeTemplates.ofFile("locale-zh-cn"), FakeTemplates.ofFile("locale-en"));
        ConsoleI18n i18n = new ConsoleI18n(() -> both);
        assertEquals(List.of(Locale.ENGLISH, ZH_CN), i18n.getProvidedLocales());
        assertEquals("简体中文", i18n.languageName(ZH_CN));
        assertEquals("English", i18n.languageName(Locale.ENGLISH));
        assertEquals(ZH_CN, i18n.supported("zh-CN"));
        assertEquals(ZH_CN, i18n.supported("zh"));
        assertEquals(Locale.ENGLISH, i18n.supported("en-GB"));
        assertNull(i18n.supported("fr"));
        assertNull(i18n.supported(""));
        assertNull(i18n.supported(null));
        assertNull(i18n.supported("not a tag at all, and far too long to be one"));
    }

    @Test
    void aNewLocaleBundleTranslatesTheConsoleWithoutAnyChangeHere() {
        List<PromptTemplates> installed = new ArrayList<>();
        ConsoleI18n i18n = new ConsoleI18n(() -> installed, new Properties());
        assertEquals(List.of(Locale.ENGLISH), i18n.getProvidedLocales());
        installed.add(new FakeTemplates(Locale.GERMAN, Map.of("ui.language", "Deutsch", "ui.nav.history", "Verlauf")));
        assertEquals(List.of(Locale.ENGLISH, Locale.GERMAN), i18n.getProvidedLocales());
        assertEquals("Verlauf", i18n.getTranslation("ui.nav.history", Locale.GERMAN));
        // A locale bundle without ui.language (answers only) does not appear in the console's menu.
        installed.add(new FakeTemplates(Locale.FRENCH, Map.of("message.busy", "Occupé")));
        assertFalse(i18n.getProvidedLocales().contains(Locale.FRENCH));
    }

    @Test
    void aMissingTextFallsBackToEnglishThenToTheBuiltInCopyNeverToNothing() throws IOException {
        List<PromptTemplates> installed = new ArrayList<>();
        installed.add(new FakeTemplates(Locale.GERMAN, Map.of("ui.language", "Deutsch")));
        ConsoleI18n i18n = new ConsoleI18n(() -> installed);
        // English locale bundle stopped: the copy of its file inside the console answers.
        assertEquals("History", i18n.getTranslation("ui.nav.history", Locale.GERMAN));
        assertEquals("Token t1 revoked.", i18n.getTranslation("ui.tokens.revoked", Locale.GERMAN, "t1"));
        installed.add(new FakeTemplates(Locale.ENGLISH, Map.of("ui.nav.history", "Past consultations")));
        assertEquals("Past consultations", i18n.getTranslation("ui.nav.history", Locale.GERMAN));
        assertEquals("ui.no.such.key", i18n.getTranslation("ui.no.such.key", Locale.ENGLISH));
        assertEquals("", i18n.getTranslation((String) null, Locale.ENGLISH));
    }

    @Test
    void theConsoleCarriesACopyOfTheEnglishLocaleFile() throws IOException {
        Properties builtIn = ConsoleI18n.loadBuiltIn();
        FakeTemplates en = FakeTemplates.ofFile("locale-en");
        assertTrue(builtIn.size() > 100, "copied by the build from bundles/locale-en: " + builtIn.size());
        en.messages().forEach((k, v) -> assertEquals(v, builtIn.getProperty(k), k));
    }
}
