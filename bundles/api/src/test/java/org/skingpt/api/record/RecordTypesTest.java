package org.skingpt.api.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;

class RecordTypesTest {

    @Test
    void settingsAreWrittenAsJsonWithAFixedKeyOrder() {
        GenerationSettings s = new GenerationSettings(300, 1.0, 0, 0.9, 1.0, 42L, List.of("###", "a\"b\n"));
        assertEquals("{\"maxNewTokens\":300,\"temperature\":1.0,\"topK\":0,\"topP\":0.9,\"repetitionPenalty\":1.0,"
                + "\"seed\":42,\"stopStrings\":[\"###\",\"a\\\"b\\n\"]}", RecordedProvenance.settingsJson(s));
    }

    @Test
    void anAnswerKeptConsistentRecordsWhatItWasKeptTo() {
        var group = new org.skingpt.api.inference.StatementGroup("size", Map.of("small", List.of(
                new org.skingpt.api.inference.StatementPhrase("about ", "[0-5]"))));
        GenerationSettings s = GenerationSettings.greedy(10, List.of("###")).withConsistency(
                new org.skingpt.api.inference.ConsistencyConstraint(List.of(group),
                        Map.of("size", java.util.Set.of("small", "medium"), "border", java.util.Set.of("irregular"))));
        assertEquals("{\"maxNewTokens\":10,\"temperature\":0.0,\"topK\":0,\"topP\":1.0,\"repetitionPenalty\":1.0,"
                + "\"seed\":0,\"stopStrings\":[\"###\"],\"consistency\":{\"border\":[\"irregular\"],"
                + "\"size\":[\"medium\",\"small\"]}}", RecordedProvenance.settingsJson(s));
    }

    @Test
    void provenanceKeepsSeedSettingsAndSortedReportBundles() {
        Provenance p = new Provenance("enc@1.0", "aa", "llm@2.0", "bb", "en@1.2",
                GenerationSettings.skinGpt4Defaults(7L), true, Instant.EPOCH);
        RecordedProvenance r = RecordedProvenance.of(p, Map.of("patient-pdf", "1.1", "fhir-r4", "1.0"));
        assertEquals(7L, r.seed());
        assertEquals(List.of("fhir-r4", "patient-pdf"), List.copyOf(r.reportBundles().keySet()));
        assertEquals("en@1.2", r.localeBundle());
        assertEquals(true, r.syntheticModel());
        assertEquals(0, r.decodeBatch(), "provenance made with the old constructor: decode batch not known");
    }

    @Test
    void provenanceKeepsTheDecodeBatch() {
        Provenance p = new Provenance("enc@1.0", "aa", "llm@2.0", "bb", "en@1.2",
                GenerationSettings.skinGpt4Defaults(7L), false, Instant.EPOCH, 3);
        assertEquals(true, p.batched());
        RecordedProvenance r = RecordedProvenance.of(p, Map.of());
        assertEquals(3, r.decodeBatch());
        assertEquals(0, new RecordedProvenance("enc@1.0", "aa", "llm@2.0", "bb", "en@1.2", null, 7L, "", false)
                .decodeBatch());
        assertEquals(false, new Provenance("e", "a", "l", "b", "en@1", null, false, Instant.EPOCH, 1).batched());
    }

    @Test
    void queriesRefuseBadPagesAndNormaliseBlankFilters() {
        assertThrows(IllegalArgumentException.class, () -> HistoryQuery.latest(0));
        assertThrows(IllegalArgumentException.class, () -> HistoryQuery.latest(HistoryQuery.MAX_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> HistoryQuery.latest(10).page(-1, 10));
        assertThrows(IllegalArgumentException.class,
                () -> HistoryQuery.latest(10).between(Instant.ofEpochSecond(10), Instant.ofEpochSecond(5)));
        assertNull(HistoryQuery.latest(10).withClinician("  ").clinician());
        assertEquals("dr", HistoryQuery.latest(10).withClinician(" dr ").clinician());
        assertThrows(IllegalArgumentException.class, () -> AuditQuery.latest(501));
    }

    @Test
    void pageSaysWhetherMoreFollow() {
        assertEquals(true, new Page<>(List.of(1, 2), 5, 0, 2).hasMore());
        assertEquals(false, new Page<>(List.of(5), 5, 4, 2).hasMore());
    }
}
