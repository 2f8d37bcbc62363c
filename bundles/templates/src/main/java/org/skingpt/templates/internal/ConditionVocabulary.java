package org.skingpt.templates.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conditions a locale knows by name, and where a text names them.
 *
 * <p>All names of all conditions are compiled into one alternation, longest name first, that is
 * scanned left to right: at each position the longest name wins and matches never overlap, so
 * "melanocytic nevus" is one mention of {@code nevus} (not also one of "nevus"), and "malignant
 * melanoma" one of {@code melanoma}. Names are matched case-insensitively; a space or hyphen in a
 * name matches any run of spaces and hyphens ("basal cell carcinoma" also finds "basal-cell
 * carcinoma"); a name that begins or ends with a Latin letter or digit must begin or end a word
 * there (so "bcc" is not found inside "abcc", and "mole" not inside "molecule"), whereas a name
 * written in Chinese characters is found anywhere, Chinese having no spaces between words. A
 * mention directly preceded by one of the locale's negation prefixes ("non-", "非") is not a
 * mention: "non-melanoma skin cancer" does not name melanoma.
 *
 * <p>Immutable and thread-safe.
 */
final class ConditionVocabulary {

    /** One condition: its stable code, the name shown for it, and every name it is recognised by. */
    record Condition(String code, String displayName, List<String> names) {
        Condition {
            names = List.copyOf(names);
        }
    }

    /** A condition named in a text, at {@code [start, end)}. */
    record Mention(Condition condition, int start, int end) {
    }

    private final List<Condition> conditions;
    private final List<Condition> byGroup; // condition of capturing group i + 1
    private final List<String> negations;
    private final Pattern pattern;

    ConditionVocabulary(List<Condition> conditions, List<String> negations) {
        this.conditions = List.copyOf(conditions);
        this.negations = negations.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        record Name(String name, Condition condition) {
        }
        List<Name> names = new ArrayList<>();
        for (Condition c : this.conditions) {
            for (String n : c.names()) {
                names.add(new Name(n, c));
            }
        }
        // Longest first: the regex engine takes the first alternative that matches at a position.
        names.sort(Comparator.comparingInt((Name n) -> canonical(n.name()).length()).reversed());
        StringBuilder alternation = new StringBuilder();
        List<Condition> groups = new ArrayList<>();
        for (Name n : names) {
            if (!groups.isEmpty()) {
                alternation.append('|');
            }
            alternation.append('(').append(regex(n.name())).append(')');
            groups.add(n.condition());
        }
        this.byGroup = List.copyOf(groups);
        this.pattern = names.isEmpty() ? null
                : Pattern.compile(alternation.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The conditions, in the order the locale file lists them. */
    List<Condition> conditions() {
        return conditions;
    }

    /** A name as compared for duplicates: lower case, spaces and hyphens folded to one space. */
    static String canonical(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-]+", " ");
    }

    private static boolean latinOrDigit(int cp) {
        return Character.isDigit(cp)
                || Character.isLetter(cp) && Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN;
    }

    private static String regex(String name) {
        String n = name.strip();
        StringBuilder b = new StringBuilder();
        if (latinOrDigit(n.codePointAt(0))) {
            b.append("(?<![\\p{IsLatin}\\p{Nd}])");
        }
        String[] words = n.split("[\\s\\-]+");
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                b.append("[\\s\\-]+");
            }
            b.append(Pattern.quote(words[i]));
        }
        if (latinOrDigit(n.codePointBefore(n.length()))) {
            b.append("(?![\\p{IsLatin}\\p{Nd}])");
        }
        return b.toString();
    }

    /** Every condition named in {@code text}, in order of appearance (a condition may appear several times). */
    List<Mention> mentions(CharSequence text) {
        List<Mention> out = new ArrayList<>();
        if (pattern == null || text == null || text.length() == 0) {
            return out;
        }
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (negated(text, m.start())) {
                continue;
            }
            for (int g = 1; g <= byGroup.size(); g++) {
                if (m.start(g) >= 0) {
                    out.add(new Mention(byGroup.get(g - 1), m.start(), m.end()));
                    break;
                }
            }
        }
        return out;
    }

    private boolean negated(CharSequence text, int start) {
        for (String prefix : negations) {
            int from = start - prefix.length();
            if (from >= 0 && text.subSequence(from, start).toString().toLowerCase(Locale.ROOT).equals(prefix)
                    && (from == 0 || !latinOrDigit(Character.codePointBefore(text, from))
                            || !latinOrDigit(prefix.codePointAt(0)))) {
                return true;
            }
        }
        return false;
    }
}
