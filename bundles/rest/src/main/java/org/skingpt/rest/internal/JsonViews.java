package org.skingpt.rest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

import org.skingpt.api.access.ApiScope;
import org.skingpt.api.access.ApiToken;
import org.skingpt.api.record.NodeStatus;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.record.ConsultationSummary;
import org.skingpt.api.record.Page;

/**
 * The API's JSON shapes, written out field by field: the wire format is a contract of its own (described in
 * openapi.json) and must not change because a Java record gained a component.
 */
final class JsonViews {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonViews() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static ObjectNode consultation(ConsultationRecord r) {
        ObjectNode n = object();
        n.put("id", r.id());
        n.put("locale", r.locale().toLanguageTag());
        n.put("clinician", r.clinician());
        n.put("clinicalContext", r.clinicalContext());
        n.put("patientReference", r.patientReference());
        n.put("encounterReference", r.encounterReference());
        n.put("startedAt", time(r.startedAt()));
        n.put("readOnly", r.readOnly());
        n.put("readOnlyReason", r.readOnlyReason());
        boolean synthetic = r.answers().stream().anyMatch(a -> a.provenance() != null && a.provenance().syntheticModel());
        n.put("syntheticModel", synthetic);
        ArrayNode images = n.putArray("images");
        for (ConsultationImage i : r.images()) {
            images.addObject().put("sha256", i.sha256()).put("width", i.width()).put("height", i.height());
        }
        ArrayNode answers = n.putArray("answers");
        for (int i = 0; i < r.answers().size(); i++) {
            answers.add(answer(r.answers().get(i), i));
        }
        if (r.findings() == null) {
            n.putNull("findings");
        } else {
            n.set("findings", findings(r.findings()));
        }
        return n;
    }

    static ObjectNode answer(Answer a, int index) {
        ObjectNode n = object();
        n.put("index", index);
        n.put("question", a.question());
        n.put("text", a.text());
        n.put("kind", a.kind() == null ? null : a.kind().name());
        if (a.standard()) {
            n.put("questionNumber", a.questionNumber());
        }
        n.put("stopReason", a.stopReason() == null ? null : a.stopReason().name());
        n.set("provenance", a.provenance() == null ? null : provenance(a.provenance()));
        return n;
    }

    static ObjectNode findings(Findings f) {
        ObjectNode n = object();
        n.put("description", f.description());
        n.put("additionalFeatures", f.additionalFeatures());
        n.put("diagnosis", f.diagnosis());
        n.put("conditionCode", f.conditionCode());
        ArrayNode d = n.putArray("differential");
        f.differential().forEach(d::add);
        n.put("causes", f.causes());
        n.put("treatment", f.treatment());
        n.put("urgentReferral", f.urgentReferral());
        n.put("referral", f.referral());
        n.put("disclaimer", f.disclaimer());
        return n;
    }

    static ObjectNode provenance(Provenance p) {
        ObjectNode n = object();
        n.put("imageEncoder", p.imageEncoder());
        n.put("imageEncoderSha256", p.imageEncoderSha256());
        n.put("languageModel", p.languageModel());
        n.put("languageModelSha256", p.languageModelSha256());
        n.put("templates", p.templates());
        n.put("syntheticModel", p.syntheticModel());
        n.put("decodeBatch", p.decodeBatch());
        n.put("answeredAt", time(p.answeredAt()));
        GenerationSettings s = p.settings();
        if (s != null) {
            ObjectNode g = n.putObject("settings");
            g.put("maxNewTokens", s.maxNewTokens());
            g.put("temperature", s.temperature());
            g.put("topK", s.topK());
            g.put("topP", s.topP());
            g.put("repetitionPenalty", s.repetitionPenalty());
            g.put("seed", s.seed());
            if (!s.consistency().isEmpty()) {
                // What the answer was kept to: the values earlier answers or the encoder's findings established, by group (name order).
                ObjectNode c = g.putObject("consistency");
                new java.util.TreeMap<>(s.consistency().established()).forEach((group, values) -> {
                    ArrayNode a = c.putArray(group);
                    new java.util.TreeSet<>(values).forEach(a::add);
                });
            }
        }
        return n;
    }

    static ObjectNode history(Page<ConsultationSummary> page) {
        ObjectNode n = object();
        ArrayNode items = n.putArray("items");
        for (ConsultationSummary s : page.items()) {
            ObjectNode i = items.addObject();
            i.put("id", s.id());
            i.put("clinician", s.clinician());
            i.put("startedAt", time(s.startedAt()));
            i.put("locale", s.locale() == null ? null : s.locale().toLanguageTag());
            i.put("patientReference", s.patientRef());
            i.put("encounterReference", s.encounterRef());
            i.put("diagnosis", s.diagnosis());
            i.put("conditionCode", s.conditionCode());
            i.put("urgentReferral", s.urgentReferral());
            i.put("languageModel", s.languageModel());
            i.put("status", s.status().name());
            i.put("imageCount", s.imageCount());
            i.put("answerCount", s.answerCount());
        }
        n.put("total", page.total());
        n.put("offset", page.offset());
        n.put("limit", page.limit());
        return n;
    }

    static ObjectNode model(ModelInfo m) {
        ObjectNode n = object();
        n.put("name", m.name());
        n.put("version", m.version());
        n.put("kind", m.kind() == null ? null : m.kind().name());
        n.put("architecture", m.architecture());
        n.put("state", m.state().name());
        n.put("error", m.error());
        n.put("failure", m.failure() == null ? null : m.failure().name());
        n.put("sha256", m.sha256());
        n.put("synthetic", m.synthetic());
        n.put("active", m.active());
        return n;
    }

    static ObjectNode token(ApiToken t, Instant now) {
        ObjectNode n = object();
        n.put("id", t.id());
        n.put("name", t.name());
        ArrayNode scopes = n.putArray("scopes");
        t.scopes().stream().sorted().map(ApiScope::id).forEach(scopes::add);
        n.put("state", t.revoked() ? "revoked" : t.expiredAt(now) ? "expired" : "active");
        n.put("createdAt", time(t.createdAt()));
        n.put("createdBy", t.createdBy());
        n.put("expiresAt", time(t.expiresAt()));
        n.put("revokedAt", time(t.revokedAt()));
        n.put("revokedBy", t.revokedBy());
        n.put("lastUsedAt", time(t.lastUsedAt()));
        return n;
    }

    static ObjectNode node(NodeStatus s) {
        ObjectNode n = object();
        n.put("name", s.name());
        n.put("state", s.alive() ? "alive" : s.stoppedAt() != null ? "stopped" : "lost");
        n.put("self", s.self());
        n.put("host", s.host());
        n.put("software", s.software());
        n.put("schemaVersion", s.schemaVersion());
        n.put("multiNode", s.multiNode());
        n.put("startedAt", time(s.startedAt()));
        n.put("heartbeatAt", time(s.heartbeatAt()));
        n.put("stoppedAt", time(s.stoppedAt()));
        ArrayNode serving = n.putArray("serving");
        s.serving().forEach(serving::add);
        return n;
    }

    static ArrayNode array(List<ObjectNode> nodes) {
        ArrayNode a = MAPPER.createArrayNode();
        nodes.forEach(a::add);
        return a;
    }
}
