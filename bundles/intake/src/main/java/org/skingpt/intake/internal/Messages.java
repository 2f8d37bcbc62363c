package org.skingpt.intake.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * Refusal messages in English and Simplified Chinese. Read once from this bundle's own resources;
 * deliberately not {@link java.util.ResourceBundle}, whose fallback to the JVM's default locale
 * would make "any other language gives English" depend on the host.
 */
final class Messages {

    static final Locale SIMPLIFIED_CHINESE = Locale.SIMPLIFIED_CHINESE;

    private static final Properties ENGLISH = load("messages.properties");
    private static final Properties CHINESE = load("messages_zh_CN.properties");

    private Messages() {
    }

    /** The message of {@code code} in {@code locale}, with {@code arguments} filled in. */
    static String format(String code, Locale locale, Object... arguments) {
        Locale language = supported(locale);
        Properties table = language == SIMPLIFIED_CHINESE ? CHINESE : ENGLISH;
        String pattern = table.getProperty(code, ENGLISH.getProperty(code));
        if (pattern == null) {
            throw new IllegalArgumentException("no message for " + code);
        }
        return new MessageFormat(pattern, language).format(arguments);
    }

    /** A word of the message table, for message arguments such as "text". */
    static String word(String key, Locale locale) {
        return format(key, locale);
    }

    /**
     * Simplified Chinese for {@code zh}, {@code zh-CN}, {@code zh-SG} and {@code zh-Hans-*};
     * English for everything else (Traditional Chinese included: no translation yet).
     */
    static Locale supported(Locale locale) {
        if (locale == null || !"zh".equals(locale.getLanguage())) {
            return Locale.ENGLISH;
        }
        String script = locale.getScript();
        if ("Hans".equals(script)) {
            return SIMPLIFIED_CHINESE;
        }
        if ("Hant".equals(script)) {
            return Locale.ENGLISH;
        }
        return switch (locale.getCountry()) {
            case "", "CN", "SG" -> SIMPLIFIED_CHINESE;
            default -> Locale.ENGLISH;
        };
    }

    private static Properties load(String name) {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
