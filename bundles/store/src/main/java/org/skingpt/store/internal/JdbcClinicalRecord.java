package org.skingpt.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.AnswerStatus;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.ConsultationHeader;
import org.skingpt.api.record.ConsultationProgress;
import org.skingpt.api.record.ConsultationStatus;
import org.skingpt.api.record.ConsultationSummary;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.Page;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.api.record.RecordWriteException;
import org.skingpt.api.record.RecordedProvenance;
import org.skingpt.api.record.RenderedReport;
import org.skingpt.api.record.StoredAnswer;
import org.skingpt.api.record.StoredConsultation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The clinical record on plain JDBC; the same SQL runs on H2 (PostgreSQL mode) and PostgreSQL. */
final class JdbcClinicalRecord implements ClinicalRecord {

    static final String INTERRUPTED_MESSAGE = "the server stopped while this answer was being generated";
    private static final Logger AUDIT = LoggerFactory.getLogger("org.skingpt.audit");
    private static final Logger LOG = LoggerFactory.getLogger(JdbcClinicalRecord.class);

    private final Database db;
    private final JdbcAuditTrail audit;
    private final Clock clock;
    private final String node;

    JdbcClinicalRecord(Database db, JdbcAuditTrail audit, Clock clock, String node) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.node = node;
    }

    // ------------------------------------------------------------------------------------------ writes

    @Override
    public void saveConsultation(ConsultationHeader h, List<ConsultationImage> images) {
        Check.notNull("header", h);
        String id = Check.id("consultation id", h.id());
        String clinician = Check.text("clinician", h.clinician(), MAX_NAME_CHARS);
        String patient = Check.text("patientRef", h.patientRef(), MAX_NAME_CHARS);
        String encounter = Check.text("encounterRef", h.encounterRef(), MAX_NAME_CHARS);
        String context = Check.text("clinicalContext", h.clinicalContext(), MAX_QUESTION_CHARS);
        String encoder = Check.text("imageEncoder", h.imageEncoder(), MAX_NAME_CHARS);
        String model = Check.text("languageModel", h.languageModel(), MAX_NAME_CHARS);
        List<ConsultationImage> imgs = images == null ? List.of() : images;
        if (imgs.size() > MAX_IMAGES) {
            throw new RecordWriteException("a consultation holds at most " + MAX_IMAGES + " images, got "
                    + imgs.size() + "; nothing was stored");
        }
        for (int i = 0; i < imgs.size(); i++) {
            ConsultationImage img = imgs.get(i);
            Check.notNull("image " + i, img);
            Check.sha256("image " + i + " sha256", img.sha256());
            if (img.png().length > MAX_IMAGE_BYTES) {
                throw new RecordWriteException(String.format(Locale.ROOT,
                        "image %d is %,d bytes; the record keeps images of at most %,d bytes: nothing was stored", i,
                        img.png().length, MAX_IMAGE_BYTES));
            }
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO consultations (id, clinician, started_at,"
                    + " locale_requested, locale_served, patient_ref, encounter_ref, clinical_context, image_encoder,"
                    + " language_model, image_count, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')")) {
                ps.setString(1, id);
                ps.setString(2, clinician);
                Jdbc.setInstant(ps, 3, h.startedAt());
                ps.setString(4, h.requestedLocale().toLanguageTag());
                ps.setString(5, h.servedLocale().toLanguageTag());
                Jdbc.setNullable(ps, 6, patient);
                Jdbc.setNullable(ps, 7, encounter);
                ps.setString(8, context);
                Jdbc.setNullable(ps, 9, encoder);
                Jdbc.setNullable(ps, 10, model);
                ps.setInt(11, imgs.size());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw duplicate(e, "consultation " + id + " is already in the record; nothing was stored");
            }
            remember(c, "IMAGE_ENCODER", encoder, "");
            remember(c, "LANGUAGE_MODEL", model, "");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO images (consultation_id, idx, sha256, width,"
                    + " height, png) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < imgs.size(); i++) {
                    ConsultationImage img = imgs.get(i);
                    ps.setString(1, id);
                    ps.setInt(2, i);
                    ps.setString(3, img.sha256());
                    ps.setInt(4, img.width());
                    ps.setInt(5, img.height());
                    ps.setBytes(6, img.png());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void beginAnswer(String consultationId, int index, AnswerKind kind, String question, Instant startedAt) {
        String id = Check.id("consultation id", consultationId);
        checkIndex(index);
        Check.notNull("kind", kind);
        String q = Check.required("question", question, MAX_QUESTION_CHARS);
        Check.notNull("startedAt", startedAt);
        db.transaction(c -> {
            requireConsultation(c, id);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO answers (consultation_id, idx, kind, question,"
                    + " answer_text, status, message, node, started_at) VALUES (?, ?, ?, ?, '', 'IN_PROGRESS', '', ?, ?)")) {
                ps.setString(1, id);
                ps.setInt(2, index);
                ps.setString(3, kind.name());
                ps.setString(4, q);
                ps.setString(5, node);
                Jdbc.setInstant(ps, 6, startedAt);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw duplicate(e, "answer " + index + " of consultation " + id + " is already in the record;"
                        + " nothing was stored");
            }
            return null;
        });
    }

    @Override
    public void completeAnswer(String consultationId, int index, String text, StopReason stopReason,
            RecordedProvenance provenance, Instant completedAt) {
        String id = Check.id("consultation id", consultationId);
        checkIndex(index);
        String t = Check.text("answer text", text, MAX_TEXT_CHARS);
        Check.notNull("stopReason", stopReason);
        Check.notNull("provenance", provenance);
        Check.notNull("completedAt", completedAt);
        String encoder = Check.text("provenance imageEncoder", provenance.imageEncoder(), MAX_NAME_CHARS);
        String encoderSha = Check.optionalSha256("provenance imageEncoderSha256", provenance.imageEncoderSha256());
        String model = Check.text("provenance languageModel", provenance.languageModel(), MAX_NAME_CHARS);
        String modelSha = Check.optionalSha256("provenance languageModelSha256", provenance.languageModelSha256());
        String locale = Check.text("provenance localeBundle", provenance.localeBundle(), MAX_NAME_CHARS);
        String reports = Check.text("provenance reportBundles", encodeMap(provenance.reportBundles()), MAX_MESSAGE_CHARS);
        String settings = Check.text("provenance settings", provenance.settings(), MAX_MESSAGE_CHARS);
        int decodeBatch = provenance.decodeBatch();
        if (decodeBatch < 0) {
            throw new RecordWriteException("provenance decodeBatch must be 0 (not known) or more, not " + decodeBatch
                    + "; nothing was stored");
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE answers SET answer_text = ?, status = 'COMPLETE',"
                    + " stop_reason = ?, ended_at = ?, image_encoder = ?, image_encoder_sha256 = ?, language_model = ?,"
                    + " language_model_sha256 = ?, locale_bundle = ?, report_bundles = ?, seed = ?, settings = ?,"
                    + " synthetic_model = ?, decode_batch = ? WHERE consultation_id = ? AND idx = ?"
                    + " AND status = 'IN_PROGRESS'")) {
                ps.setString(1, t);
                ps.setString(2, stopReason.name());
                Jdbc.setInstant(ps, 3, completedAt);
                ps.setString(4, encoder);
                ps.setString(5, encoderSha);
                ps.setString(6, model);
                ps.setString(7, modelSha);
                ps.setString(8, locale);
                ps.setString(9, reports);
                ps.setLong(10, provenance.seed());
                ps.setString(11, settings);
                ps.setBoolean(12, provenance.syntheticModel());
                ps.setInt(13, decodeBatch);
                ps.setString(14, id);
                ps.setInt(15, index);
                if (ps.executeUpdate() == 0) {
                    throw notInProgress(c, id, index, "completed");
                }
            }
            return null;
        });
    }

    @Override
    public void failAnswer(String consultationId, int index, AnswerStatus outcome, String partialText, String message,
            Instant endedAt) {
        String id = Check.id("consultation id", consultationId);
        checkIndex(index);
        if (outcome != AnswerStatus.CANCELLED && outcome != AnswerStatus.ERROR) {
            throw new RecordWriteException("an answer fails as CANCELLED or ERROR, not " + outcome
                    + "; nothing was stored");
        }
        String t = Check.text("partial text", partialText, MAX_TEXT_CHARS);
        String m = Check.text("message", message, MAX_MESSAGE_CHARS);
        Check.notNull("endedAt", endedAt);
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE answers SET answer_text = ?, status = ?,"
                    + " stop_reason = ?, message = ?, ended_at = ? WHERE consultation_id = ? AND idx = ?"
                    + " AND status = 'IN_PROGRESS'")) {
                ps.setString(1, t);
                ps.setString(2, outcome.name());
                if (outcome == AnswerStatus.CANCELLED) {
                    ps.setString(3, StopReason.CANCELLED.name());
                } else {
                    ps.setNull(3, Types.VARCHAR);
                }
                ps.setString(4, m);
                Jdbc.setInstant(ps, 5, endedAt);
                ps.setString(6, id);
                ps.setInt(7, index);
                if (ps.executeUpdate() == 0) {
                    throw notInProgress(c, id, index, "ended as " + outcome);
                }
            }
            return null;
        });
    }

    @Override
    public void recordFindings(String consultationId, Findings f) {
        String id = Check.id("consultation id", consultationId);
        Check.notNull("findings", f);
        String description = Check.text("findings description", f.description(), MAX_TEXT_CHARS);
        String additional = Check.text("findings additionalFeatures", f.additionalFeatures(), MAX_TEXT_CHARS);
        String diagnosis = Check.text("findings diagnosis", f.diagnosis(), MAX_NAME_CHARS);
        String code = Check.text("findings conditionCode", f.conditionCode(), MAX_NAME_CHARS);
        String differential = Check.text("findings differential", encodeList(f.differential()), MAX_QUESTION_CHARS);
        String causes = Check.text("findings causes", f.causes(), MAX_TEXT_CHARS);
        String treatment = Check.text("findings treatment", f.treatment(), MAX_TEXT_CHARS);
        String referral = Check.text("findings referral", f.referral(), MAX_QUESTION_CHARS);
        String disclaimer = Check.text("findings disclaimer", f.disclaimer(), MAX_QUESTION_CHARS);
        db.transaction(c -> {
            requireConsultation(c, id);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM findings WHERE consultation_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO findings (consultation_id, description,"
                    + " additional_features, diagnosis, condition_code, differential, causes, treatment, urgent_referral,"
                    + " referral, disclaimer, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, description);
                ps.setString(3, additional);
                ps.setString(4, diagnosis);
                ps.setString(5, code);
                ps.setString(6, differential);
                ps.setString(7, causes);
                ps.setString(8, treatment);
                ps.setBoolean(9, f.urgentReferral());
                ps.setString(10, referral);
                ps.setString(11, disclaimer);
                Jdbc.setInstant(ps, 12, clock.instant());
                ps.executeUpdate();
            }
            remember(c, "DIAGNOSIS", diagnosis, code);
            // Copied onto the consultation for the history (filter and list without a join).
            try (PreparedStatement ps = c.prepareStatement("UPDATE consultations SET diagnosis = ?, condition_code = ?,"
                    + " urgent_referral = ? WHERE id = ?")) {
                Jdbc.setNullable(ps, 1, diagnosis);
                Jdbc.setNullable(ps, 2, code);
                ps.setBoolean(3, f.urgentReferral());
                ps.setString(4, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void recordReport(String consultationId, RenderedReport r) {
        String id = Check.id("consultation id", consultationId);
        Check.notNull("report", r);
        String format = Check.required("report formatId", r.formatId(), MAX_NAME_CHARS);
        String version = Check.text("report rendererVersion", r.rendererVersion(), MAX_NAME_CHARS);
        String sha = Check.sha256("report sha256", r.sha256());
        String actor = Check.text("report actor", r.actor(), MAX_NAME_CHARS);
        db.transaction(c -> {
            requireConsultation(c, id);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reports_rendered (consultation_id, format_id,"
                    + " renderer_version, sha256, actor, rendered_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, format);
                ps.setString(3, version);
                ps.setString(4, sha);
                ps.setString(5, actor);
                Jdbc.setInstant(ps, 6, r.renderedAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void closeConsultation(String consultationId, Instant closedAt) {
        String id = Check.id("consultation id", consultationId);
        Check.notNull("closedAt", closedAt);
        db.transaction(c -> {
            requireConsultation(c, id);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE consultations SET status = 'CLOSED', closed_at = ? WHERE id = ? AND status = 'OPEN'")) {
                Jdbc.setInstant(ps, 1, closedAt);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void reopenConsultation(String consultationId) {
        String id = Check.id("consultation id", consultationId);
        db.transaction(c -> {
            requireConsultation(c, id);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE consultations SET status = 'OPEN', closed_at = NULL WHERE id = ? AND status = 'CLOSED'")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int markInterrupted() {
        return db.transaction(this::markInterrupted);
    }

    int markInterrupted(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE answers SET status = 'INTERRUPTED', message = ?,"
                + " ended_at = ? WHERE status = 'IN_PROGRESS' AND node = ?")) {
            ps.setString(1, INTERRUPTED_MESSAGE);
            Jdbc.setInstant(ps, 2, clock.instant());
            ps.setString(3, node);
            return ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------------------------------- erasure

    @Override
    public int erase(String consultationId, String actor, String reason) {
        String id = Check.id("consultation id", consultationId);
        String who = Check.required("actor", actor, MAX_NAME_CHARS);
        String why = Check.text("reason", reason, MAX_MESSAGE_CHARS - 100);
        int n = db.transaction(c -> eraseIn(c, id, who, "on request; reason: " + (why.isBlank() ? "none given" : why)));
        if (n > 0) {
            AUDIT.info("ERASED consultation {} by {}", id, who);
            purge();
        }
        return n;
    }

    @Override
    public int eraseByPatient(String patientRef, String actor, String reason) {
        String patient = Check.required("patientRef", patientRef, MAX_NAME_CHARS);
        String who = Check.required("actor", actor, MAX_NAME_CHARS);
        String why = Check.text("reason", reason, MAX_MESSAGE_CHARS - 100);
        List<String> erased = db.transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM consultations WHERE patient_ref = ? ORDER BY id")) {
                ps.setString(1, patient);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<String> done = new ArrayList<>();
            for (String id : ids) {
                if (eraseIn(c, id, who, "with all consultations of one patient, on request; reason: "
                        + (why.isBlank() ? "none given" : why)) > 0) {
                    done.add(id);
                }
            }
            return done;
        });
        if (!erased.isEmpty()) {
            AUDIT.info("ERASED {} consultations of one patient by {}", erased.size(), who);
            purge();
        }
        return erased.size();
    }

    /**
     * Deleted rows linger in the database files until they are rewritten: an erasure is complete only when
     * the erased images and texts are gone from the disk too.
     */
    void purge() {
        try {
            long ms = db.purgeDeleted();
            LOG.info("Erased data purged from the database files in {} ms", ms);
        } catch (RuntimeException e) {
            throw new RecordWriteException("the consultation is deleted from the record, but its data could not yet be"
                    + " removed from the database files (" + e.getMessage() + "); erase again to retry", e);
        }
    }

    /** Deletes one consultation's rows and appends the tombstone, in the caller's transaction. */
    int eraseIn(Connection c, String id, String actor, String detail) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT id FROM consultations WHERE id = ? FOR UPDATE")) {
            lock.setString(1, id);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
            }
        }
        for (String table : new String[] {"images", "answers", "findings", "reports_rendered"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE consultation_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }
        // Reviews quote the consultation (the reviewer's diagnosis of its images): they go with it; the study
        // items stay, marked erased, so a study still shows what it was built from.
        int reviews = JdbcReviewStudies.eraseConsultationIn(c, id, clock.instant());
        int n;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM consultations WHERE id = ?")) {
            ps.setString(1, id);
            n = ps.executeUpdate();
        }
        audit.appendIn(c, new AuditEntry(0L, null, actor, AuditAction.ERASED.name(), id,
                reviews == 0 ? detail : detail + "; with " + reviews + " study review(s) of it", ""));
        return n;
    }

    /**
     * Deletes consultations started before {@code cutoff}, at most {@code batch} of them in one transaction,
     * each with its tombstone.
     *
     * @return how many were deleted (fewer than {@code batch}: none are left)
     */
    int eraseOlderThan(Instant cutoff, int retentionDays, int batch) {
        return db.transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM consultations WHERE started_at < ? ORDER BY started_at, id LIMIT ?")) {
                Jdbc.setInstant(ps, 1, cutoff);
                ps.setInt(2, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            int n = 0;
            for (String id : ids) {
                n += eraseIn(c, id, "system", "retention: started before " + cutoff + " (retentionDays="
                        + retentionDays + ")");
            }
            return n;
        });
    }

    // ------------------------------------------------------------------------------------------- reads

    /** Lists longer than this fall back to a scan (a filter that matches nearly every name). */
    static final int MAX_LOOKUP_VALUES = 500;

    @Override
    public Page<ConsultationSummary> find(HistoryQuery q) {
        Check.notNull("query", q);
        return db.transaction(c -> {
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (q.clinician() != null) {
                where.append(" AND c.clinician = ?");
                args.add(q.clinician());
            }
            if (q.from() != null) {
                where.append(" AND c.started_at >= ?");
                args.add(q.from());
            }
            if (q.to() != null) {
                where.append(" AND c.started_at < ?");
                args.add(q.to());
            }
            if (q.patientRef() != null) {
                where.append(" AND c.patient_ref = ?");
                args.add(q.patientRef());
            }
            if (q.encounterRef() != null) {
                where.append(" AND c.encounter_ref = ?");
                args.add(q.encounterRef());
            }
            boolean singleDiagnosis = false;
            if (q.diagnosis() != null) {
                String pattern = "%" + likeEscape(q.diagnosis().toLowerCase(Locale.ROOT)) + "%";
                // The few distinct diagnoses first, then an indexed IN list instead of a scan of every row.
                // A condition code is matched through the diagnoses it was recognised from.
                List<String> names = lookup(c, "DIAGNOSIS", "(LOWER(lookup_value) LIKE ? ESCAPE '\\' OR code = ?)",
                        pattern, q.diagnosis());
                if (names == null) {
                    where.append(" AND (LOWER(c.diagnosis) LIKE ? ESCAPE '\\' OR c.condition_code = ?)");
                    args.add(pattern);
                    args.add(q.diagnosis());
                } else if (names.isEmpty()) {
                    return new Page<ConsultationSummary>(List.of(), 0, q.offset(), q.limit());
                } else {
                    where.append(" AND ");
                    inList(where, args, "c.diagnosis", names);
                    singleDiagnosis = names.size() == 1;
                }
            }
            if (q.model() != null) {
                List<String> models;
                if (q.model().contains("@")) {
                    models = List.of(q.model());
                } else {
                    List<String> encoders = lookup(c, "IMAGE_ENCODER", "lookup_value LIKE ? ESCAPE '\\'",
                            likeEscape(q.model()) + "@%");
                    List<String> languageModels = lookup(c, "LANGUAGE_MODEL", "lookup_value LIKE ? ESCAPE '\\'",
                            likeEscape(q.model()) + "@%");
                    models = encoders == null || languageModels == null ? null : new ArrayList<>(encoders);
                    if (models != null) {
                        models.addAll(languageModels);
                    }
                }
                if (models == null) {
                    where.append(" AND (c.language_model LIKE ? ESCAPE '\\' OR c.image_encoder LIKE ? ESCAPE '\\')");
                    String prefix = likeEscape(q.model()) + "@%";
                    args.add(prefix);
                    args.add(prefix);
                } else if (models.isEmpty()) {
                    return new Page<ConsultationSummary>(List.of(), 0, q.offset(), q.limit());
                } else {
                    // Kept as an OR across both columns on purpose: a model usually serves most consultations,
                    // and for such a filter H2 is faster scanning the table (which it does for this OR) than
                    // fetching most rows through an index. PostgreSQL plans it by cost either way.
                    where.append(" AND (");
                    inList(where, args, "c.language_model", models);
                    where.append(" OR ");
                    inList(where, args, "c.image_encoder", models);
                    where.append(')');
                }
            }
            // With an equality filter, the order starts with that (constant) column so that H2 reads the page
            // in the order of that filter's index (it only sorts by an index whose leading columns match the
            // ORDER BY); the order of the rows is the same.
            String orderPrefix = q.encounterRef() != null ? "c.encounter_ref, "
                    : q.patientRef() != null ? "c.patient_ref, "
                    : q.clinician() != null ? "c.clinician, "
                    : singleDiagnosis ? "c.diagnosis, " : "";
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM consultations c" + where)) {
                JdbcAuditTrail.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<ConsultationSummary> items = new ArrayList<>();
            if (total > q.offset()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.clinician, c.started_at, c.locale_served,"
                        + " c.patient_ref, c.encounter_ref, c.diagnosis, c.condition_code, c.urgent_referral,"
                        + " c.language_model, c.status, c.image_count,"
                        + " (SELECT COUNT(*) FROM answers a WHERE a.consultation_id = c.id) AS answer_count"
                        + " FROM consultations c" + where + " ORDER BY " + orderPrefix
                        + "c.started_at DESC, c.id DESC LIMIT ? OFFSET ?")) {
                    int i = JdbcAuditTrail.bind(ps, args);
                    ps.setInt(i++, q.limit());
                    ps.setInt(i, q.offset());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            items.add(new ConsultationSummary(rs.getString("id"), rs.getString("clinician"),
                                    Jdbc.getInstant(rs, "started_at"), Locale.forLanguageTag(rs.getString("locale_served")),
                                    Jdbc.getString(rs, "patient_ref"), Jdbc.getString(rs, "encounter_ref"),
                                    Jdbc.getString(rs, "diagnosis"), Jdbc.getString(rs, "condition_code"),
                                    rs.getBoolean("urgent_referral"), Jdbc.getString(rs, "language_model"),
                                    ConsultationStatus.valueOf(rs.getString("status")), rs.getInt("image_count"),
                                    rs.getInt("answer_count")));
                        }
                    }
                }
            }
            return new Page<>(items, total, q.offset(), q.limit());
        });
    }

    /**
     * Values of a kind in {@code lookup_values} matching a condition; null when there are more than
     * {@link #MAX_LOOKUP_VALUES} (the caller then filters the consultations directly).
     */
    private static List<String> lookup(Connection c, String kind, String condition, String... params)
            throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT lookup_value FROM lookup_values WHERE kind = ? AND " + condition)) {
            ps.setString(1, kind);
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 2, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (values.size() == MAX_LOOKUP_VALUES) {
                        return null;
                    }
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static void inList(StringBuilder where, List<Object> args, String column, List<String> values) {
        where.append(column).append(" IN (");
        for (int i = 0; i < values.size(); i++) {
            where.append(i == 0 ? "?" : ", ?");
            args.add(values.get(i));
        }
        where.append(')');
    }

    /**
     * Notes a diagnosis or model name for the history filters; a name already there is left as it is
     * (a savepoint keeps a concurrent duplicate from aborting the caller's transaction on PostgreSQL).
     */
    private static void remember(Connection c, String kind, String value, String code) throws SQLException {
        if (value == null || value.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM lookup_values WHERE kind = ? AND lookup_value = ?")) {
            ps.setString(1, kind);
            ps.setString(2, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        java.sql.Savepoint savepoint = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO lookup_values (kind, lookup_value, code) VALUES (?, ?, ?)")) {
            ps.setString(1, kind);
            ps.setString(2, value);
            ps.setString(3, code == null ? "" : code);
            ps.executeUpdate();
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint); // another transaction noted it first
        }
    }

    @Override
    public Optional<ConsultationProgress> progress(String consultationId) {
        String id = consultationId;
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return Optional.empty();
        }
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c.status, c.started_at, MAX(a.idx),"
                    + " MAX(a.started_at), MAX(a.ended_at) FROM consultations c LEFT JOIN answers a ON"
                    + " a.consultation_id = c.id WHERE c.id = ? GROUP BY c.status, c.started_at")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ConsultationStatus status = ConsultationStatus.valueOf(rs.getString(1));
                    Instant last = latest(latest(instant(rs, 2), instant(rs, 4)), instant(rs, 5));
                    int maxIndex = rs.getInt(3);
                    int next = rs.wasNull() ? 0 : maxIndex + 1;
                    return Optional.of(new ConsultationProgress(status, next, last));
                }
            }
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    @Override
    public Optional<StoredConsultation> load(String consultationId) {
        String id = consultationId;
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return Optional.empty();
        }
        return db.transaction(c -> {
            ConsultationHeader header;
            ConsultationStatus status;
            Instant closedAt;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM consultations WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    header = new ConsultationHeader(id, rs.getString("clinician"), Jdbc.getInstant(rs, "started_at"),
                            Locale.forLanguageTag(rs.getString("locale_requested")),
                            Locale.forLanguageTag(rs.getString("locale_served")), Jdbc.getString(rs, "patient_ref"),
                            Jdbc.getString(rs, "encounter_ref"), rs.getString("clinical_context"),
                            Jdbc.getString(rs, "image_encoder"), Jdbc.getString(rs, "language_model"));
                    status = ConsultationStatus.valueOf(rs.getString("status"));
                    closedAt = Jdbc.getInstant(rs, "closed_at");
                }
            }
            List<ConsultationImage> images = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sha256, width, height, png FROM images WHERE consultation_id = ? ORDER BY idx")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        images.add(new ConsultationImage(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBytes(4)));
                    }
                }
            }
            List<StoredAnswer> answers = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM answers WHERE consultation_id = ? ORDER BY idx")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        answers.add(answer(rs));
                    }
                }
            }
            Findings findings = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM findings WHERE consultation_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        findings = new Findings(rs.getString("description"), rs.getString("additional_features"),
                                rs.getString("diagnosis"), rs.getString("condition_code"),
                                decodeList(rs.getString("differential")), rs.getString("causes"),
                                rs.getString("treatment"), rs.getBoolean("urgent_referral"), rs.getString("referral"),
                                rs.getString("disclaimer"));
                    }
                }
            }
            List<RenderedReport> reports = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT format_id, renderer_version, sha256, actor,"
                    + " rendered_at FROM reports_rendered WHERE consultation_id = ? ORDER BY id")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reports.add(new RenderedReport(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), Jdbc.getInstant(rs, "rendered_at")));
                    }
                }
            }
            return Optional.of(new StoredConsultation(header, status, closedAt, images, answers, findings, reports));
        });
    }

    private static StoredAnswer answer(ResultSet rs) throws SQLException {
        AnswerStatus status = AnswerStatus.valueOf(rs.getString("status"));
        String stop = rs.getString("stop_reason");
        RecordedProvenance provenance = null;
        if (status == AnswerStatus.COMPLETE) {
            provenance = new RecordedProvenance(rs.getString("image_encoder"), rs.getString("image_encoder_sha256"),
                    rs.getString("language_model"), rs.getString("language_model_sha256"), rs.getString("locale_bundle"),
                    decodeMap(rs.getString("report_bundles")), rs.getLong("seed"), rs.getString("settings"),
                    rs.getBoolean("synthetic_model"), rs.getInt("decode_batch"));
        }
        return new StoredAnswer(rs.getInt("idx"), AnswerKind.valueOf(rs.getString("kind")), rs.getString("question"),
                rs.getString("answer_text"), status, stop == null ? null : StopReason.valueOf(stop), provenance,
                rs.getString("message"), Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "ended_at"));
    }

    @Override
    public RecordStatus status() {
        return db.status();
    }

    // ----------------------------------------------------------------------------------------- helpers

    private static void checkIndex(int index) {
        if (index < 0 || index > 100_000) {
            throw new RecordWriteException("answer index must be 0 to 100000, got " + index + "; nothing was stored");
        }
    }

    private static void requireConsultation(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM consultations WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RecordWriteException("consultation " + id + " is not in the record (never saved, or"
                            + " erased); nothing was stored");
                }
            }
        }
    }

    private static RecordWriteException notInProgress(Connection c, String id, int index, String verb)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT status FROM answers WHERE consultation_id = ? AND idx = ?")) {
            ps.setString(1, id);
            ps.setInt(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new RecordWriteException("answer " + index + " of consultation " + id + " was never begun"
                            + " (or was erased); it cannot be " + verb + "; nothing was stored");
                }
                return new RecordWriteException("answer " + index + " of consultation " + id + " is "
                        + rs.getString(1) + ", no longer in progress; it cannot be " + verb + "; nothing was stored");
            }
        }
    }

    private static RuntimeException duplicate(SQLException e, String message) throws SQLException {
        if ("23505".equals(e.getSQLState())) {
            return new RecordWriteException(message, e);
        }
        throw e;
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** {@code key=value} lines, sorted; keys and values escaped so any text round-trips. */
    static String encodeMap(Map<String, String> map) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(escape(e.getKey()).replace("=", "\\e")).append('=').append(escape(e.getValue()));
        }
        return b.toString();
    }

    static Map<String, String> decodeMap(String s) {
        Map<String, String> map = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return map;
        }
        for (String line : s.split("\n", -1)) {
            int eq = line.indexOf('=');
            map.put(unescape(line.substring(0, eq)), unescape(line.substring(eq + 1)));
        }
        return map;
    }

    static String encodeList(List<String> list) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                b.append('\n');
            }
            b.append(escape(list.get(i)));
        }
        return b.toString();
    }

    static List<String> decodeList(String s) {
        List<String> list = new ArrayList<>();
        if (s == null || s.isEmpty()) {
            return list;
        }
        for (String line : s.split("\n", -1)) {
            list.add(unescape(line));
        }
        return list;
    }

    private static String escape(String s) {
        return (s == null ? "" : s).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                b.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'e' -> '=';
                    default -> next;
                });
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
