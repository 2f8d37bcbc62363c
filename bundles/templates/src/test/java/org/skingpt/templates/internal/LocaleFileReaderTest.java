package org.skingpt.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.skingpt.templates.internal.InvalidLocaleFileException.Problem;

/** Every way a locale file can be wrong is refused with the key and what to write instead. */
class LocaleFileReaderTest {

    /** The English file changed by {@code edit}; asserts it is refused and returns the problems. */
    private static List<Problem> refused(Consumer<Properties> edit) throws Exception {
        Properties p = LocaleFiles.properties(LocaleFiles.EN);
        edit.accept(p);
        InvalidLocaleFileException e = assertThrows(InvalidLocaleFileException.class,
                () -> LocaleFileReader.read(LocaleFiles.stream(p), "1.0.0", null));
        assertTrue(e.getMessage().contains(e.problems().get(0).key()), e.getMessage());
        return e.problems();
    }

    /** Asserts exactly one problem, for {@code key}, whose explanation contains each of {@code words}. */
    private static void one(List<Problem> problems, String key, String... words) {
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertEquals(key, p.key(), p.toString());
        for (String w : words) {
            assertTrue(p.fix().contains(w), "'" + p.fix() + "' should mention '" + w + "'");
        }
    }

    @Test
    void consistencyKeysAreCheckedWhenTheFileIsRead() throws Exception {
        one(refused(p -> p.setProperty("consistency.border.regular.phrase.1", "The border is smooth")),
                "consistency.border.regular.phrase.1", "anchor in brackets");
        one(refused(p -> p.setProperty("consistency.border.regular.phrase.1", "[The border is ](smooth")),
                "consistency.border.regular.phrase.1", "regular expression");
        one(refused(p -> p.setProperty("consistency.border.regular.phrase.1", "[The border is ]x?")),
                "consistency.border.regular.phrase.1", "empty text");
        one(refused(p -> p.setProperty("consistency.Border.regular.stated", "x")),
                "consistency.Border.regular.stated", "lower-case");
        one(refused(p -> p.setProperty("consistency.shape.round.phrase.1", "[The shape is ]round")),
                "consistency.shape", "two values");
        one(refused(p -> {
            p.setProperty("consistency.shape.round.phrase.1", "[The shape is ]round");
            p.setProperty("consistency.shape.oval.stated", "oval");
        }), "consistency.shape.oval.phrase.1", "at least one phrase");
        one(refused(p -> p.setProperty("consistency.condition.closed", "yes")),
                "consistency.condition.closed", "true or false");
        one(refused(p -> p.setProperty("consistency.shape.closed", "true")),
                "consistency.shape.closed", "no values");
        one(refused(p -> p.setProperty("consistency.skin_type.finding", "Fitzpatrick type")),
                "consistency.skin_type.finding", "lower-case letters");
        one(refused(p -> p.setProperty("consistency.shape.finding", "shape")),
                "consistency.shape.finding", "no values");
        one(refused(p -> p.setProperty("consistency.diagnosis.finding.probability", "90%")),
                "consistency.diagnosis.finding.probability", "from 0 to 1");
        one(refused(p -> p.setProperty("consistency.diagnosis.finding.probability", "1.5")),
                "consistency.diagnosis.finding.probability", "from 0 to 1");
        one(refused(p -> p.setProperty("consistency.size.finding.probability", "0.5")),
                "consistency.size.finding.probability", "without a finding", "consistency.size.finding=");
        one(refused(p -> p.setProperty("consistency.diagnosis.questions", "1,first")),
                "consistency.diagnosis.questions", "'first'", "1 to 4");
        one(refused(p -> p.setProperty("consistency.shape.questions", "1")),
                "consistency.shape.questions", "no values");
        one(refused(p -> p.setProperty("consistency.colour.unestablished", "withheld")),
                "consistency.colour.unestablished", "must be refused", "or free", "'withheld'");
        one(refused(p -> p.setProperty("consistency.shape.unestablished", "refused")),
                "consistency.shape.unestablished", "no values");
        one(refused(p -> p.setProperty("consistency.border.established", "network")),
                "consistency.border.established", "must be finding", "or answers", "'network'");
        one(refused(p -> p.setProperty("consistency.colour.established", "finding")),
                "consistency.colour.established", "without a finding", "consistency.colour.finding=");
        one(refused(p -> p.setProperty("consistency.shape.established", "finding")),
                "consistency.shape.established", "no values");
    }

    @Test
    void missingRequiredKeys() throws Exception {
        for (String key : List.of("locale", "system.prompt", "turn.first", "turn.followup", "assistant.prefix",
                "stop.strings", "conditions.malignant", "diagnosis.pattern", "referral.urgent", "disclaimer")) {
            one(refused(p -> p.remove(key)), key, "is missing", "add a line " + key + "=");
            one(refused(p -> p.setProperty(key, "  ")), key, "is empty");
        }
    }

    @Test
    void unknownOrMalformedLocaleTag() throws Exception {
        one(refused(p -> p.setProperty("locale", "xx")), "locale", "'xx'", "no known language", "ISO 639");
        one(refused(p -> p.setProperty("locale", "zh_CN")), "locale", "not a BCP 47 language tag", "zh-CN", "hyphen");
        one(refused(p -> p.setProperty("locale", "en-XX")), "locale", "no known region 'XX'", "ISO 3166");
        one(refused(p -> p.setProperty("locale", "english")), "locale", "'english'");
    }

    @Test
    void exactlyFourQuestions() throws Exception {
        one(refused(p -> p.remove("question.4")), "question.4", "is missing", "exactly 4");
        one(refused(p -> p.setProperty("question.2", "")), "question.2", "is empty");
        one(refused(p -> p.setProperty("question.5", "One more?")), "question.5", "exactly 4", "remove this key");
        one(refused(p -> p.setProperty("question.0", "One more?")), "question.0", "exactly 4");
        one(refused(p -> p.setProperty("question.3", "Why? <ImageHere>")), "question.3", "<ImageHere>");
    }

    @Test
    void humanTurnsNeedTheQuestionPlaceholder() throws Exception {
        one(refused(p -> p.setProperty("turn.first", "###Human: <Img><ImageHere></Img> question")), "turn.first",
                "{question}");
        one(refused(p -> p.setProperty("turn.followup", "###Human: ")), "turn.followup", "{question}",
                "###Human: {question}");
    }

    @Test
    void theFirstTurnCarriesExactlyOneImagePlaceholder() throws Exception {
        one(refused(p -> p.setProperty("turn.first", "###Human: {question}")), "turn.first", "no <ImageHere>",
                "<Img><ImageHere></Img>");
        one(refused(p -> p.setProperty("turn.first", "###Human: <ImageHere><ImageHere> {question}")), "turn.first",
                "2 <ImageHere>", "once");
        one(refused(p -> p.setProperty("turn.followup", "###Human: <ImageHere> {question}")), "turn.followup",
                "<ImageHere>", "no image");
        one(refused(p -> p.setProperty("system.prompt", "Look: <ImageHere>")), "system.prompt", "<ImageHere>");
    }

    @Test
    void aFirstTurnWithoutImgTagsRepeatsOnlyThePlaceholder() throws Exception {
        Properties p = LocaleFiles.properties(LocaleFiles.EN);
        p.setProperty("turn.first", "USER: <ImageHere>\n{question}");
        LocaleTemplates t = LocaleFileReader.read(LocaleFiles.stream(p), "1", null);
        assertEquals("USER: <ImageHere><ImageHere>\nq", t.humanTurn("q", 2));
    }

    @Test
    void conditionsAndTheirCodes() throws Exception {
        one(refused(p -> p.setProperty("conditions.malignant", "melanoma, scc")), "conditions.malignant", "'scc'",
                "no condition.<code> key defines");
        one(refused(p -> p.setProperty("conditions.malignant", " , ")), "conditions.malignant", "is empty");
        one(refused(p -> p.setProperty("condition.Lichen-Planus", "lichen planus")), "condition.Lichen-Planus",
                "lower-case letters");
        one(refused(p -> p.setProperty("condition.lichen_planus", "|lichen planus")), "condition.lichen_planus",
                "display name first");
        // a name may identify one condition only: "keratosis" in two conditions would be ambiguous
        List<Problem> problems = refused(p -> {
            p.setProperty("condition.actinic_keratosis", "actinic keratosis|keratosis");
            p.setProperty("condition.seborrheic_keratosis", "seborrheic keratosis|Keratosis");
        });
        one(problems, "condition.seborrheic_keratosis", "'Keratosis'", "condition.actinic_keratosis");
        problems = refused(p -> p.stringPropertyNames().stream().filter(k -> k.startsWith("condition."))
                .forEach(p::remove));
        assertEquals(List.of("condition.<code>", "conditions.malignant", "conditions.malignant"),
                problems.stream().map(Problem::key).toList());
        assertTrue(problems.get(0).fix().contains("no condition is defined"));
    }

    @Test
    void theDiagnosisPatternIsARegexWithOneGroup() throws Exception {
        one(refused(p -> p.setProperty("diagnosis.pattern", "image of ([^.]+")), "diagnosis.pattern",
                "not a valid regular expression");
        one(refused(p -> p.setProperty("diagnosis.pattern", "image of [^.]+")), "diagnosis.pattern",
                "0 capturing groups", "exactly one");
        one(refused(p -> p.setProperty("diagnosis.pattern", "(could|may) be an image of ([^.]+)")),
                "diagnosis.pattern", "2 capturing groups", "(?:...)");
    }

    @Test
    void messagesMustBeValidMessageFormatPatterns() throws Exception {
        one(refused(p -> p.setProperty("message.busy", "Busy for {0 seconds")), "message.busy", "MessageFormat");
        one(refused(p -> p.setProperty("report.title", "Report {0,numbr}")), "report.title", "MessageFormat");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        List<Problem> problems = refused(p -> {
            p.setProperty("locale", "xx");
            p.remove("question.4");
            p.setProperty("turn.first", "###Human: {question}");
            p.remove("disclaimer");
        });
        assertEquals(List.of("locale", "turn.first", "question.4", "disclaimer"),
                problems.stream().map(Problem::key).toList());
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedNotGarbled() throws Exception {
        byte[] gbk = new String(LocaleFiles.bytes(LocaleFiles.ZH_CN), StandardCharsets.UTF_8)
                .getBytes(Charset.forName("GBK"));
        InvalidLocaleFileException e = assertThrows(InvalidLocaleFileException.class,
                () -> LocaleFileReader.read(new ByteArrayInputStream(gbk), "1", null));
        one(e.problems(), "(file)", "not valid UTF-8");
    }

    @Test
    void aByteOrderMarkIsIgnored() throws Exception {
        byte[] file = LocaleFiles.bytes(LocaleFiles.EN);
        byte[] withBom = new byte[file.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(file, 0, withBom, 3, file.length);
        assertNotNull(LocaleFileReader.read(new ByteArrayInputStream(withBom), "1", null));
    }

    @Test
    void usableButDoubtfulTextsAreWarnedAbout() throws Exception {
        Properties p = LocaleFiles.properties(LocaleFiles.EN);
        p.setProperty("message.busy", "Don't wait.");
        p.setProperty("mesage.typo", "Typo");
        p.remove("report.title");
        List<String> warnings = new ArrayList<>();
        LocaleTemplates t = LocaleFileReader.read(LocaleFiles.stream(p), "1", warnings);
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("mesage.typo: not a known key"), warnings.toString());
        assertTrue(warnings.get(1).startsWith("message.busy: a single apostrophe"), warnings.toString());
        assertTrue(warnings.get(2).contains("report.title"), warnings.toString());
        assertEquals("report.title", t.message("report.title"));
        assertEquals("Dont wait.", t.message("message.busy")); // what MessageFormat does with it
    }
}
