package org.skingpt.templates.internal;

import org.skingpt.api.inference.ConsistencyConstraint;
import org.skingpt.api.inference.ImageFinding;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.templates.PromptTemplates;

/**
 * The {@link PromptTemplates} of one locale file, built and validated by {@link LocaleFileReader}.
 *
 * <p>Holds only immutable data: a consultation that holds it keeps a fully working object after the
 * locale bundle that supplied it is stopped, updated or uninstalled. Thread-safe.
 */
public final class LocaleTemplates implements PromptTemplates {

    /** {@code <Img><ImageHere></Img>}, spaces allowed inside: the group that is repeated per image. */
    private static final Pattern IMAGE_GROUP = Pattern.compile(
            "<Img>\\s*" + Pattern.quote(IMAGE_PLACEHOLDER) + "\\s*</Img>");

    private final Locale locale;
    private final String version;
    private final String systemPrompt;
    private final String firstBefore;
    private final String imageGroup;
    private final String firstAfter;
    private final String followup;
    private final String assistantPrefix;
    private final List<String> stopStrings;
    private final List<String> questions;
    private final ConditionVocabulary vocabulary;
    private final Set<String> malignant;
    private final Pattern diagnosisPattern;
    private final String referral;
    private final String disclaimer;
    private final Map<String, String> messages;
    private final ConsistencyRules consistency;

    LocaleTemplates(Locale locale, String version, String systemPrompt, String first, String followup,
                    String assistantPrefix, List<String> stopStrings, List<String> questions,
                    ConditionVocabulary vocabulary, Set<String> malignant, Pattern diagnosisPattern, String referral,
                    String disclaimer, Map<String, String> messages, ConsistencyRules consistency) {
        this.locale = locale;
        this.version = Objects.requireNonNullElse(version, "");
        this.systemPrompt = systemPrompt;
        // The whole <Img>...</Img> group is repeated for several images, so that each image stays
        // wrapped as the model was trained; without the wrapper only the placeholder is repeated.
        Matcher m = IMAGE_GROUP.matcher(first);
        int start;
        int end;
        if (m.find()) {
            start = m.start();
            end = m.end();
        } else {
            start = first.indexOf(IMAGE_PLACEHOLDER);
            end = start + IMAGE_PLACEHOLDER.length();
        }
        this.firstBefore = first.substring(0, start);
        this.imageGroup = first.substring(start, end);
        this.firstAfter = first.substring(end);
        this.followup = followup;
        this.assistantPrefix = assistantPrefix;
        this.stopStrings = List.copyOf(stopStrings);
        this.questions = List.copyOf(questions);
        this.vocabulary = vocabulary;
        this.malignant = Set.copyOf(malignant);
        this.diagnosisPattern = diagnosisPattern;
        this.referral = referral;
        this.disclaimer = disclaimer;
        this.messages = Map.copyOf(messages);
        this.consistency = consistency;
    }

    @Override
    public ConsistencyConstraint consistency(int question, List<String> earlierAnswers) {
        return consistency.constraint(question, earlierAnswers);
    }

    @Override
    public ConsistencyConstraint consistency(int question, List<String> earlierAnswers, List<ImageFinding> findings) {
        return consistency.constraint(question, earlierAnswers, findings);
    }

    @Override
    public Locale locale() {
        return locale;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String systemPrompt() {
        return systemPrompt;
    }

    /**
     * {@inheritDoc}
     *
     * <p>With images, {@code turn.first} with its {@code <Img><ImageHere></Img>} group written once per
     * image; without, {@code turn.followup}. {@code <ImageHere>} typed into the question itself is
     * removed, so that the text always holds exactly {@code images} placeholders.
     *
     * @throws IllegalArgumentException if {@code images} is negative
     */
    @Override
    public String humanTurn(String question, int images) {
        if (images < 0) {
            throw new IllegalArgumentException("images must be >= 0: " + images);
        }
        String q = Objects.requireNonNullElse(question, "").replace(IMAGE_PLACEHOLDER, "");
        String turn = images == 0 ? followup : firstBefore + imageGroup.repeat(images) + firstAfter;
        return turn.replace(LocaleFileReader.QUESTION_PLACEHOLDER, q);
    }

    @Override
    public String assistantPrefix() {
        return assistantPrefix;
    }

    @Override
    public List<String> stopStrings() {
        return stopStrings;
    }

    @Override
    public List<String> standardQuestions() {
        return questions;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The diagnosis is the first condition named inside a match of {@code diagnosis.pattern} in the
     * first answer, else the first condition named anywhere in it; the differential is every other
     * condition named in the first two answers, in order of appearance, each once.
     */
    @Override
    public Findings findings(List<String> standardAnswers) {
        if (standardAnswers == null || standardAnswers.size() != LocaleFileReader.QUESTIONS) {
            throw new IllegalArgumentException("findings need exactly " + LocaleFileReader.QUESTIONS
                    + " answers, one per standard question; got "
                    + (standardAnswers == null ? "none" : String.valueOf(standardAnswers.size())));
        }
        List<String> a = new ArrayList<>(LocaleFileReader.QUESTIONS);
        standardAnswers.forEach(s -> a.add(Objects.requireNonNullElse(s, "")));
        List<ConditionVocabulary.Mention> inFirst = vocabulary.mentions(a.get(0));

        ConditionVocabulary.Condition diagnosis = null;
        Matcher m = diagnosisPattern.matcher(a.get(0));
        while (diagnosis == null && m.find()) {
            if (m.group(1) != null) {
                List<ConditionVocabulary.Mention> named = vocabulary.mentions(m.group(1));
                diagnosis = named.isEmpty() ? null : named.get(0).condition();
            }
        }
        if (diagnosis == null && !inFirst.isEmpty()) {
            diagnosis = inFirst.get(0).condition();
        }

        Set<String> differential = new LinkedHashSet<>();
        List<ConditionVocabulary.Mention> named = new ArrayList<>(inFirst);
        named.addAll(vocabulary.mentions(a.get(1)));
        for (ConditionVocabulary.Mention mention : named) {
            if (diagnosis == null || !mention.condition().code().equals(diagnosis.code())) {
                differential.add(mention.condition().displayName());
            }
        }
        boolean urgent = diagnosis != null && malignant.contains(diagnosis.code());
        return new Findings(a.get(0), a.get(1),
                diagnosis == null ? "" : diagnosis.displayName(),
                diagnosis == null ? "" : diagnosis.code(),
                List.copyOf(differential), a.get(2), a.get(3), urgent, urgent ? referral : "", disclaimer);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Texts are {@link MessageFormat} patterns formatted for this locale (numbers, dates). Should the
     * arguments not fit the pattern (a text where a number is expected), the unformatted text is
     * returned rather than failing the page or report that asked for it.
     */
    @Override
    public String message(String key, Object... arguments) {
        String pattern = key == null ? null : messages.get(key);
        if (pattern == null) {
            return key;
        }
        try {
            return new MessageFormat(pattern, locale).format(arguments == null ? new Object[0] : arguments);
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }

    @Override
    public boolean hasMessage(String key) {
        return key != null && messages.containsKey(key);
    }

    /** The condition codes this locale knows, sorted (for diagnostics and tests). */
    List<String> conditionCodes() {
        return vocabulary.conditions().stream().map(ConditionVocabulary.Condition::code).toList();
    }

    @Override
    public String toString() {
        return "PromptTemplates[" + locale.toLanguageTag() + " " + version + "]";
    }
}
