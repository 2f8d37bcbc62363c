package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;
import org.skingpt.api.record.ConsultationHeader;
import org.skingpt.api.review.Agreement;
import org.skingpt.api.review.ModelResults;
import org.skingpt.api.review.NewStudy;
import org.skingpt.api.review.QueueEntry;
import org.skingpt.api.review.Review;
import org.skingpt.api.review.ReviewRefusedException;
import org.skingpt.api.review.ReviewRefusedException.Reason;
import org.skingpt.api.review.ReviewStudies;
import org.skingpt.api.review.Statement;
import org.skingpt.api.review.StatementResult;
import org.skingpt.api.review.Study;
import org.skingpt.api.review.StudyResults;
import org.skingpt.api.review.StudyStatus;

/** Review studies in the clinical record: the workflow, its refusals, erasure, results. Runs on H2 and PostgreSQL. */
abstract class ReviewStudiesTests extends StoreTestBase {

    static final String MODEL = "skingpt4-llama@2.1.0";

    /** A stored consultation whose findings name this diagnosis. */
    static String consultation(RecordStore store, String diagnosis, String code, String model) {
        String id = newId();
        store.record().saveConsultation(new ConsultationHeader(id, "dr.li", T0, Locale.ENGLISH, Locale.ENGLISH, "p-" + id,
                "", "", "skingpt4-vit@1.0.0", model), List.of(image(1)));
        store.record().recordFindings(id, new Findings("a lesion", "", diagnosis, code, List.of(), "", "", false, "", ""));
        return id;
    }

    /** The same answer to every statement but the last, which gets {@code last}. */
    static Map<Statement, Agreement> ratings(Agreement most, Agreement last) {
        Map<Statement, Agreement> m = new EnumMap<>(Statement.class);
        for (Statement s : Statement.values()) {
            m.put(s, s == Statement.WILLING_TO_USE ? last : most);
        }
        return m;
    }

    @Test
    void anAdminCreatesAStudyReviewersRateAndTheResultsAreThePapersTableAndSurviveARestart() {
        TestDatabase db = newDatabase();
        RecordStore store = open(db);
        String melanoma = consultation(store, "Melanoma", "melanoma", MODEL);
        String psoriasis = consultation(store, "psoriasis", "psoriasis", MODEL);
        ReviewStudies studies = store.reviewStudies();

        Study study = studies.create(new NewStudy("  Pilot  ", List.of(melanoma, psoriasis, melanoma), MODEL), "admin");
        assertEquals("Pilot", study.title());
        assertEquals(StudyStatus.OPEN, study.status());
        assertEquals(List.of(melanoma, psoriasis), study.items().stream().map(i -> i.consultationId()).toList(),
                "in order, duplicates dropped");
        assertEquals(MODEL, study.items().get(0).languageModel());
        assertTrue(study.reviewers().isEmpty());
        study = studies.assignReviewers(study.id(), List.of("rev-b", " rev-a ", "rev-b"), "admin");
        assertEquals(List.of("rev-a", "rev-b"), study.reviewers());

        assertEquals(List.of(false, false), studies.queue("rev-a").stream().map(QueueEntry::reviewed).toList());
        // rev-a: names the condition by its code (as chosen from the list) and agrees with everything but the last.
        Review a1 = studies.submit(study.id(), melanoma, "rev-a", "Melanoma", "melanoma",
                ratings(Agreement.STRONGLY_AGREE, Agreement.NEUTRAL), "clear case");
        assertEquals(clock.instant(), a1.submittedAt());
        studies.submit(study.id(), psoriasis, "rev-a", "eczema", "eczema", ratings(Agreement.AGREE, Agreement.DISAGREE),
                "");
        // rev-b: free text, matched by name ignoring case.
        studies.submit(study.id(), melanoma, "rev-b", "  MELANOMA ", "", ratings(Agreement.AGREE, Agreement.AGREE), "");
        studies.submit(study.id(), psoriasis, "rev-b", "Psoriasis vulgaris", "", ratings(Agreement.DISAGREE,
                Agreement.STRONGLY_DISAGREE), "too vague");
        assertEquals(List.of(true, true), studies.queue("rev-a").stream().map(QueueEntry::reviewed).toList());
        assertTrue(studies.queue("someone-else").isEmpty());

        StudyResults results = studies.results(study.id());
        assertEquals(1, results.models().size());
        ModelResults table = results.models().get(0);
        assertEquals(MODEL, table.modelVersion());
        assertEquals(2, table.items());
        assertEquals(4, table.reviews());
        StatementResult dx = table.statements().get(0);
        assertEquals(Statement.DIAGNOSIS_CORRECT, dx.statement());
        assertEquals(4, dx.n());
        assertEquals(3, dx.agree().count());
        assertEquals(75.0, dx.agree().percent(), 1e-9);
        assertEquals(30.06, dx.agree().low(), 0.01, "Wilson 3/4");
        assertEquals(95.44, dx.agree().high(), 0.01, "Wilson 3/4");
        assertEquals(Map.of(Agreement.STRONGLY_AGREE, 1, Agreement.AGREE, 2, Agreement.NEUTRAL, 0, Agreement.DISAGREE,
                1, Agreement.STRONGLY_DISAGREE, 0), dx.distribution());
        assertEquals(80.63, dx.published());
        assertEquals(2, dx.interRater().units());
        assertEquals(4, dx.interRater().values());
        // Units {5,4} and {4,2}, by hand: values 2, 4, 5 used 1, 2, 1 times; ordinal delta^2(2,4) = delta^2(4,5)
        // = (3 - 1.5)^2 = 2.25, delta^2(2,5) = (4 - 1)^2 = 9; sum o*delta^2 = 9, sum n_c*n_k*delta^2 = 36;
        // alpha = 1 - (4 - 1) * 9 / 36 = 0.25.
        assertEquals(0.25, dx.interRater().alpha(), 1e-9);
        StatementResult willing = table.statements().get(6);
        assertEquals(Statement.WILLING_TO_USE, willing.statement());
        assertEquals(1, willing.agree().count(), "only rev-b's AGREE on the melanoma");
        assertEquals(77.50, willing.published());
        // Diagnosis: rev-a melanoma (code) yes, rev-a eczema no, rev-b MELANOMA (name) yes, rev-b "Psoriasis vulgaris" no.
        assertEquals(2, table.diagnosisAgreement().count());
        assertEquals(4, table.diagnosisAgreement().n());

        List<AuditEntry> trail = store.audit().find(AuditQuery.latest(50)).items();
        assertEquals(1, count(trail, AuditAction.STUDY_CREATED, "admin", study.id()));
        assertEquals(1, count(trail, AuditAction.STUDY_REVIEWERS_CHANGED, "admin", study.id()));
        assertEquals(2, count(trail, AuditAction.REVIEW_SUBMITTED, "rev-a", null));
        assertEquals(1, count(trail, AuditAction.REVIEW_SUBMITTED, "rev-b", melanoma));
        assertTrue(trail.stream().noneMatch(e -> e.detail().contains("clear case") || e.detail().contains("vulgaris")),
                "the reviewers' words are clinical content, never in the audit");

        Study closed = studies.close(study.id(), "admin");
        assertEquals(StudyStatus.CLOSED, closed.status());
        assertEquals("admin", closed.closedBy());
        assertEquals(closed, studies.close(study.id(), "other-admin"), "closing twice changes nothing");
        assertEquals(1, count(store.audit().find(AuditQuery.latest(50)).items(), AuditAction.STUDY_CLOSED, "admin",
                study.id()));
        assertTrue(studies.queue("rev-a").isEmpty(), "a closed study leaves the queue");

        List<Review> reviews = studies.reviews(study.id());
        assertEquals(4, reviews.size());
        store.close();
        RecordStore again = open(db);
        assertEquals(closed, again.reviewStudies().get(study.id()).orElseThrow());
        assertEquals(List.of(closed), again.reviewStudies().list());
        assertEquals(reviews, again.reviewStudies().reviews(study.id()));
        assertEquals(results.models(), again.reviewStudies().results(study.id()).models());
    }

    @Test
    void refusedReviewsSayWhyAndLoseNothing() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore store = open(db);
        String one = consultation(store, "Melanoma", "melanoma", MODEL);
        String two = consultation(store, "acne", "acne", MODEL);
        String outside = consultation(store, "acne", "acne", MODEL);
        ReviewStudies studies = store.reviewStudies();
        Study study = studies.create(new NewStudy("Refusals", List.of(one, two), ""), "admin");
        studies.assignReviewers(study.id(), List.of("rev-a"), "admin");
        Map<Statement, Agreement> all = ratings(Agreement.AGREE, Agreement.AGREE);
        studies.submit(study.id(), one, "rev-a", "melanoma", "melanoma", all, "");
        long auditBefore = store.audit().find(AuditQuery.latest(1)).total();

        refused(Reason.NOT_ASSIGNED, "not assigned", () -> studies.submit(study.id(), one, "intruder", "melanoma", "",
                all, ""));
        refused(Reason.ALREADY_REVIEWED, "already reviewed", () -> studies.submit(study.id(), one, "rev-a", "naevus", "",
                ratings(Agreement.STRONGLY_DISAGREE, Agreement.STRONGLY_DISAGREE), "changed my mind"));
        refused(Reason.NOT_IN_STUDY, "not part of study", () -> studies.submit(study.id(), outside, "rev-a", "acne", "",
                all, ""));
        refused(Reason.STUDY_NOT_FOUND, "no review study", () -> studies.submit("study-nope", one, "rev-a", "x", "", all,
                ""));
        refused(Reason.INVALID, "own diagnosis", () -> studies.submit(study.id(), two, "rev-a", "  ", "", all, ""));
        Map<Statement, Agreement> six = new EnumMap<>(all);
        six.remove(Statement.PROTECTS_PRIVACY);
        refused(Reason.INVALID, "protectsPrivacy", () -> studies.submit(study.id(), two, "rev-a", "acne", "", six, ""));
        refused(Reason.INVALID, "comment", () -> studies.submit(study.id(), two, "rev-a", "acne", "", all,
                "x".repeat(ReviewStudies.MAX_COMMENT_CHARS + 1)));
        refused(Reason.CONSULTATION_NOT_FOUND, "not in the record", () -> studies.create(new NewStudy("Bad",
                List.of(one, "c-never-stored"), ""), "admin"));
        refused(Reason.WRONG_MODEL_VERSION, "answered by " + MODEL, () -> studies.create(new NewStudy("Other model",
                List.of(one), "skingpt4-llama@9.9.9"), "admin"));
        refused(Reason.INVALID, "title", () -> studies.create(new NewStudy(" ", List.of(one), ""), "admin"));
        refused(Reason.INVALID, "not a user name", () -> studies.assignReviewers(study.id(), List.of("rev a"), "admin"));

        // Erased: the review of it is gone with it, and a new one is refused.
        assertEquals(1, store.record().erase(one, "dpo", "patient request"));
        refused(Reason.CONSULTATION_ERASED, "was erased", () -> studies.submit(study.id(), one, "rev-b", "melanoma", "",
                all, ""));
        studies.close(study.id(), "admin");
        refused(Reason.STUDY_CLOSED, "was closed by admin", () -> studies.submit(study.id(), two, "rev-a", "acne", "acne",
                all, ""));
        refused(Reason.STUDY_CLOSED, "reviewers cannot change", () -> studies.assignReviewers(study.id(),
                List.of("rev-b"), "admin"));

        assertEquals(List.of("Refusals"), studies.list().stream().map(Study::title).toList(), "no refused study stored");
        assertEquals(List.of("rev-a"), studies.get(study.id()).orElseThrow().reviewers());
        assertTrue(studies.reviews(study.id()).isEmpty(), "the only review went with the erased consultation");
        // Only the erasure and the closing were audited after the refusals.
        List<AuditEntry> since = store.audit().find(AuditQuery.latest(10)).items().stream()
                .filter(e -> e.sequence() > auditBefore).toList();
        assertEquals(List.of(AuditAction.STUDY_CLOSED.name(), AuditAction.ERASED.name()),
                since.stream().map(AuditEntry::action).toList());
        assertTrue(since.get(1).detail().contains("with 1 study review(s)"), since.get(1).detail());
        try (Connection c = db.connect()) {
            assertEquals(0, count(c, "SELECT COUNT(*) FROM reviews"));
        }
    }

    @Test
    void erasingAConsultationKeepsItsStudyItemAsATombstoneAndTheOtherReviews() {
        RecordStore store = open(newDatabase());
        String kept = consultation(store, "acne", "acne", MODEL);
        String erased = consultation(store, "melanoma", "melanoma", MODEL);
        ReviewStudies studies = store.reviewStudies();
        Study study = studies.create(new NewStudy("Erasure", List.of(kept, erased), ""), "admin");
        studies.assignReviewers(study.id(), List.of("rev-a", "rev-b"), "admin");
        for (String reviewer : List.of("rev-a", "rev-b")) {
            for (String item : List.of(kept, erased)) {
                studies.submit(study.id(), item, reviewer, "acne", "acne", ratings(Agreement.AGREE, Agreement.NEUTRAL), "");
            }
        }
        store.record().erase(erased, "dpo", "request");

        Study after = studies.get(study.id()).orElseThrow();
        assertFalse(after.items().get(0).erased());
        assertTrue(after.items().get(1).erased());
        assertEquals(clock.instant(), after.items().get(1).erasedAt());
        assertEquals(List.of(kept, kept), studies.reviews(study.id()).stream().map(Review::consultationId).toList());
        assertEquals(List.of(kept), studies.queue("rev-a").stream().map(QueueEntry::consultationId).toList());
        StudyResults results = studies.results(study.id());
        assertEquals(1, results.erasedItems());
        assertEquals(1, results.models().get(0).items());
        assertEquals(2, results.models().get(0).statements().get(0).n());
        assertEquals(2, results.models().get(0).diagnosisAgreement().count());
    }

    @Test
    void resultsAreSplitByModelVersion() {
        RecordStore store = open(newDatabase());
        String old = consultation(store, "acne", "acne", "skingpt4-llama@2.0.0");
        String current = consultation(store, "acne", "acne", MODEL);
        ReviewStudies studies = store.reviewStudies();
        Study study = studies.create(new NewStudy("Two versions", List.of(current, old), ""), "admin");
        studies.assignReviewers(study.id(), List.of("rev-a"), "admin");
        studies.submit(study.id(), old, "rev-a", "acne", "acne", ratings(Agreement.DISAGREE, Agreement.DISAGREE), "");
        studies.submit(study.id(), current, "rev-a", "rosacea", "", ratings(Agreement.AGREE, Agreement.AGREE), "");
        List<ModelResults> models = studies.results(study.id()).models();
        assertEquals(List.of("skingpt4-llama@2.0.0", MODEL), models.stream().map(ModelResults::modelVersion).toList());
        assertEquals(0, models.get(0).statements().get(0).agree().count());
        assertEquals(1, models.get(0).diagnosisAgreement().count());
        assertEquals(1, models.get(1).statements().get(0).agree().count());
        assertEquals(0, models.get(1).diagnosisAgreement().count());
        assertFalse(models.get(1).statements().get(0).interRater().defined(), "one reviewer: nothing to compare");
    }

    private static long count(List<AuditEntry> trail, AuditAction action, String actor, String target) {
        return trail.stream().filter(e -> e.action().equals(action.name()) && e.actor().equals(actor)
                && (target == null || e.target().equals(target))).count();
    }

    private static void refused(Reason reason, String says, Executable call) {
        ReviewRefusedException e = assertThrows(ReviewRefusedException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(says), () -> "'" + e.getMessage() + "' does not say '" + says + "'");
    }
}
