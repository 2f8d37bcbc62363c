package org.skingpt.templates.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.skingpt.api.inference.ConsistencyConstraint;
import org.skingpt.api.inference.ImageFinding;
import org.skingpt.api.inference.StatementGroup;
import org.skingpt.api.inference.StatementPhrase;
import org.skingpt.templates.internal.InvalidLocaleFileException.Problem;

/**
 * The statement groups of a locale file ({@code consistency.*} keys) and how earlier answers establish
 * their values:
 *
 * <pre>
 * consistency.&lt;group&gt;.&lt;value&gt;.stated=&lt;regex: how an earlier answer states the value, e.g. in a list&gt;
 * consistency.&lt;group&gt;.&lt;value&gt;.phrase.&lt;n&gt;=[&lt;anchor&gt;]&lt;regex of the words after the anchor&gt;
 * consistency.&lt;group&gt;.closed=true   (optional: only an established value may follow the group's anchors)
 * consistency.&lt;group&gt;.finding=&lt;name&gt; (optional: the image encoder's finding of that name establishes the value
 *                                       named like its class when no earlier answer stated one)
 * consistency.&lt;group&gt;.finding.probability=&lt;p&gt; (optional, 0 to 1, default 0: only a finding at least this
 *                                       probable establishes a value)
 * consistency.&lt;group&gt;.questions=&lt;list&gt; (optional: the answers this group keeps, instead of
 *                                       consistency.questions)
 * consistency.&lt;group&gt;.unestablished=refused (optional, default free: where neither the earlier answers nor a
 *                                       finding established a value, the answer states none of the group's values;
 *                                       an answer with no earlier answers is free)
 * consistency.&lt;group&gt;.established=finding (optional, default answers: only the group's finding establishes its
 *                                       value, not what an earlier answer stated (which the finding kept where it
 *                                       was sure); with unestablished=refused, a later answer states the group only
 *                                       where the finding is sure)
 * </pre>
 *
 * A value is established when an earlier answer contains its {@code stated} expression or one of its
 * phrases (anchor and words). The next answer may then not state another value of the group with its
 * phrases (see {@link ConsistencyConstraint}). {@code consistency.questions} lists the answers kept so
 * (standard question numbers, {@code followup}); without it, every answer after the first: the phrases are
 * written for the answers they describe, and elsewhere a neutral sentence may begin like one of them.
 */
final class ConsistencyRules {

    static final String PREFIX = "consistency.";
    /** The questions whose answers are kept consistent: standard question numbers and/or "followup". */
    static final String QUESTIONS = "consistency.questions";
    private static final Pattern CODE = Pattern.compile("[a-z0-9_]+");
    private static final Pattern KEY = Pattern.compile(
            "consistency\\.([a-z0-9_]+)\\.([a-z0-9_]+)\\.(stated|phrase\\.[1-9][0-9]?)");
    private static final Pattern CLOSED_KEY = Pattern.compile("consistency\\.([a-z0-9_]+)\\.closed");
    private static final Pattern FINDING_KEY = Pattern.compile("consistency\\.([a-z0-9_]+)\\.finding");
    private static final Pattern GROUP_QUESTIONS_KEY = Pattern.compile("consistency\\.([a-z0-9_]+)\\.questions");
    private static final Pattern FINDING_PROBABILITY_KEY = Pattern.compile("consistency\\.([a-z0-9_]+)\\.finding\\.probability");
    private static final Pattern UNESTABLISHED_KEY = Pattern.compile("consistency\\.([a-z0-9_]+)\\.unestablished");
    private static final Pattern ESTABLISHED_KEY = Pattern.compile("consistency\\.([a-z0-9_]+)\\.established");

    private final List<StatementGroup> groups;
    /** Per group, per value: what shows that an earlier answer stated it. */
    private final Map<String, Map<String, List<Pattern>>> evidence;
    /** Group -> the name of the image finding that establishes its value when the answers stated none. */
    private final Map<String, String> findings;
    /** Group -> the least probability of a finding that establishes its value (absent: any). */
    private final Map<String, Double> findingProbabilities;

    /** 1-4: those standard questions; 0: follow-ups. */
    private final Set<Integer> questions;
    /** Group -> its own questions, where the locale gives them. */
    private final Map<String, Set<Integer>> groupQuestions;
    /** The groups an answer states only as established ({@code unestablished=refused}). */
    private final Set<String> refusedUnestablished;
    /** The groups whose value only their finding establishes ({@code established=finding}). */
    private final Set<String> establishedByFinding;

    private ConsistencyRules(List<StatementGroup> groups, Map<String, Map<String, List<Pattern>>> evidence,
                             Map<String, String> findings, Map<String, Double> findingProbabilities,
                             Set<Integer> questions, Map<String, Set<Integer>> groupQuestions,
                             Set<String> refusedUnestablished, Set<String> establishedByFinding) {
        this.groups = List.copyOf(groups);
        this.evidence = evidence;
        this.findings = Map.copyOf(findings);
        this.findingProbabilities = Map.copyOf(findingProbabilities);
        this.questions = Set.copyOf(questions);
        this.groupQuestions = Map.copyOf(groupQuestions);
        this.refusedUnestablished = Set.copyOf(refusedUnestablished);
        this.establishedByFinding = Set.copyOf(establishedByFinding);
    }

    /** Reads the {@code consistency.*} keys of {@code all}; adds a problem per mistake. */
    static ConsistencyRules parse(Map<String, String> all, List<Problem> problems) {
        // group -> value -> phrases / evidence, in key order (TreeMap): phrase.1 before phrase.2
        Map<String, Map<String, List<StatementPhrase>>> phrases = new TreeMap<>();
        Map<String, Map<String, List<Pattern>>> evidence = new TreeMap<>();
        Set<String> flawed = new java.util.HashSet<>(); // group.value with a phrase already reported
        // Keys that describe a group and so need its values (closed, finding, questions, unestablished): key -> group
        Map<String, String> groupKeys = new TreeMap<>();
        Set<String> closed = new java.util.HashSet<>();
        Map<String, String> findings = new TreeMap<>(); // group -> finding name
        // Groups with a finding key, valid or not: a key that depends on it is not reported as well (one problem, not three).
        Set<String> findingKeyed = new java.util.HashSet<>();
        Map<String, String> probabilityKeys = new TreeMap<>(); // group -> its finding.probability key
        Map<String, Double> probabilities = new TreeMap<>(); // group -> least probability
        Map<String, Set<Integer>> groupQuestions = new TreeMap<>(); // group -> its questions
        Set<String> refusedUnestablished = new java.util.HashSet<>();
        Set<String> establishedByFinding = new java.util.HashSet<>();
        Map<String, String> establishedKeys = new TreeMap<>(); // group -> its established key
        for (Map.Entry<String, String> e : new TreeMap<>(all).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX) || key.equals(QUESTIONS)) {
                continue;
            }
            Matcher c = CLOSED_KEY.matcher(key);
            if (c.matches()) {
                twoWay(key, e.getValue(), c.group(1), "true", "false", "true or false", closed, groupKeys, problems);
                continue;
            }
            Matcher gq = GROUP_QUESTIONS_KEY.matcher(key);
            if (gq.matches()) {
                groupKeys.put(key, gq.group(1));
                groupQuestions.put(gq.group(1), questions(key, e.getValue(), problems));
                continue;
            }
            Matcher un = UNESTABLISHED_KEY.matcher(key);
            if (un.matches()) {
                twoWay(key, e.getValue(), un.group(1), "refused", "free", "refused (the answer states none of the"
                        + " group's values unless one was established) or free", refusedUnestablished, groupKeys, problems);
                continue;
            }
            Matcher es = ESTABLISHED_KEY.matcher(key);
            if (es.matches()) {
                twoWay(key, e.getValue(), es.group(1), "finding", "answers", "finding (only the image finding"
                        + " establishes the group's value) or answers", establishedByFinding, groupKeys, problems);
                establishedKeys.put(es.group(1), key);
                continue;
            }
            Matcher fp = FINDING_PROBABILITY_KEY.matcher(key);
            if (fp.matches()) {
                Double least = probability(e.getValue());
                if (least != null) {
                    probabilityKeys.put(fp.group(1), key);
                    probabilities.put(fp.group(1), least);
                } else {
                    problems.add(new Problem(key, "must be a probability from 0 to 1 (e.g. 0.9), not '" + e.getValue() + "'"));
                }
                continue;
            }
            Matcher f = FINDING_KEY.matcher(key);
            if (f.matches()) {
                findingKeyed.add(f.group(1));
                String name = e.getValue().strip();
                if (CODE.matcher(name).matches()) {
                    groupKeys.put(key, f.group(1));
                    findings.put(f.group(1), name);
                } else {
                    problems.add(new Problem(key, "must name an image finding in lower-case letters, digits and _"
                            + " (e.g. fitzpatrick), not '" + e.getValue() + "'"));
                }
                continue;
            }
            Matcher k = KEY.matcher(key);
            if (!k.matches()) {
                problems.add(new Problem(key, "is not a consistency key: write consistency.<group>.<value>.stated=<regex>"
                        + " or consistency.<group>.<value>.phrase.<n>=[<anchor>]<regex> or consistency.<group>.closed=true"
                        + " or consistency.<group>.finding=<name> or consistency.<group>.finding.probability=<0 to 1>"
                        + " or consistency.<group>.questions=<list> or consistency.<group>.unestablished=refused"
                        + " or consistency.<group>.established=finding,"
                        + " names in lower-case letters, digits and _"));
                continue;
            }
            String group = k.group(1);
            String value = k.group(2);
            String text = e.getValue();
            Map<String, List<Pattern>> groupEvidence = evidence.computeIfAbsent(group, g -> new TreeMap<>());
            List<Pattern> valueEvidence = groupEvidence.computeIfAbsent(value, v -> new ArrayList<>());
            if (k.group(3).equals("stated")) {
                Pattern p = compile(key, text, problems);
                if (p != null) {
                    valueEvidence.add(p);
                }
                continue;
            }
            int close = text.indexOf(']');
            if (!text.startsWith("[") || close < 0) {
                problems.add(new Problem(key, "must start with the anchor in brackets, then the words as a regular"
                        + " expression: [The border is ]irregular (an empty anchor [] is the start of the answer)"));
                flawed.add(group + "." + value);
                continue;
            }
            String anchor = text.substring(1, close);
            String words = text.substring(close + 1);
            Pattern p = compile(key, words, problems);
            if (p == null) {
                flawed.add(group + "." + value);
                continue;
            }
            if (words.isEmpty() || p.matcher("").matches()) {
                problems.add(new Problem(key, "has words that match the empty text: after the anchor, write what the"
                        + " statement says (e.g. irregular)"));
                flawed.add(group + "." + value);
                continue;
            }
            phrases.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(value, v -> new ArrayList<>())
                    .add(new StatementPhrase(anchor, words));
            valueEvidence.add(Pattern.compile((anchor.isEmpty() ? "^\\s*" : Pattern.quote(anchor)) + "(?:" + words + ")"));
        }
        List<StatementGroup> groups = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Pattern>>> g : evidence.entrySet()) {
            Map<String, List<StatementPhrase>> byValue = new LinkedHashMap<>();
            for (String value : g.getValue().keySet()) {
                List<StatementPhrase> list = phrases.getOrDefault(g.getKey(), Map.of()).get(value);
                if (list == null && !flawed.contains(g.getKey() + "." + value)) {
                    problems.add(new Problem(PREFIX + g.getKey() + "." + value + ".phrase.1", "is missing: every value"
                            + " needs at least one phrase that states it"));
                } else if (list != null) {
                    byValue.put(value, list);
                }
            }
            if (g.getValue().size() < 2) {
                problems.add(new Problem(PREFIX + g.getKey(), "has only one value: a group names at least two values"
                        + " that exclude each other"));
            }
            groups.add(new StatementGroup(g.getKey(), byValue, closed.contains(g.getKey())));
        }
        groupKeys.forEach((key, group) -> {
            if (!evidence.containsKey(group)) {
                problems.add(new Problem(key, "names a group that has no values: write its values' stated and phrase"
                        + " keys" + (key.endsWith(".finding")
                        ? " (each value named like the finding's class)" : "") + ", or remove this key"));
            }
        });
        probabilityKeys.forEach((group, key) -> {
            if (!findingKeyed.contains(group)) {
                problems.add(new Problem(key, "belongs to a group without a finding: write consistency." + group
                        + ".finding=<name> too, or remove this key"));
            }
        });
        establishedKeys.forEach((group, key) -> {
            if (establishedByFinding.contains(group) && !findingKeyed.contains(group) && evidence.containsKey(group)) {
                problems.add(new Problem(key, "belongs to a group without a finding: write consistency." + group
                        + ".finding=<name> too, or remove this key"));
            }
        });
        String listed = all.get(QUESTIONS);
        Set<Integer> questions = listed == null ? Set.of(2, 3, 4, 0) : questions(QUESTIONS, listed, problems);
        return new ConsistencyRules(groups, evidence, findings, probabilities, questions, groupQuestions,
                refusedUnestablished, establishedByFinding);
    }

    /**
     * A group key that is one of two words: the group is noted as described by it ({@code groupKeys}) and, for
     * {@code yes}, added to {@code set}; any other value is a problem that says which two words are allowed.
     */
    private static void twoWay(String key, String value, String group, String yes, String no, String allowed,
                               Set<String> set, Map<String, String> groupKeys, List<Problem> problems) {
        String v = value.strip();
        if (v.equals(yes) || v.equals(no)) {
            groupKeys.put(key, group);
            if (v.equals(yes)) {
                set.add(group);
            }
        } else {
            problems.add(new Problem(key, "must be " + allowed + ", not '" + value + "'"));
        }
    }

    /** A list of standard question numbers and/or followup (0). */
    private static Set<Integer> questions(String key, String listed, List<Problem> problems) {
        Set<Integer> questions = new java.util.HashSet<>();
        for (String q : listed.split(",")) {
            String t = q.strip();
            if (t.matches("[1-4]")) {
                questions.add(Integer.parseInt(t));
            } else if (t.equals("followup")) {
                questions.add(0);
            } else {
                problems.add(new Problem(key, "lists '" + t + "': write standard question numbers 1 to 4"
                        + " and/or followup, separated by commas (e.g. 2)"));
            }
        }
        return questions;
    }

    private static Double probability(String text) {
        try {
            double p = Double.parseDouble(text.strip());
            return p >= 0 && p <= 1 ? p : null;
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    private static Pattern compile(String key, String regex, List<Problem> problems) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException ex) {
            problems.add(new Problem(key, "is not a valid regular expression: " + ex.getDescription() + " near index "
                    + ex.getIndex()));
            return null;
        }
    }

    /** The constraint for the next answer, to {@code question} (1-4, 0: follow-up), after {@code earlierAnswers}. */
    ConsistencyConstraint constraint(int question, List<String> earlierAnswers) {
        return constraint(question, earlierAnswers, List.of());
    }

    /**
     * The constraint for the next answer, where a group with a {@code finding} key that the earlier answers left
     * open takes the value named like the class the image encoder found (every image's, when there are several),
     * if the finding is at least as probable as the group's {@code finding.probability}. A finding whose class is
     * not one of the group's values establishes nothing. Only the groups that keep {@code question} (their own
     * {@code questions} key, else {@code consistency.questions}); the first answer, where a group keeps it, is
     * constrained by findings alone. A group with {@code unestablished=refused} that nothing established, after at
     * least one earlier answer, is in the constraint with no values: the answer may state none of them.
     */
    ConsistencyConstraint constraint(int question, List<String> earlierAnswers, List<ImageFinding> imageFindings) {
        List<StatementGroup> kept = groups.stream()
                .filter(g -> groupQuestions.getOrDefault(g.name(), questions).contains(question)).toList();
        if (kept.isEmpty()) {
            return ConsistencyConstraint.NONE;
        }
        Map<String, Set<String>> established = new LinkedHashMap<>();
        for (StatementGroup g : kept) {
            // A group established by its finding alone: its answers were kept to the finding where it was sure, and
            // what an answer stated beyond that is not taken as established.
            if (!establishedByFinding.contains(g.name())) {
                evidence.get(g.name()).forEach((value, patterns) -> {
                    for (String answer : earlierAnswers) {
                        if (stated(answer, patterns)) {
                            established.computeIfAbsent(g.name(), k -> new LinkedHashSet<>()).add(value);
                            return;
                        }
                    }
                });
            }
            String finding = findings.get(g.name());
            if (finding == null || established.containsKey(g.name())) {
                continue; // what the consultation said comes first
            }
            double least = findingProbabilities.getOrDefault(g.name(), 0.0);
            for (ImageFinding f : imageFindings) {
                if (f.name().equals(finding) && f.probability() >= least && evidence.get(g.name()).containsKey(f.value())) {
                    established.computeIfAbsent(g.name(), k -> new LinkedHashSet<>()).add(f.value());
                }
            }
        }
        for (StatementGroup g : kept) {
            // Only after an answer: with none, there is nothing to state the group as.
            if (!earlierAnswers.isEmpty() && refusedUnestablished.contains(g.name())) {
                established.putIfAbsent(g.name(), Set.of());
            }
        }
        return established.isEmpty() ? ConsistencyConstraint.NONE : new ConsistencyConstraint(kept, established);
    }

    private static boolean stated(String answer, List<Pattern> patterns) {
        for (Pattern p : patterns) {
            if (p.matcher(answer).find()) {
                return true;
            }
        }
        return false;
    }
}
