package org.skingpt.store.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.review.Agreement;
import org.skingpt.api.review.InterRater;
import org.skingpt.api.review.ModelResults;
import org.skingpt.api.review.NewStudy;
import org.skingpt.api.review.Proportion;
import org.skingpt.api.review.QueueEntry;
import org.skingpt.api.review.Review;
import org.skingpt.api.review.ReviewRefusedException;
import org.skingpt.api.review.ReviewRefusedException.Reason;
import org.skingpt.api.review.ReviewStudies;
import org.skingpt.api.review.Statement;
import org.skingpt.api.review.StatementResult;
import org.skingpt.api.review.Study;
import org.skingpt.api.review.StudyItem;
import org.skingpt.api.review.StudyResults;
import org.skingpt.api.review.StudyStatus;

/**
 * Review studies on the tables of schema version 6. Every write locks the study's row first, so that a review and
 * the study's closing (on any node) are serialised; a review also locks its consultation's row, as erasure does,
 * so a review of a consultation being erased is either erased with it or refused.
 */
final class JdbcReviewStudies implements ReviewStudies {

    /** Rating columns of {@code reviews}, in the order of {@link Statement}. */
    private static final Map<Statement, String> COLUMNS = columns();
    private static final Pattern USER = Pattern.compile("[^\\s,;]{1," + ClinicalRecord.MAX_NAME_CHARS + "}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9_]{0,200}");

    private final Database db;
    private final JdbcAuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    JdbcReviewStudies(Database db, JdbcAuditTrail audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    private static Map<Statement, String> columns() {
        Map<Statement, String> m = new EnumMap<>(Statement.class);
        m.put(Statement.DIAGNOSIS_CORRECT, "diagnosis_correct");
        m.put(Statement.DESCRIPTION_INFORMATIVE, "description_informative");
        m.put(Statement.SUGGESTIONS_USEFUL, "suggestions_useful");
        m.put(Statement.HELPS_DOCTORS, "helps_doctors");
        m.put(Statement.HELPS_PATIENTS, "helps_patients");
        m.put(Statement.PROTECTS_PRIVACY, "protects_privacy");
        m.put(Statement.WILLING_TO_USE, "willing_to_use");
        return m;
    }

    // ------------------------------------------------------------------------------------------ writes

    @Override
    public Study create(NewStudy request, String actor) {
        if (request == null) {
            throw invalid("give the study a title and consultations");
        }
        String who = actor(actor);
        String title = request.title().strip();
        if (title.isEmpty() || title.length() > MAX_TITLE_CHARS) {
            throw invalid("a study's title is 1 to " + MAX_TITLE_CHARS + " characters (got " + title.length() + ")");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : request.consultationIds()) {
            if (id != null && !id.isBlank()) {
                ids.add(id.strip());
            }
        }
        if (ids.isEmpty() || ids.size() > MAX_ITEMS) {
            throw invalid("a study holds 1 to " + MAX_ITEMS + " stored consultations (got " + ids.size() + ")");
        }
        for (String id : ids) {
            if (id.length() > ClinicalRecord.MAX_ID_CHARS || !id.matches("[A-Za-z0-9._:-]+")) {
                throw new ReviewRefusedException(Reason.CONSULTATION_NOT_FOUND, "'" + shorten(id)
                        + "' is not a consultation id; nothing was created");
            }
        }
        String model = request.modelVersion();
        if (model.length() > ClinicalRecord.MAX_NAME_CHARS) {
            throw invalid("the model version is longer than " + ClinicalRecord.MAX_NAME_CHARS + " characters");
        }
        Instant now = Jdbc.micros(clock.instant());
        String id = "study-" + HexFormat.of().formatHex(randomBytes(6));
        return db.transaction(c -> {
            List<StudyItem> items = new ArrayList<>();
            int index = 0;
            for (String consultation : ids) {
                String languageModel;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT language_model FROM consultations WHERE id = ?")) {
                    ps.setString(1, consultation);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new ReviewRefusedException(Reason.CONSULTATION_NOT_FOUND, "consultation "
                                    + consultation + " is not in the record (never stored, or erased); nothing was"
                                    + " created");
                        }
                        languageModel = Jdbc.getString(rs, "language_model");
                    }
                }
                if (!model.isEmpty() && !model.equals(languageModel)) {
                    throw new ReviewRefusedException(Reason.WRONG_MODEL_VERSION, "consultation " + consultation
                            + " was answered by " + (languageModel.isEmpty() ? "an unknown model" : languageModel)
                            + ", not by " + model + " as the study asks; nothing was created");
                }
                items.add(new StudyItem(index++, consultation, languageModel, null));
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO review_studies (id, title, model_version,"
                    + " created_by, created_at, status) VALUES (?, ?, ?, ?, ?, 'OPEN')")) {
                ps.setString(1, id);
                ps.setString(2, title);
                Jdbc.setNullable(ps, 3, model);
                ps.setString(4, who);
                Jdbc.setInstant(ps, 5, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO review_study_items (study_id,"
                    + " consultation_id, idx, language_model) VALUES (?, ?, ?, ?)")) {
                for (StudyItem item : items) {
                    ps.setString(1, id);
                    ps.setString(2, item.consultationId());
                    ps.setInt(3, item.index());
                    Jdbc.setNullable(ps, 4, item.languageModel());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            audit.appendIn(c, AuditEntry.of(AuditAction.STUDY_CREATED, who, id, fit(items.size()
                    + " consultations" + (model.isEmpty() ? "" : ", model " + model) + ": "
                    + String.join(" ", ids)), ""));
            return load(c, id).orElseThrow();
        });
    }

    @Override
    public Study assignReviewers(String studyId, Collection<String> reviewers, String actor) {
        String who = actor(actor);
        TreeSet<String> names = new TreeSet<>();
        for (String r : reviewers == null ? List.<String>of() : reviewers) {
            if (r == null || r.isBlank()) {
                continue;
            }
            String name = r.strip();
            if (!USER.matcher(name).matches()) {
                throw invalid("'" + shorten(name) + "' is not a user name (1 to " + ClinicalRecord.MAX_NAME_CHARS
                        + " characters without spaces, commas or semicolons); no reviewer was changed");
            }
            names.add(name);
        }
        if (names.size() > MAX_REVIEWERS) {
            throw invalid("a study has at most " + MAX_REVIEWERS + " reviewers (got " + names.size() + ")");
        }
        Instant now = Jdbc.micros(clock.instant());
        return db.transaction(c -> {
            Study study = lockOpen(c, studyId, "its reviewers cannot change");
            TreeSet<String> before = new TreeSet<>(study.reviewers());
            TreeSet<String> added = new TreeSet<>(names);
            added.removeAll(before);
            TreeSet<String> removed = new TreeSet<>(before);
            removed.removeAll(names);
            if (added.isEmpty() && removed.isEmpty()) {
                return study;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM review_study_reviewers WHERE study_id = ? AND reviewer = ?")) {
                for (String r : removed) {
                    ps.setString(1, study.id());
                    ps.setString(2, r);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO review_study_reviewers (study_id, reviewer,"
                    + " assigned_by, assigned_at) VALUES (?, ?, ?, ?)")) {
                for (String r : added) {
                    ps.setString(1, study.id());
                    ps.setString(2, r);
                    ps.setString(3, who);
                    Jdbc.setInstant(ps, 4, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            audit.appendIn(c, AuditEntry.of(AuditAction.STUDY_REVIEWERS_CHANGED, who, study.id(), fit("added "
                    + (added.isEmpty() ? "none" : String.join(" ", added)) + "; removed "
                    + (removed.isEmpty() ? "none" : String.join(" ", removed))), ""));
            return load(c, study.id()).orElseThrow();
        });
    }

    @Override
    public Study close(String studyId, String actor) {
        String who = actor(actor);
        Instant now = Jdbc.micros(clock.instant());
        return db.transaction(c -> {
            Study study = lock(c, studyId);
            if (!study.open()) {
                return study;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE review_studies SET status = 'CLOSED', closed_by = ?, closed_at = ? WHERE id = ?")) {
                ps.setString(1, who);
                Jdbc.setInstant(ps, 2, now);
                ps.setString(3, study.id());
                ps.executeUpdate();
            }
            audit.appendIn(c, AuditEntry.of(AuditAction.STUDY_CLOSED, who, study.id(), "", ""));
            return load(c, study.id()).orElseThrow();
        });
    }

    @Override
    public Review submit(String studyId, String consultationId, String reviewer, String diagnosis,
            String conditionCode, Map<Statement, Agreement> ratings, String comment) {
        String who = actor(reviewer);
        String dx = diagnosis == null ? "" : diagnosis.strip();
        if (dx.isEmpty()) {
            throw invalid("give your own diagnosis before rating the answers; nothing was stored");
        }
        if (dx.length() > MAX_DIAGNOSIS_CHARS) {
            throw invalid("the diagnosis is " + dx.length() + " characters long; at most " + MAX_DIAGNOSIS_CHARS
                    + " are kept; nothing was stored");
        }
        String code = conditionCode == null ? "" : conditionCode.strip();
        if (!CODE.matcher(code).matches()) {
            throw invalid("'" + shorten(code) + "' is not a condition code; nothing was stored");
        }
        String note = comment == null ? "" : comment.strip();
        if (note.length() > MAX_COMMENT_CHARS) {
            throw invalid("the comment is " + note.length() + " characters long; at most " + MAX_COMMENT_CHARS
                    + " are kept; nothing was stored");
        }
        if (dx.indexOf('\0') >= 0 || note.indexOf('\0') >= 0) {
            throw invalid("the diagnosis or comment holds a NUL character; nothing was stored");
        }
        List<Statement> missing = new ArrayList<>();
        for (Statement s : Statement.values()) {
            if (ratings == null || ratings.get(s) == null) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            throw invalid("answer every statement: " + missing.size() + " of " + Statement.values().length
                    + " have no answer (" + String.join(", ", missing.stream().map(Statement::key).toList())
                    + "); nothing was stored");
        }
        String consultation = consultationId == null ? "" : consultationId.strip();
        Instant now = Jdbc.micros(clock.instant());
        return db.transaction(c -> {
            Study study = lockOpen(c, studyId, "it takes no more reviews");
            StudyItem item = study.items().stream().filter(i -> i.consultationId().equals(consultation)).findFirst()
                    .orElseThrow(() -> new ReviewRefusedException(Reason.NOT_IN_STUDY, "consultation "
                            + shorten(consultation) + " is not part of study '" + study.title()
                            + "'; nothing was stored"));
            boolean stored;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM consultations WHERE id = ? FOR UPDATE")) {
                ps.setString(1, consultation);
                try (ResultSet rs = ps.executeQuery()) {
                    stored = rs.next();
                }
            }
            if (item.erased() || !stored) {
                throw new ReviewRefusedException(Reason.CONSULTATION_ERASED, "consultation " + consultation
                        + " was erased from the record" + (item.erasedAt() == null ? "" : " on " + item.erasedAt())
                        + "; it can no longer be reviewed; nothing was stored");
            }
            if (!study.reviewers().contains(who)) {
                throw new ReviewRefusedException(Reason.NOT_ASSIGNED, who + " is not assigned to review study '"
                        + study.title() + "'; an admin assigns reviewers; nothing was stored");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM reviews WHERE study_id = ? AND consultation_id = ? AND reviewer = ?")) {
                ps.setString(1, study.id());
                ps.setString(2, consultation);
                ps.setString(3, who);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new ReviewRefusedException(Reason.ALREADY_REVIEWED, who + " has already reviewed"
                                + " consultation " + consultation + " in this study; a review is never replaced;"
                                + " nothing was stored");
                    }
                }
            }
            StringBuilder sql = new StringBuilder("INSERT INTO reviews (study_id, consultation_id, reviewer,"
                    + " diagnosis, condition_code, review_comment, submitted_at");
            for (String column : COLUMNS.values()) {
                sql.append(", ").append(column);
            }
            sql.append(") VALUES (?, ?, ?, ?, ?, ?, ?").append(", ?".repeat(COLUMNS.size())).append(')');
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setString(1, study.id());
                ps.setString(2, consultation);
                ps.setString(3, who);
                ps.setString(4, dx);
                Jdbc.setNullable(ps, 5, code);
                ps.setString(6, note);
                Jdbc.setInstant(ps, 7, now);
                int i = 8;
                for (Statement s : COLUMNS.keySet()) {
                    ps.setShort(i++, (short) ratings.get(s).score());
                }
                ps.executeUpdate();
            }
            // The reviewer's diagnosis and comment are clinical content: never in the audit.
            audit.appendIn(c, AuditEntry.of(AuditAction.REVIEW_SUBMITTED, who, consultation, "study " + study.id(),
                    ""));
            return new Review(study.id(), consultation, who, dx, code, ratings, note, now);
        });
    }

    // ------------------------------------------------------------------------------------------- reads

    @Override
    public Optional<Study> get(String studyId) {
        if (studyId == null || studyId.isBlank() || studyId.length() > ClinicalRecord.MAX_ID_CHARS) {
            return Optional.empty();
        }
        return db.transaction(c -> load(c, studyId.strip()));
    }

    @Override
    public List<Study> list() {
        return db.transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM review_studies ORDER BY created_at DESC, id DESC");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            List<Study> out = new ArrayList<>();
            for (String id : ids) {
                load(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public List<QueueEntry> queue(String reviewer) {
        if (reviewer == null || reviewer.isBlank()) {
            return List.of();
        }
        return db.transaction(c -> {
            List<QueueEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.title, i.idx, i.consultation_id,"
                    + " (SELECT COUNT(*) FROM reviews r WHERE r.study_id = s.id AND r.consultation_id = i.consultation_id"
                    + " AND r.reviewer = a.reviewer) AS done"
                    + " FROM review_study_reviewers a JOIN review_studies s ON s.id = a.study_id"
                    + " JOIN review_study_items i ON i.study_id = s.id"
                    + " WHERE a.reviewer = ? AND s.status = 'OPEN' AND i.erased_at IS NULL"
                    + " ORDER BY s.created_at DESC, s.id, i.idx")) {
                ps.setString(1, reviewer.strip());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new QueueEntry(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                                rs.getLong(5) > 0));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Review> reviews(String studyId) {
        if (studyId == null || studyId.isBlank()) {
            return List.of();
        }
        return db.transaction(c -> reviews(c, studyId.strip()));
    }

    private List<Review> reviews(Connection c, String studyId) throws SQLException {
        List<Review> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.* FROM reviews r JOIN review_study_items i"
                + " ON i.study_id = r.study_id AND i.consultation_id = r.consultation_id"
                + " WHERE r.study_id = ? ORDER BY i.idx, r.reviewer")) {
            ps.setString(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<Statement, Agreement> ratings = new EnumMap<>(Statement.class);
                    for (Map.Entry<Statement, String> e : COLUMNS.entrySet()) {
                        ratings.put(e.getKey(), Agreement.ofScore(rs.getInt(e.getValue())));
                    }
                    out.add(new Review(rs.getString("study_id"), rs.getString("consultation_id"),
                            rs.getString("reviewer"), rs.getString("diagnosis"), Jdbc.getString(rs, "condition_code"),
                            ratings, rs.getString("review_comment"), Jdbc.getInstant(rs, "submitted_at")));
                }
            }
        }
        return out;
    }

    @Override
    public StudyResults results(String studyId) {
        return db.transaction(c -> {
            Study study = load(c, studyId == null ? "" : studyId.strip()).orElseThrow(() -> notFound(studyId));
            List<Review> all = reviews(c, study.id());
            // The model's diagnosis as its findings named it, per consultation still stored.
            Map<String, String[]> modelDiagnosis = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT f.consultation_id, f.diagnosis, f.condition_code"
                    + " FROM findings f JOIN review_study_items i ON i.consultation_id = f.consultation_id"
                    + " WHERE i.study_id = ?")) {
                ps.setString(1, study.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        modelDiagnosis.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                    }
                }
            }
            return compute(study, all, modelDiagnosis, clock.instant());
        });
    }

    /**
     * The results table from a study's reviews; pure, for tests.
     *
     * @param modelDiagnosis consultation id to {diagnosis, condition code} of the model's findings
     */
    static StudyResults compute(Study study, List<Review> reviews, Map<String, String[]> modelDiagnosis,
            Instant now) {
        TreeMap<String, List<StudyItem>> itemsByModel = new TreeMap<>();
        int erased = 0;
        for (StudyItem item : study.items()) {
            if (item.erased()) {
                erased++;
            } else {
                itemsByModel.computeIfAbsent(item.languageModel(), k -> new ArrayList<>()).add(item);
            }
        }
        List<ModelResults> models = new ArrayList<>();
        for (Map.Entry<String, List<StudyItem>> group : itemsByModel.entrySet()) {
            List<String> itemIds = group.getValue().stream().map(StudyItem::consultationId).toList();
            List<Review> mine = reviews.stream().filter(r -> itemIds.contains(r.consultationId())).toList();
            List<StatementResult> statements = new ArrayList<>();
            for (Statement s : Statement.values()) {
                Map<Agreement, Integer> distribution = new EnumMap<>(Agreement.class);
                int agree = 0;
                for (Review r : mine) {
                    Agreement a = r.rating(s);
                    distribution.merge(a, 1, Integer::sum);
                    if (a.agrees()) {
                        agree++;
                    }
                }
                List<List<Integer>> units = new ArrayList<>();
                for (String id : itemIds) {
                    units.add(mine.stream().filter(r -> r.consultationId().equals(id)).map(r -> r.rating(s).score())
                            .toList());
                }
                InterRater alpha = ReviewStatistics.alpha(units, ReviewStatistics.Metric.ORDINAL);
                statements.add(new StatementResult(s, ReviewStatistics.wilson(agree, mine.size()), distribution, alpha,
                        s.publishedAgreePercent()));
            }
            int compared = 0;
            int matching = 0;
            for (Review r : mine) {
                String[] model = modelDiagnosis.get(r.consultationId());
                if (model == null || model[0] == null || model[0].isBlank()) {
                    continue;
                }
                compared++;
                if (sameDiagnosis(r, model[0], model[1])) {
                    matching++;
                }
            }
            models.add(new ModelResults(group.getKey(), itemIds.size(), mine.size(), statements,
                    ReviewStatistics.wilson(matching, compared)));
        }
        return new StudyResults(study, erased, models, now);
    }

    /** Condition codes when both have one (the same condition named in other words or languages), else names. */
    static boolean sameDiagnosis(Review r, String modelDiagnosis, String modelCode) {
        String code = modelCode == null ? "" : modelCode;
        if (!r.conditionCode().isEmpty() && !code.isEmpty()) {
            return r.conditionCode().equals(code);
        }
        return normalise(r.diagnosis()).equals(normalise(modelDiagnosis));
    }

    private static String normalise(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Study lock(Connection c, String studyId) throws SQLException {
        String id = studyId == null ? "" : studyId.strip();
        if (id.isEmpty() || id.length() > ClinicalRecord.MAX_ID_CHARS) {
            throw notFound(id);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM review_studies WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound(id);
                }
            }
        }
        return load(c, id).orElseThrow(() -> notFound(id));
    }

    private Study lockOpen(Connection c, String studyId, String consequence) throws SQLException {
        Study study = lock(c, studyId);
        if (!study.open()) {
            throw new ReviewRefusedException(Reason.STUDY_CLOSED, "study '" + study.title() + "' was closed by "
                    + study.closedBy() + " on " + study.closedAt() + ": " + consequence + "; nothing was stored");
        }
        return study;
    }

    private static Optional<Study> load(Connection c, String id) throws SQLException {
        String title;
        String model;
        String createdBy;
        Instant createdAt;
        StudyStatus status;
        String closedBy;
        Instant closedAt;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM review_studies WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                title = rs.getString("title");
                model = Jdbc.getString(rs, "model_version");
                createdBy = rs.getString("created_by");
                createdAt = Jdbc.getInstant(rs, "created_at");
                status = StudyStatus.valueOf(rs.getString("status"));
                closedBy = Jdbc.getString(rs, "closed_by");
                closedAt = Jdbc.getInstant(rs, "closed_at");
            }
        }
        List<StudyItem> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT consultation_id, idx, language_model, erased_at"
                + " FROM review_study_items WHERE study_id = ? ORDER BY idx")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new StudyItem(rs.getInt("idx"), rs.getString("consultation_id"),
                            Jdbc.getString(rs, "language_model"), Jdbc.getInstant(rs, "erased_at")));
                }
            }
        }
        List<String> reviewers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT reviewer FROM review_study_reviewers WHERE study_id = ? ORDER BY reviewer")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reviewers.add(rs.getString(1));
                }
            }
        }
        return Optional.of(new Study(id, title, model, createdBy, createdAt, status, closedBy, closedAt, items,
                reviewers));
    }

    /**
     * Called by erasure in its transaction: the consultation's reviews are deleted (they quote it) and its study
     * items are marked erased.
     *
     * @return how many reviews were deleted
     */
    static int eraseConsultationIn(Connection c, String consultationId, Instant now) throws SQLException {
        int reviews;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM reviews WHERE consultation_id = ?")) {
            ps.setString(1, consultationId);
            reviews = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE review_study_items SET erased_at = ? WHERE consultation_id = ? AND erased_at IS NULL")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setString(2, consultationId);
            ps.executeUpdate();
        }
        return reviews;
    }

    private static String actor(String actor) {
        String who = actor == null ? "" : actor.strip();
        if (who.isEmpty() || who.length() > ClinicalRecord.MAX_NAME_CHARS) {
            throw invalid("the acting user is missing or longer than " + ClinicalRecord.MAX_NAME_CHARS
                    + " characters; nothing was stored");
        }
        return who;
    }

    private static ReviewRefusedException invalid(String message) {
        return new ReviewRefusedException(Reason.INVALID, message);
    }

    private static ReviewRefusedException notFound(String id) {
        return new ReviewRefusedException(Reason.STUDY_NOT_FOUND, "there is no review study '" + shorten(id)
                + "'; nothing was stored");
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "\u2026" : s;
    }

    /** Audit details hold at most 4,000 characters; long id lists are cut with a note. */
    private static String fit(String detail) {
        int max = ClinicalRecord.MAX_MESSAGE_CHARS;
        return detail.length() <= max ? detail : detail.substring(0, max - 20) + " \u2026 (cut)";
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
