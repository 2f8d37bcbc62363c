package org.skingpt.console.internal.i18n;

import com.vaadin.flow.i18n.I18NProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import org.skingpt.api.templates.PromptTemplates;

/**
 * The console's texts, from the locale bundles: key {@code ui.x} is the locale bundle's message {@code ui.x}
 * ({@link PromptTemplates#message}). A locale bundle that has {@value #LANGUAGE_KEY} (its language's own name)
 * translates the console: installing one adds a language to the console's language menu, with no change
 * here. A text missing in the chosen language comes from the English locale bundle, and, while that is not
 * running, from the copy of its file built into the console, so a page never shows bare keys.
 *
 * <p>English is the default: the console never picks a language from the browser's preferences.
 */
public final class ConsoleI18n implements I18NProvider {

    private static final long serialVersionUID = 1L;

    /** The key a locale bundle sets to its language's own name ("English", "简体中文") to translate the console. */
    public static final String LANGUAGE_KEY = "ui.language";

    /** The console's default language. */
    public static final Locale DEFAULT = Locale.ENGLISH;

    /** The English locale file, copied into the console bundle at build time (bundles/locale-en). */
    static final String BUILT_IN = "/org/skingpt/console/internal/i18n/locale.properties";

    private final transient Supplier<List<PromptTemplates>> locales;
    private final transient Properties builtIn;

    public ConsoleI18n(Supplier<List<PromptTemplates>> locales) {
        this(locales, loadBuiltIn());
    }

    ConsoleI18n(Supplier<List<PromptTemplates>> locales, Properties builtIn) {
        this.locales = Objects.requireNonNull(locales, "locales");
        this.builtIn = builtIn;
    }

    /** English first, then every installed language whose locale bundle translates the console. */
    @Override
    public List<Locale> getProvidedLocales() {
        List<Locale> out = new ArrayList<>();
        out.add(DEFAULT);
        for (PromptTemplates t : installed()) {
            if (t.hasMessage(LANGUAGE_KEY) && !sameTag(t.locale(), DEFAULT)) {
                out.add(t.locale());
            }
        }
        return out;
    }

    @Override
    public String getTranslation(String key, Locale locale, Object... params) {
        if (key == null) {
            return "";
        }
        List<PromptTemplates> all = installed();
        PromptTemplates chosen = find(all, locale);
        if (chosen != null && chosen.hasMessage(key)) {
            return chosen.message(key, params);
        }
        PromptTemplates english = find(all, DEFAULT);
        if (english != null && english.hasMessage(key)) {
            return english.message(key, params);
        }
        String pattern = builtIn.getProperty(key);
        if (pattern == null) {
            return key;
        }
        try {
            return new MessageFormat(pattern, DEFAULT).format(params == null ? new Object[0] : params);
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }

    /**
     * The language a user asked for, if the console can show it: the exact tag, else the same language
     * (zh-TW asked, zh-CN installed); null for a tag that is blank, malformed or not installed.
     */
    public Locale supported(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return null;
        }
        Locale asked = Locale.forLanguageTag(tag.strip());
        if (asked.getLanguage().isEmpty()) {
            return null;
        }
        List<Locale> provided = getProvidedLocales();
        for (Locale l : provided) {
            if (sameTag(l, asked)) {
                return l;
            }
        }
        for (Locale l : provided) {
            if (l.getLanguage().equals(asked.getLanguage())) {
                return l;
            }
        }
        return null;
    }

    /** The name a language is offered under: its own name as its locale bundle writes it. */
    public String languageName(Locale locale) {
        PromptTemplates t = find(installed(), locale);
        if (t != null && sameTag(t.locale(), locale) && t.hasMessage(LANGUAGE_KEY)) {
            return t.message(LANGUAGE_KEY);
        }
        if (sameTag(locale, DEFAULT)) {
            return builtIn.getProperty(LANGUAGE_KEY, "English");
        }
        String name = locale.getDisplayName(locale);
        return name.isEmpty() ? locale.toLanguageTag() : name;
    }

    private List<PromptTemplates> installed() {
        List<PromptTemplates> all = locales.get();
        return all == null ? List.of() : all;
    }

    /** The exact language and region, else the same language. */
    private static PromptTemplates find(List<PromptTemplates> all, Locale locale) {
        if (locale == null) {
            return null;
        }
        PromptTemplates sameLanguage = null;
        for (PromptTemplates t : all) {
            if (sameTag(t.locale(), locale)) {
                return t;
            }
            if (sameLanguage == null && t.locale().getLanguage().equals(locale.getLanguage())) {
                sameLanguage = t;
            }
        }
        return sameLanguage;
    }

    private static boolean sameTag(Locale a, Locale b) {
        return a.toLanguageTag().equalsIgnoreCase(b.toLanguageTag());
    }

    /**
     * The condition codes the English locale file names ({@code condition.<code>}), sorted: the list a reviewer
     * chooses a diagnosis from. Codes are shared by all locales; names come from {@code condition.<code>}.
     */
    public static List<String> conditionCodes() {
        List<String> codes = new ArrayList<>();
        for (String key : loadBuiltIn().stringPropertyNames()) {
            if (key.startsWith("condition.")) {
                codes.add(key.substring("condition.".length()));
            }
        }
        codes.sort(null);
        return codes;
    }

    static Properties loadBuiltIn() {
        Properties p = new Properties();
        try (InputStream in = ConsoleI18n.class.getResourceAsStream(BUILT_IN)) {
            if (in != null) {
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            }
        } catch (IOException e) {
            // A broken build: keys are shown instead of texts, and the locale bundles still work.
        }
        return p;
    }
}
