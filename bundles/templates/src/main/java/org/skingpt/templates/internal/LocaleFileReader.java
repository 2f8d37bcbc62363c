package org.skingpt.templates.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.templates.internal.InvalidLocaleFileException.Problem;

/**
 * Reads and validates a locale file (see the bundle's README for the keys). Everything that is wrong
 * is reported at once, each problem with its key and what to write instead; a file with any problem
 * yields no templates at all.
 */
public final class LocaleFileReader {

    public static final String LOCALE = "locale";
    public static final String SYSTEM_PROMPT = "system.prompt";
    public static final String TURN_FIRST = "turn.first";
    public static final String TURN_FOLLOWUP = "turn.followup";
    public static final String ASSISTANT_PREFIX = "assistant.prefix";
    public static final String STOP_STRINGS = "stop.strings";
    public static final String QUESTION = "question.";
    public static final String CONDITION = "condition.";
    public static final String MALIGNANT = "conditions.malignant";
    public static final String NEGATIONS = "conditions.negations";
    public static final String DIAGNOSIS_PATTERN = "diagnosis.pattern";
    public static final String REFERRAL_URGENT = "referral.urgent";
    public static final String DISCLAIMER = "disclaimer";

    /** Where the question goes in {@link #TURN_FIRST} and {@link #TURN_FOLLOWUP}. */
    public static final String QUESTION_PLACEHOLDER = "{question}";
    /** The number of standard questions (the paper's interactive flow). */
    public static final int QUESTIONS = 4;
    /** A locale file is text of a few kilobytes; anything this large is a packaging mistake. */
    static final int MAX_BYTES = 1 << 20;

    /** Key prefixes of user-facing texts served by {@link PromptTemplates#message}. */
    static final List<String> MESSAGE_PREFIXES = List.of("message.", "report.", "ui.", "image.", "kind.");

    /**
     * Texts the console, the reports and image intake ask for. A locale without one of them still
     * works (the key is shown instead), but is warned about.
     */
    static final List<String> EXPECTED_MESSAGES = List.of(
            "report.title", "report.description", "report.additionalFeatures", "report.diagnosis",
            "report.differential", "report.causes", "report.treatment", "report.referral", "report.disclaimer",
            "report.synthetic", "report.provenance", "report.clinicalContext", "report.questions", "report.images",
            "message.busy", "message.noModel", "message.invalidQuestion", "message.unknownConsultation",
            "image.format", "image.empty", "image.too-large", "image.dimensions", "image.pixels", "image.malformed",
            "image.timeout", "image.busy", "image.color");

    private static final Pattern CODE = Pattern.compile("[a-z0-9_]+");
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> ISO_REGIONS = Set.of(Locale.getISOCountries());

    private LocaleFileReader() {
    }

    /**
     * Reads a locale file: UTF-8 {@link Properties} text.
     *
     * @param in       the file's content (not closed)
     * @param version  version recorded with every answer: the locale bundle's version
     * @param warnings receives what is usable but probably not meant (may be {@code null})
     * @throws InvalidLocaleFileException if anything in the file cannot be used
     * @throws IOException                if the stream cannot be read
     */
    public static LocaleTemplates read(InputStream in, String version, List<String> warnings)
            throws IOException, InvalidLocaleFileException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw invalid("(file)", "is larger than " + (MAX_BYTES >> 20) + " MiB; a locale file holds texts only");
        }
        String text;
        try {
            // Strict: a file saved as ISO-8859-1 or GBK must be refused, not read as replacement characters.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("(file)", "is not valid UTF-8: save it as UTF-8 (or write every non-ASCII character"
                    + " as a \\uXXXX escape)");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark would become part of the first key
        }
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        } catch (IllegalArgumentException e) {
            throw invalid("(file)", "is not a properties file: " + e.getMessage() + " (check the \\u escapes)");
        }
        return parse(p, version, warnings);
    }

    /** Reads a locale file from a bundle entry or a class path resource. */
    static LocaleTemplates read(java.net.URL url, String version, List<String> warnings)
            throws IOException, InvalidLocaleFileException {
        try (InputStream in = url.openStream()) {
            return read(in, version, warnings);
        }
    }

    private static InvalidLocaleFileException invalid(String key, String fix) {
        return new InvalidLocaleFileException(List.of(new Problem(key, fix)));
    }

    /**
     * Validates the keys of a loaded locale file and builds its templates.
     *
     * @throws InvalidLocaleFileException with every problem found
     */
    public static LocaleTemplates parse(Properties p, String version, List<String> warnings)
            throws InvalidLocaleFileException {
        List<Problem> problems = new ArrayList<>();
        List<String> warned = warnings != null ? warnings : new ArrayList<>();
        Map<String, String> all = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            all.put(k, p.getProperty(k));
        }

        // locale
        Locale locale = null;
        String tag = required(all, LOCALE, problems, "the BCP 47 language tag this file serves, for example en or zh-CN");
        if (tag != null) {
            locale = locale(tag.strip(), problems);
        }

        // conversation format
        String system = required(all, SYSTEM_PROMPT, problems, "the system text that opens every conversation");
        if (system != null && system.contains(PromptTemplates.IMAGE_PLACEHOLDER)) {
            problems.add(new Problem(SYSTEM_PROMPT, "contains " + PromptTemplates.IMAGE_PLACEHOLDER
                    + ", which is where an image goes; images belong in " + TURN_FIRST
                    + " (write the image as it is described, e.g. <Img>ImageContent</Img>)"));
        }
        String first = required(all, TURN_FIRST, problems,
                "the first human turn with " + PromptTemplates.IMAGE_PLACEHOLDER + " and " + QUESTION_PLACEHOLDER
                        + ", e.g. ###Human: <Img><ImageHere></Img> {question}");
        if (first != null) {
            if (!first.contains(QUESTION_PLACEHOLDER)) {
                problems.add(new Problem(TURN_FIRST, "has no " + QUESTION_PLACEHOLDER
                        + ": add it where the question goes, e.g. ###Human: <Img><ImageHere></Img> {question}"));
            }
            int images = count(first, PromptTemplates.IMAGE_PLACEHOLDER);
            if (images == 0) {
                problems.add(new Problem(TURN_FIRST, "has no " + PromptTemplates.IMAGE_PLACEHOLDER
                        + ": the first turn carries the image(s); add <Img><ImageHere></Img> where they go"));
            } else if (images > 1) {
                problems.add(new Problem(TURN_FIRST, "has " + images + " " + PromptTemplates.IMAGE_PLACEHOLDER
                        + "; write it once: it is repeated for each image of the consultation"));
            }
        }
        String followup = required(all, TURN_FOLLOWUP, problems,
                "a follow-up human turn with " + QUESTION_PLACEHOLDER + ", e.g. ###Human: {question}");
        if (followup != null) {
            if (!followup.contains(QUESTION_PLACEHOLDER)) {
                problems.add(new Problem(TURN_FOLLOWUP, "has no " + QUESTION_PLACEHOLDER
                        + ": add it where the question goes, e.g. ###Human: {question}"));
            }
            if (followup.contains(PromptTemplates.IMAGE_PLACEHOLDER)) {
                problems.add(new Problem(TURN_FOLLOWUP, "contains " + PromptTemplates.IMAGE_PLACEHOLDER
                        + ", but a follow-up question has no image: remove it"));
            }
        }
        String prefix = required(all, ASSISTANT_PREFIX, problems, "the text that opens the assistant's turn, e.g. ###Assistant:");
        String stops = required(all, STOP_STRINGS, problems, "comma-separated strings that end the assistant's turn, e.g. ###");
        List<String> stopStrings = List.of();
        if (stops != null) {
            stopStrings = split(stops, ",");
            if (stopStrings.isEmpty()) {
                problems.add(new Problem(STOP_STRINGS, "lists no string: write at least one, e.g. ###"));
            }
        }

        // questions
        List<String> questions = new ArrayList<>();
        for (int i = 1; i <= QUESTIONS; i++) {
            String key = QUESTION + i;
            String q = all.get(key);
            if (q == null || q.isBlank()) {
                problems.add(new Problem(key, (q == null ? "is missing" : "is empty") + ": a locale has exactly "
                        + QUESTIONS + " standard questions, question.1 to question.4 (describe the lesion; additional"
                        + " features; causes; treatment and medication)"));
            } else if (q.contains(PromptTemplates.IMAGE_PLACEHOLDER)) {
                problems.add(new Problem(key, "contains " + PromptTemplates.IMAGE_PLACEHOLDER + ": remove it; the"
                        + " image placeholder belongs in " + TURN_FIRST));
            } else {
                questions.add(q.strip());
            }
        }
        for (String key : all.keySet()) {
            if (key.startsWith(QUESTION) && !key.matches("question\\.[1-" + QUESTIONS + "]")) {
                problems.add(new Problem(key, "a locale has exactly " + QUESTIONS + " standard questions,"
                        + " question.1 to question.4 (the paper's interactive flow): remove this key"));
            }
        }

        // conditions
        List<ConditionVocabulary.Condition> conditions = new ArrayList<>();
        Map<String, String> nameOwner = new HashMap<>(); // canonical name -> key that lists it
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(CONDITION)) {
                continue;
            }
            String code = key.substring(CONDITION.length());
            if (!CODE.matcher(code).matches()) {
                problems.add(new Problem(key, "'" + code + "' is not a condition code: use lower-case letters, digits"
                        + " and _ (e.g. condition.seborrheic_keratosis)"));
                continue;
            }
            List<String> names = split(e.getValue(), "|");
            if (names.isEmpty() || !e.getValue().strip().startsWith(names.get(0))) {
                problems.add(new Problem(key, "has no display name: write Display name|synonym|synonym..., the"
                        + " display name first"));
                continue;
            }
            List<String> kept = new ArrayList<>();
            for (String n : names) {
                String canonical = ConditionVocabulary.canonical(n);
                if (canonical.isBlank()) {
                    continue;
                }
                String owner = nameOwner.putIfAbsent(canonical, key);
                if (owner != null && !owner.equals(key)) {
                    problems.add(new Problem(key, "name '" + n + "' is also a name of " + owner + ": a name must"
                            + " identify one condition; remove it from one of them"));
                } else if (owner == null) {
                    kept.add(n);
                }
            }
            conditions.add(new ConditionVocabulary.Condition(code, names.get(0), kept));
        }
        if (conditions.isEmpty()) {
            problems.add(new Problem(CONDITION + "<code>", "no condition is defined: add one key per condition,"
                    + " e.g. condition.melanoma=melanoma|malignant melanoma"));
        }
        Set<String> codes = new TreeSet<>();
        conditions.forEach(c -> codes.add(c.code()));
        Set<String> malignant = new TreeSet<>();
        String malignantList = required(all, MALIGNANT, problems,
                "comma-separated codes of the malignant conditions (they trigger urgent referral), e.g. melanoma, bcc");
        if (malignantList != null) {
            for (String code : split(malignantList, ",")) {
                if (!codes.contains(code)) {
                    problems.add(new Problem(MALIGNANT, "lists '" + code + "', which no condition.<code> key defines"
                            + " (defined: " + String.join(", ", codes) + ")"));
                } else {
                    malignant.add(code);
                }
            }
            if (split(malignantList, ",").isEmpty()) {
                problems.add(new Problem(MALIGNANT, "is empty: list the codes of the malignant conditions, e.g."
                        + " melanoma, bcc, so that they trigger urgent referral"));
            }
        }
        List<String> negations = all.containsKey(NEGATIONS) ? split(all.get(NEGATIONS), ",") : List.of();

        Pattern diagnosis = null;
        String regex = required(all, DIAGNOSIS_PATTERN, problems,
                "a regular expression whose one group captures the condition in the diagnosis sentence,"
                        + " e.g. could be a skin disease image of ([^.]+)");
        if (regex != null) {
            try {
                diagnosis = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                int groups = diagnosis.matcher("").groupCount();
                if (groups != 1) {
                    problems.add(new Problem(DIAGNOSIS_PATTERN, "has " + groups + " capturing groups; it needs exactly"
                            + " one, around the condition's name (write other groups as (?:...))"));
                    diagnosis = null;
                }
            } catch (PatternSyntaxException e) {
                problems.add(new Problem(DIAGNOSIS_PATTERN, "is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex()));
            }
        }
        String referral = required(all, REFERRAL_URGENT, problems, "the line shown when a malignant condition is suspected");
        String disclaimer = required(all, DISCLAIMER, problems, "the not-a-diagnosis note shown with every answer");

        ConsistencyRules consistency = ConsistencyRules.parse(all, problems);

        // messages: every other key
        Map<String, String> messages = new LinkedHashMap<>();
        Locale formatLocale = locale != null ? locale : Locale.ROOT;
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            if (structural(key)) {
                continue;
            }
            if (MESSAGE_PREFIXES.stream().noneMatch(key::startsWith)) {
                warned.add(key + ": not a known key (message keys start with " + String.join(", ", MESSAGE_PREFIXES)
                        + "); it is served as a message — check for a typo");
            }
            try {
                new MessageFormat(e.getValue(), formatLocale);
            } catch (IllegalArgumentException ex) {
                problems.add(new Problem(key, "is not a valid java.text.MessageFormat pattern (" + ex.getMessage()
                        + "): arguments are {0}, {1,number,#}, ...; write '{' for a literal brace"));
                continue;
            }
            if (loneApostrophe(e.getValue())) {
                warned.add(key + ": a single apostrophe (') starts a MessageFormat quote and is not shown; write ''"
                        + " for an apostrophe, or use ’");
            }
            messages.put(key, e.getValue());
        }
        List<String> missing = EXPECTED_MESSAGES.stream().filter(k -> !all.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            warned.add("no text for " + String.join(", ", missing) + ": the key itself is shown instead");
        }

        if (!problems.isEmpty()) {
            throw new InvalidLocaleFileException(problems);
        }
        return new LocaleTemplates(locale, version, system, first, followup, prefix, stopStrings, questions,
                new ConditionVocabulary(conditions, negations), malignant, diagnosis, referral, disclaimer, messages,
                consistency);
    }

    /** Keys with a meaning of their own, never served as messages. */
    static boolean structural(String key) {
        return key.equals(LOCALE) || key.equals(SYSTEM_PROMPT) || key.equals(TURN_FIRST) || key.equals(TURN_FOLLOWUP)
                || key.equals(ASSISTANT_PREFIX) || key.equals(STOP_STRINGS) || key.startsWith(QUESTION)
                || key.startsWith(CONDITION) || key.startsWith("conditions.") || key.equals(DIAGNOSIS_PATTERN)
                || key.equals(REFERRAL_URGENT) || key.equals(DISCLAIMER) || key.startsWith(ConsistencyRules.PREFIX);
    }

    private static String required(Map<String, String> all, String key, List<Problem> problems, String what) {
        String v = all.get(key);
        if (v == null) {
            problems.add(new Problem(key, "is missing: add a line " + key + "=... with " + what));
            return null;
        }
        if (v.isBlank()) {
            problems.add(new Problem(key, "is empty: write " + what));
            return null;
        }
        return v;
    }

    private static Locale locale(String tag, List<Problem> problems) {
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException e) {
            problems.add(new Problem(LOCALE, "'" + tag + "' is not a BCP 47 language tag: write it like en, de-CH"
                    + " or zh-CN (a hyphen, not an underscore)"));
            return null;
        }
        String language = locale.getLanguage();
        boolean knownLanguage = ISO_LANGUAGES.contains(language)
                || language.length() == 3 && !locale.getDisplayLanguage(Locale.ENGLISH).equals(language);
        if (!knownLanguage) {
            problems.add(new Problem(LOCALE, "'" + tag + "' names no known language: start the tag with an ISO 639"
                    + " language code, e.g. en or zh"));
            return null;
        }
        String region = locale.getCountry();
        if (!region.isEmpty() && !ISO_REGIONS.contains(region) && !region.chars().allMatch(Character::isDigit)) {
            problems.add(new Problem(LOCALE, "'" + tag + "' names no known region '" + region + "': use an ISO 3166"
                    + " code, e.g. CN, TW, GB, or leave the region out"));
            return null;
        }
        return locale;
    }

    private static List<String> split(String value, String separator) {
        return Arrays.stream(value.split(Pattern.quote(separator))).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static boolean loneApostrophe(String pattern) {
        Matcher m = Pattern.compile("'+").matcher(pattern);
        while (m.find()) {
            if ((m.end() - m.start()) % 2 == 1) {
                return true;
            }
        }
        return false;
    }
}
