package org.skingpt.console.internal.i18n;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.templates.PromptTemplates;

/** A locale bundle's texts without the locale extender: a map of messages, formatted as the extender does. */
record FakeTemplates(Locale locale, Map<String, String> messages) implements PromptTemplates {

    /** The real locale file of a locale bundle in this repository (bundles/locale-en, bundles/locale-zh-cn). */
    static FakeTemplates ofFile(String folder) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("..", folder, "src/main/resources/locale.properties"),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> m = (Map) p;
        return new FakeTemplates(Locale.forLanguageTag(p.getProperty("locale")), Map.copyOf(m));
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String systemPrompt() {
        return "";
    }

    @Override
    public String humanTurn(String question, int images) {
        return question;
    }

    @Override
    public String assistantPrefix() {
        return "";
    }

    @Override
    public List<String> stopStrings() {
        return List.of("###");
    }

    @Override
    public List<String> standardQuestions() {
        return List.of("1", "2", "3", "4");
    }

    @Override
    public Findings findings(List<String> standardAnswers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String message(String key, Object... arguments) {
        String pattern = messages.get(key);
        return pattern == null ? key : new MessageFormat(pattern, locale).format(arguments);
    }

    @Override
    public boolean hasMessage(String key) {
        return messages.containsKey(key);
    }
}
