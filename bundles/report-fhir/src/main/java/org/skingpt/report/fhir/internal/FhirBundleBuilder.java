package org.skingpt.report.fhir.internal;

import static org.skingpt.report.fhir.internal.Json.arr;
import static org.skingpt.report.fhir.internal.Json.obj;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.report.ReportContext;

/**
 * Builds one FHIR R4 collection bundle for one consultation. Entries, in order:
 * <ol>
 * <li>{@code DiagnosticReport} (status preliminary: AI output no clinician has reviewed);</li>
 * <li>one {@code Observation} per non-empty finding and per follow-up question, {@code valueString};</li>
 * <li>the clinician's clinical context, if given, as an {@code Observation} without a device;</li>
 * <li>one {@code Media} per image, the sanitised PNG inline;</li>
 * <li>a {@code Device} for the image encoder, the language model and this renderer;</li>
 * <li>a {@code Provenance} targeting the report and its observations.</li>
 * </ol>
 *
 * <p>{@code subject} and {@code encounter} (on the report and every observation) come from the patient and
 * encounter references given when the consultation started: a literal FHIR reference such as
 * {@code Patient/123} or {@code Encounter/456} is sent as {@code {"reference": "Patient/123"}}, any other
 * value (a medical record number, a visit number) as a logical reference {@code {"identifier": {"value":
 * "..."}}} for the receiving system to resolve; without a reference there is no {@code subject} or
 * {@code encounter}. The platform keeps no patient name or birth date, so the bundle holds no
 * {@code Patient} resource: the receiving system joins the identity, and nothing is invented. Why
 * text-only codes: a code is only worth sending when it is certainly right, and none of the findings
 * come with a code from a real code system.
 *
 * <p>Every {@code fullUrl} is a name-based UUID of the consultation id, so the same consultation
 * always gives the same document. Not thread-safe: one builder per render.
 */
final class FhirBundleBuilder {

    /** A FHIR id: letters, digits, '-' and '.', at most 64. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";
    private static final String MEDIA_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/media-type";
    private static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

    private final ConsultationRecord record;
    private final ReportContext context;
    private final String formatId;
    private final String formatName;
    private final String rendererVersion;
    private final Findings findings;
    private final Provenance provenance;
    private final String lang;
    private final String effective;
    private final String issued;
    private final List<Object> entries = new ArrayList<>();

    FhirBundleBuilder(ConsultationRecord record, ReportContext context, String formatId, String formatName,
            String rendererVersion) {
        this.record = record;
        this.context = context;
        this.formatId = formatId;
        this.formatName = formatName;
        this.rendererVersion = rendererVersion;
        this.findings = record.findings();
        if (findings == null) {
            throw new IllegalArgumentException("Consultation " + record.id()
                    + " has no findings yet: a FHIR report can only be made after the standard questions were answered");
        }
        this.provenance = record.provenance();
        if (provenance == null) {
            throw new IllegalArgumentException("Consultation " + record.id()
                    + " has findings but no answer provenance: the report could not say which models produced it");
        }
        String tag = record.locale().toLanguageTag();
        this.lang = tag.isEmpty() ? "und" : tag;
        this.effective = instant(record.startedAt());
        this.issued = instant(provenance.answeredAt() != null ? provenance.answeredAt() : record.startedAt());
    }

    byte[] build() {
        String reportUrl = url("DiagnosticReport");
        String encoderUrl = url("Device/image-encoder");
        String modelUrl = url("Device/language-model");
        String rendererUrl = url("Device/renderer");

        List<String> mediaUrls = new ArrayList<>();
        List<Json.Obj> media = new ArrayList<>();
        for (int i = 0; i < record.images().size(); i++) {
            String mediaUrl = url("Media/" + i);
            mediaUrls.add(mediaUrl);
            media.add(media(record.images().get(i), i, mediaUrl));
        }

        List<String> observationUrls = new ArrayList<>();
        List<Entry> observations = new ArrayList<>();
        observation(observations, observationUrls, "description",
                text("report.description", "Description"), findings.description(), modelUrl, mediaUrls);
        observation(observations, observationUrls, "additional-features",
                text("report.additionalFeatures", "Additional features"), findings.additionalFeatures(), modelUrl,
                mediaUrls);
        observation(observations, observationUrls, "diagnosis",
                text("report.diagnosis", "Likely diagnosis"), findings.diagnosis(), modelUrl, mediaUrls);
        observation(observations, observationUrls, "differential",
                text("report.differential", "Other possible conditions"), String.join("; ", findings.differential()),
                modelUrl, mediaUrls);
        observation(observations, observationUrls, "causes",
                text("report.causes", "Possible causes"), findings.causes(), modelUrl, mediaUrls);
        observation(observations, observationUrls, "treatment",
                text("report.treatment", "Treatment suggestions"), findings.treatment(), modelUrl, mediaUrls);
        observation(observations, observationUrls, "referral",
                text("report.referral", "Referral"), findings.referral(), modelUrl, mediaUrls);

        // Follow-up questions (after the standard four): each answer is an observation of the model too.
        List<Answer> followUps = record.followUps();
        String followUpLabel = text("report.followUp", "Follow-up question");
        for (int i = 0; i < followUps.size(); i++) {
            Answer a = followUps.get(i);
            observation(observations, observationUrls, "follow-up/" + (i + 1),
                    followUpLabel + ": " + a.question().strip(), a.text().strip(), modelUrl, mediaUrls);
        }
        // What the clinician wrote comes from the clinician, not the model: no device, final.
        String contextUrl = null;
        Json.Obj contextObservation = null;
        if (!record.clinicalContext().isBlank()) {
            contextUrl = url("Observation/clinical-context");
            String label = text("report.clinicalContext", "Clinical context");
            contextObservation = obj()
                    .put("resourceType", "Observation")
                    .put("id", idFromUrl(contextUrl))
                    .put("language", lang)
                    .put("text", new Narrative().field(label, record.clinicalContext()).toText(lang))
                    .put("status", "final")
                    .put("code", obj().put("text", label))
                    .put("subject", subject())
                    .put("encounter", encounter())
                    .put("effectiveDateTime", effective)
                    .put("valueString", record.clinicalContext());
        }

        add(reportUrl, diagnosticReport(observationUrls, mediaUrls, contextUrl));
        observations.forEach(o -> add(o.fullUrl(), o.resource()));
        if (contextObservation != null) {
            add(contextUrl, contextObservation);
        }
        for (int i = 0; i < media.size(); i++) {
            add(mediaUrls.get(i), media.get(i));
        }
        add(encoderUrl, modelDevice(encoderUrl, provenance.imageEncoder(), provenance.imageEncoderSha256(),
                text("report.imageEncoder", "AI image encoder"), null));
        add(modelUrl, modelDevice(modelUrl, provenance.languageModel(), provenance.languageModelSha256(),
                text("report.languageModel", "AI language model"), provenance.settings()));
        add(rendererUrl, rendererDevice());
        List<String> targets = new ArrayList<>();
        targets.add(reportUrl);
        targets.addAll(observationUrls);
        add(url("Provenance"), provenance(targets, mediaUrls, encoderUrl, modelUrl, rendererUrl));

        Json.Obj bundle = obj()
                .put("resourceType", "Bundle")
                .put("id", uuid("Bundle").toString())
                .put("language", lang)
                .put("identifier", obj().put("system", "urn:ietf:rfc:3986").put("value", url("Bundle")))
                .put("type", "collection")
                .put("timestamp", issued)
                .put("entry", entries);
        return bundle.write().getBytes(StandardCharsets.UTF_8);
    }

    private Json.Obj diagnosticReport(List<String> observationUrls, List<String> mediaUrls, String contextUrl) {
        String title = text("report.title", "AI skin lesion analysis report");
        String diagnosisLabel = text("report.diagnosis", "Likely diagnosis");
        String differentialLabel = text("report.differential", "Other possible conditions");
        String disclaimer = findings.disclaimer().isBlank()
                ? text("report.disclaimer",
                        "This AI-generated report is not a diagnosis. A qualified clinician must review it.")
                : findings.disclaimer();
        String synthetic = record.syntheticModel() ? syntheticWarning() : "";

        List<String> conclusion = new ArrayList<>();
        if (!findings.diagnosis().isBlank()) {
            conclusion.add(diagnosisLabel + ": " + findings.diagnosis().strip());
        }
        if (!findings.differential().isEmpty()) {
            conclusion.add(differentialLabel + ": " + String.join(", ", findings.differential()));
        }
        conclusion.add(findings.referral());
        conclusion.add(disclaimer);
        conclusion.add(synthetic);
        conclusion.removeIf(String::isBlank);

        List<Object> mediaLinks = new ArrayList<>();
        for (int i = 0; i < mediaUrls.size(); i++) {
            mediaLinks.add(obj().put("comment", imageTitle(i)).put("link", ref(mediaUrls.get(i), null)));
        }
        List<Object> results = new ArrayList<>();
        observationUrls.forEach(u -> results.add(ref(u, null)));
        if (contextUrl != null) {
            results.add(ref(contextUrl, text("report.clinicalContext", "Clinical context")));
        }

        Narrative narrative = new Narrative().heading(title).warning(synthetic)
                .field(text("report.clinicalContext", "Clinical context"), record.clinicalContext())
                .field(text("report.description", "Description"), findings.description())
                .field(text("report.additionalFeatures", "Additional features"), findings.additionalFeatures())
                .field(diagnosisLabel, findings.diagnosis())
                .field(differentialLabel, String.join(", ", findings.differential()))
                .field(text("report.causes", "Possible causes"), findings.causes())
                .field(text("report.treatment", "Treatment suggestions"), findings.treatment())
                .field(text("report.referral", "Referral"), findings.referral());
        for (Answer a : record.followUps()) {
            narrative.field(text("report.followUp", "Follow-up question") + ": " + a.question().strip(),
                    a.text().strip());
        }
        narrative.paragraph(disclaimer);

        return obj()
                .put("resourceType", "DiagnosticReport")
                .put("id", idFromUrl(url("DiagnosticReport")))
                .put("language", lang)
                .put("text", narrative.toText(lang))
                .put("status", "preliminary")
                .put("category", arr(obj().put("coding", arr(coding(V2_0074, "OTH", "Other")))))
                .put("code", obj().put("text", title))
                .put("subject", subject())
                .put("encounter", encounter())
                .put("effectiveDateTime", effective)
                .put("issued", issued)
                .put("result", results)
                .put("media", mediaLinks)
                .put("conclusion", String.join("\n", conclusion))
                .put("conclusionCode", findings.diagnosis().isBlank()
                        ? null : arr(obj().put("text", findings.diagnosis())));
    }

    private void observation(List<Entry> out, List<String> urls, String role, String label, String value,
            String modelUrl, List<String> mediaUrls) {
        if (value == null || value.isBlank()) {
            return;
        }
        String obsUrl = url("Observation/" + role);
        List<Object> derivedFrom = new ArrayList<>();
        mediaUrls.forEach(u -> derivedFrom.add(ref(u, null)));
        out.add(new Entry(obsUrl, obj()
                .put("resourceType", "Observation")
                .put("id", idFromUrl(obsUrl))
                .put("language", lang)
                .put("text", new Narrative().field(label, value).toText(lang))
                .put("status", "preliminary")
                .put("code", obj().put("text", label))
                .put("subject", subject())
                .put("encounter", encounter())
                .put("effectiveDateTime", effective)
                .put("issued", issued)
                .put("valueString", value)
                .put("device", ref(modelUrl, provenance.languageModel()))
                .put("derivedFrom", derivedFrom)));
        urls.add(obsUrl);
    }

    private Json.Obj media(ConsultationImage image, int index, String mediaUrl) {
        String title = imageTitle(index);
        Narrative narrative = new Narrative().heading(title)
                .field(text("report.imageSize", "Size"), image.width() + " × " + image.height() + " px")
                .field("SHA-256", image.sha256());
        return obj()
                .put("resourceType", "Media")
                .put("id", idFromUrl(mediaUrl))
                .put("language", lang)
                .put("text", narrative.toText(lang))
                .put("status", "completed")
                .put("type", obj().put("coding", arr(coding(MEDIA_TYPE_SYSTEM, "image", "Image"))))
                .put("issued", effective)
                .put("width", image.width() > 0 ? image.width() : null)
                .put("height", image.height() > 0 ? image.height() : null)
                .put("content", obj()
                        .put("contentType", "image/png")
                        .put("data", Base64.getEncoder().encodeToString(image.png()))
                        .put("size", image.png().length)
                        .put("hash", Base64.getEncoder().encodeToString(sha1(image.png())))
                        .put("title", title))
                .put("note", arr(obj().put("text", "SHA-256: " + image.sha256())));
    }

    private Json.Obj modelDevice(String deviceUrl, String nameAtVersion, String sha256, String kind, GenerationSettings settings) {
        String name = nameOf(nameAtVersion);
        String version = versionOf(nameAtVersion);
        String synthetic = provenance.syntheticModel() ? syntheticWarning() : "";
        List<Object> properties = new ArrayList<>();
        if (sha256 != null && !sha256.isBlank()) {
            properties.add(obj().put("type", obj().put("text", "SHA-256 of the weights"))
                    .put("valueCode", arr(obj().put("text", sha256))));
        }
        if (settings != null) {
            properties.add(quantityProperty("max new tokens", settings.maxNewTokens()));
            properties.add(quantityProperty("temperature", settings.temperature()));
            properties.add(quantityProperty("top-k", settings.topK()));
            properties.add(quantityProperty("top-p", settings.topP()));
            properties.add(quantityProperty("repetition penalty", settings.repetitionPenalty()));
            properties.add(quantityProperty("seed", settings.seed()));
            if (provenance.decodeBatch() > 0) {
                // Only the language model decodes; 0 (not known) is left out rather than claimed as "alone".
                properties.add(quantityProperty("largest decode batch", provenance.decodeBatch()));
            }
            if (!settings.stopStrings().isEmpty()) {
                List<Object> stops = new ArrayList<>();
                settings.stopStrings().forEach(s -> stops.add(obj().put("text", s)));
                properties.add(obj().put("type", obj().put("text", "stop strings")).put("valueCode", stops));
            }
        }
        Narrative narrative = new Narrative().heading(kind).warning(synthetic)
                .field("Name", name).field("Version", version).field("SHA-256", sha256)
                .field("Settings", settings == null ? null : describe(settings));
        return obj()
                .put("resourceType", "Device")
                .put("id", idFromUrl(deviceUrl))
                .put("language", lang)
                .put("text", narrative.toText(lang))
                .put("deviceName", arr(obj().put("name", name).put("type", "model-name")))
                .put("type", obj().put("text", kind))
                .put("version", version.isBlank() ? null : arr(obj().put("value", version)))
                .put("property", properties)
                .put("note", arr(
                        sha256 == null || sha256.isBlank() ? null : obj().put("text", "Weights SHA-256: " + sha256),
                        synthetic.isBlank() ? null : obj().put("text", synthetic)));
    }

    private Json.Obj rendererDevice() {
        String platform = context.platformVersion();
        List<Object> versions = arr(
                obj().put("type", obj().put("text", "Report format " + formatId)).put("value", rendererVersion),
                platform == null || platform.isBlank() ? null
                        : obj().put("type", obj().put("text", "SkinGPT platform")).put("value", platform));
        Narrative narrative = new Narrative().heading(formatName)
                .field("Format", formatId).field("Version", rendererVersion).field("SkinGPT platform", platform);
        return obj()
                .put("resourceType", "Device")
                .put("id", idFromUrl(url("Device/renderer")))
                .put("language", lang)
                .put("text", narrative.toText(lang))
                .put("deviceName", arr(
                        obj().put("name", formatId).put("type", "model-name"),
                        obj().put("name", formatName).put("type", "user-friendly-name")))
                .put("type", obj().put("text", "SkinGPT report renderer"))
                .put("version", versions);
    }

    private Json.Obj provenance(List<String> targets, List<String> mediaUrls, String encoderUrl, String modelUrl,
            String rendererUrl) {
        Instant answered = provenance.answeredAt() != null ? provenance.answeredAt() : record.startedAt();
        boolean period = !answered.isBefore(record.startedAt());
        List<Object> targetRefs = new ArrayList<>();
        targets.forEach(t -> targetRefs.add(ref(t, null)));
        List<Object> entities = new ArrayList<>();
        for (int i = 0; i < mediaUrls.size(); i++) {
            entities.add(obj().put("role", "source").put("what", ref(mediaUrls.get(i), imageTitle(i))));
        }
        String templates = provenance.templates();
        if (templates != null && !templates.isBlank()) {
            entities.add(obj().put("role", "source").put("what", obj().put("display", "Locale bundle " + templates)));
        }
        String synthetic = provenance.syntheticModel() ? syntheticWarning() : "";
        Narrative narrative = new Narrative().heading("Provenance").warning(synthetic)
                .field("Image encoder", provenance.imageEncoder() + " (SHA-256 " + provenance.imageEncoderSha256() + ")")
                .field("Language model",
                        provenance.languageModel() + " (SHA-256 " + provenance.languageModelSha256() + ")")
                .field("Locale bundle", templates)
                .field("Generation settings", provenance.settings() == null ? null : describe(provenance.settings()))
                .field("Decoding", decoding(provenance.decodeBatch()))
                .field("Report format", formatId + " " + rendererVersion)
                .field("SkinGPT platform", context.platformVersion())
                .field("Recorded", instant(answered));
        return obj()
                .put("resourceType", "Provenance")
                .put("id", idFromUrl(url("Provenance")))
                .put("language", lang)
                .put("text", narrative.toText(lang))
                .put("target", targetRefs)
                .put("occurredPeriod", period ? obj().put("start", effective).put("end", instant(answered)) : null)
                .put("occurredDateTime", period ? null : instant(answered))
                .put("recorded", instant(answered))
                .put("activity", obj().put("coding", arr(coding(DATA_OPERATION, "CREATE", "create"))))
                .put("agent", arr(
                        agent("author", "Author", encoderUrl, provenance.imageEncoder()),
                        agent("author", "Author", modelUrl, provenance.languageModel()),
                        agent("assembler", "Assembler", rendererUrl, formatId + "@" + rendererVersion)))
                .put("entity", entities);
    }

    private static Json.Obj agent(String code, String display, String who, String whoDisplay) {
        return obj()
                .put("type", obj().put("coding", arr(coding(PARTICIPANT_TYPE, code, display))))
                .put("who", ref(who, whoDisplay));
    }

    private static Json.Obj quantityProperty(String name, Object value) {
        return obj().put("type", obj().put("text", name)).put("valueQuantity", arr(obj().put("value", value)));
    }

    private static String describe(GenerationSettings s) {
        return "seed " + s.seed() + ", temperature " + s.temperature() + ", top-k " + s.topK() + ", top-p " + s.topP()
                + ", repetition penalty " + s.repetitionPenalty() + ", max new tokens " + s.maxNewTokens()
                + (s.stopStrings().isEmpty() ? "" : ", stop strings " + s.stopStrings());
    }

    /** Whether the answer was decoded alone or batched with other conversations; null when not known. */
    private static String decoding(int decodeBatch) {
        if (decodeBatch <= 0) {
            return null;
        }
        return decodeBatch == 1 ? "decoded alone"
                : "decoded in a batch with up to " + decodeBatch + " conversations";
    }

    private String syntheticWarning() {
        return text("report.synthetic",
                "NOT FOR CLINICAL USE: this report was produced by a synthetic demonstration model.");
    }

    private String imageTitle(int index) {
        return text("report.image", "Image") + " " + (index + 1);
    }

    private String text(String key, String fallback) {
        String value = context.text(key, fallback);
        return value == null || value.isBlank() ? fallback : value;
    }

    private record Entry(String fullUrl, Json.Obj resource) {
    }

    /** The patient given at the start, or null. */
    private Json.Obj subject() {
        return reference(record.patientReference(), "Patient");
    }

    /** The encounter given at the start, or null. */
    private Json.Obj encounter() {
        return reference(record.encounterReference(), "Encounter");
    }

    /**
     * {@code Type/id} as a literal reference; any other value as a logical reference by identifier (the
     * hospital's number, for the receiving system to resolve); null for none.
     */
    static Json.Obj reference(String value, String type) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return null;
        }
        String prefix = type + "/";
        if (v.startsWith(prefix) && FHIR_ID.matcher(v.substring(prefix.length())).matches()) {
            return obj().put("reference", v);
        }
        return obj().put("identifier", obj().put("value", v));
    }

    private void add(String fullUrl, Json.Obj resource) {
        entries.add(obj().put("fullUrl", fullUrl).put("resource", resource));
    }

    private static Json.Obj coding(String system, String code, String display) {
        return obj().put("system", system).put("code", code).put("display", display);
    }

    private static Json.Obj ref(String url, String display) {
        return obj().put("reference", url).put("display", display);
    }

    private UUID uuid(String role) {
        return UUID.nameUUIDFromBytes(("org.skingpt.report.fhir/" + record.id() + "/" + role)
                .getBytes(StandardCharsets.UTF_8));
    }

    private String url(String role) {
        return "urn:uuid:" + uuid(role);
    }

    private static String idFromUrl(String url) {
        return url.substring("urn:uuid:".length());
    }

    private static String nameOf(String nameAtVersion) {
        if (nameAtVersion == null) {
            return "unknown";
        }
        int at = nameAtVersion.lastIndexOf('@');
        return at > 0 ? nameAtVersion.substring(0, at) : nameAtVersion;
    }

    private static String versionOf(String nameAtVersion) {
        if (nameAtVersion == null) {
            return "";
        }
        int at = nameAtVersion.lastIndexOf('@');
        return at > 0 ? nameAtVersion.substring(at + 1) : "";
    }

    /** FHIR instants carry at most what a reader needs: milliseconds, UTC. */
    private static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static byte[] sha1(byte[] data) {
        try {
            // FHIR R4 Attachment.hash is defined as the base64 SHA-1 of the data.
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
