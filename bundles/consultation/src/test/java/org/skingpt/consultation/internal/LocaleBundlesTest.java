package org.skingpt.consultation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.templates.PromptTemplates;

class LocaleBundlesTest {

    private final FakeRegistry registry = new FakeRegistry();
    private final LocaleBundles locales = new LocaleBundles(registry);

    private PromptTemplates install(String tag, String version, int ranking) {
        PromptTemplates t = templates(tag);
        locales.add(registry.register(PromptTemplates.class, t, "org.skingpt.locale." + tag.toLowerCase(Locale.ROOT),
                version, PromptTemplates.LOCALE, tag, PromptTemplates.LOCALE_VERSION, version,
                Constants.SERVICE_RANKING, ranking));
        return t;
    }

    @Test
    void exactTagThenSameLanguageThenEnglishThenAny() {
        PromptTemplates en = install("en", "1.0.0", 0);
        PromptTemplates zhCn = install("zh-CN", "1.0.0", 0);
        PromptTemplates de = install("de", "1.0.0", 0);
        assertSame(zhCn, locales.templatesFor(Locale.forLanguageTag("zh-CN")));
        assertSame(zhCn, locales.templatesFor(Locale.forLanguageTag("zh-TW")), "same language");
        assertSame(de, locales.templatesFor(Locale.forLanguageTag("de-CH")), "same language");
        assertSame(en, locales.templatesFor(Locale.FRENCH), "English when the language is not installed");
        assertSame(en, locales.templatesFor(null), "English when none is asked for");
    }

    @Test
    void anyLocaleWhenNeitherTheLanguageNorEnglishIsInstalled() {
        PromptTemplates zh = install("zh-CN", "1.0.0", 0);
        assertSame(zh, locales.templatesFor(Locale.GERMAN));
    }

    @Test
    void theHighestRankedVersionOfALocaleServes() {
        install("en", "1.0.0", 100);
        PromptTemplates newer = install("en", "1.1.0", 110);
        assertSame(newer, locales.templatesFor(Locale.ENGLISH));
    }

    @Test
    void amongEqualRankingsTheOlderRegistrationServes() {
        PromptTemplates first = install("en", "1.0.0", 0);
        install("en", "1.0.0", 0);
        assertSame(first, locales.templatesFor(Locale.ENGLISH));
    }

    @Test
    void aRemovedLocaleNoLongerServesAndNothingIsLeftGot() {
        install("en", "1.0.0", 0);
        PromptTemplates zh = templates("zh-CN");
        var zhRef = registry.register(PromptTemplates.class, zh, "org.skingpt.locale.zh-cn", "1.0.0",
                PromptTemplates.LOCALE, "zh-CN");
        locales.add(zhRef);
        assertSame(zh, locales.templatesFor(Locale.CHINA));
        locales.remove(zhRef);
        assertEquals(Locale.ENGLISH, locales.templatesFor(Locale.CHINA).locale());
        assertEquals(0, registry.held(), "templates are immutable: released at once");
    }

    @Test
    void noLocaleBundleIsNoModelAvailable() {
        NoModelAvailableException e = assertThrows(NoModelAvailableException.class,
                () -> locales.templatesFor(Locale.ENGLISH));
        assertEquals("No locale bundle is installed; install org.skingpt.locale.en.", e.getMessage());
    }

    @Test
    void bestOfNothingIsNull() {
        assertNull(LocaleBundles.best(List.<String>of(), s -> s, Locale.ENGLISH));
    }

    static PromptTemplates templates(String tag) {
        Locale locale = Locale.forLanguageTag(tag);
        return new PromptTemplates() {
            @Override public Locale locale() { return locale; }
            @Override public String version() { return "1.0.0"; }
            @Override public String systemPrompt() { return ""; }
            @Override public String humanTurn(String question, int images) { return question; }
            @Override public String assistantPrefix() { return ""; }
            @Override public List<String> stopStrings() { return List.of("###"); }
            @Override public List<String> standardQuestions() { return List.of(); }
            @Override public Findings findings(List<String> answers) { throw new UnsupportedOperationException(); }
            @Override public String message(String key, Object... arguments) { return tag + ":" + key; }
            @Override public boolean hasMessage(String key) { return true; }
        };
    }
}
