package org.skingpt.report.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Media;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.ReportRenderer;

/**
 * Renders consultations and checks the output with the real HAPI FHIR R4 validator (offline: core
 * profiles, in-memory terminology, no terminology server), then checks what a reader would look for.
 */
class FhirReportRendererTest {

    private static FhirContext fhir;
    private static FhirValidator validator;
    private final FhirReportRenderer renderer = new FhirReportRenderer("1.2.3");

    @BeforeAll
    static void startValidator() {
        long start = System.nanoTime();
        fhir = FhirContext.forR4();
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        validator = fhir.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        // The first validation loads every core profile; do it here so each test measures itself.
        validator.validateWithResult("{\"resourceType\":\"Basic\",\"code\":{\"text\":\"warm-up\"}}");
        System.out.printf("HAPI FHIR validator ready in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    static Stream<Arguments> consultations() {
        return Stream.of(
                Arguments.of("en, 1 image, urgent, synthetic", TestRecords.english(1, true, true)),
                Arguments.of("en, 2 images, not urgent", TestRecords.english(2, false, false)),
                Arguments.of("zh-CN, 1 image, not urgent, synthetic", TestRecords.chinese(1, false, true)),
                Arguments.of("zh-CN, 2 images, urgent", TestRecords.chinese(2, true, false)),
                Arguments.of("en, Patient/123 and Encounter/enc-9",
                        TestRecords.withReferences(TestRecords.english(1, false, true), "Patient/123", "Encounter/enc-9")),
                Arguments.of("zh-CN, hospital numbers",
                        TestRecords.withReferences(TestRecords.chinese(1, true, false), "MRN 0042-7", "V/2025/118")),
                Arguments.of("en, answers without kind", TestRecords.withoutKinds(TestRecords.english(1, true, true))),
                Arguments.of("en, decode batch not known",
                        TestRecords.withoutDecodeBatch(TestRecords.english(1, false, false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consultations")
    void validatesWithoutErrors(String name, ConsultationRecord record) throws IOException {
        String json = render(record);
        // Kept for people who want to read or re-validate the output elsewhere.
        Path sample = Path.of("target", "fhir-report-samples", record.id() + ".json");
        Files.createDirectories(sample.getParent());
        Files.writeString(sample, json, StandardCharsets.UTF_8);
        ValidationResult result = validator.validateWithResult(json);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING
                        || m.getSeverity() == ResultSeverityEnum.INFORMATION)
                .forEach(m -> System.out.println(
                        "[" + name + "] " + m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage()));
        assertTrue(errors.isEmpty(), () -> "FHIR validation errors for " + name + ":\n" + errors.stream()
                .map(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("\n")));
    }

    @Test
    void validatorCatchesABrokenReport() {
        // Proves the harness is not vacuous: an invalid status code must come back as an error.
        String broken = render(TestRecords.english(1, false, false))
                .replaceFirst("\"status\": \"preliminary\"", "\"status\": \"draft\"");
        assertTrue(validator.validateWithResult(broken).getMessages().stream()
                .anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR && m.getMessage().contains("draft")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consultations")
    void carriesWhatAReaderChecks(String name, ConsultationRecord record) {
        Bundle bundle = parse(render(record));
        boolean chinese = record.locale().getLanguage().equals("zh");
        String lang = chinese ? "zh-CN" : "en";
        assertEquals(Bundle.BundleType.COLLECTION, bundle.getType());
        assertEquals(lang, bundle.getLanguage());

        DiagnosticReport report = only(bundle, DiagnosticReport.class);
        assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, report.getStatus());
        assertEquals(lang, report.getLanguage());
        String conclusion = report.getConclusion();
        assertTrue(conclusion.contains(chinese ? TestRecords.ZH_DIAGNOSIS : TestRecords.EN_DIAGNOSIS), conclusion);
        assertTrue(conclusion.contains(chinese ? TestRecords.ZH_DISCLAIMER : TestRecords.EN_DISCLAIMER), conclusion);
        String referral = chinese ? TestRecords.ZH_REFERRAL : TestRecords.EN_REFERRAL;
        assertEquals(record.findings().urgentReferral(), conclusion.contains(referral), conclusion);
        assertEquals(record.startedAt().toEpochMilli(), report.getEffectiveDateTimeType().getValue().getTime());

        List<Observation> all = all(bundle, Observation.class);
        assertEquals(report.getResult().size(), all.size());
        // The clinician's context is there, as the clinician's (final, no AI device); the rest is the model's.
        Observation context = all.stream().filter(o -> o.getValueStringType().getValue()
                .equals(TestRecords.CLINICAL_CONTEXT)).findFirst().orElseThrow();
        assertEquals(Observation.ObservationStatus.FINAL, context.getStatus());
        assertTrue(context.getDevice().isEmpty(), "the clinical context does not come from a model");
        List<Observation> observations = all.stream().filter(o -> o != context).toList();
        assertTrue(observations.stream().allMatch(o -> o.getStatus() == Observation.ObservationStatus.PRELIMINARY));
        assertTrue(observations.stream().allMatch(o -> !o.getDevice().isEmpty()));
        Observation followUp = observations.stream().filter(o -> o.getValueStringType().getValue()
                .equals(TestRecords.FOLLOW_UP_ANSWER)).findFirst().orElseThrow();
        assertTrue(followUp.getCode().getText().contains(TestRecords.FOLLOW_UP_QUESTION), followUp.getCode().getText());
        assertTrue(report.getText().getDivAsString().contains(TestRecords.FOLLOW_UP_QUESTION), "narrative has the follow-up");
        assertTrue(observations.stream().anyMatch(o -> o.getValueStringType().getValue()
                .equals(record.findings().treatment())), "treatment observation");
        assertTrue(observations.stream().anyMatch(o -> o.getValueStringType().getValue()
                .equals(record.findings().description().strip())), "description observation");
        if (chinese) {
            assertTrue(observations.stream().anyMatch(o -> o.getCode().getText().equals("治疗建议")));
        }

        // The patient and encounter given at the start, on the report and on every observation.
        for (DomainResource r : resources(report, all)) {
            Reference subject = r instanceof DiagnosticReport d ? d.getSubject() : ((Observation) r).getSubject();
            Reference encounter = r instanceof DiagnosticReport d ? d.getEncounter() : ((Observation) r).getEncounter();
            assertReference(record.patientReference(), "Patient", subject);
            assertReference(record.encounterReference(), "Encounter", encounter);
        }

        List<Media> media = all(bundle, Media.class);
        assertEquals(record.imageCount(), media.size());
        assertEquals(record.imageCount(), report.getMedia().size());
        for (int i = 0; i < media.size(); i++) {
            ConsultationImage image = record.images().get(i);
            Media m = media.get(i);
            assertEquals("image/png", m.getContent().getContentType());
            assertArrayEquals(image.png(), m.getContent().getData(), "image " + i + " round-trips");
            assertArrayEquals(TestRecords.digest("SHA-1", image.png()), m.getContent().getHash());
            assertEquals(image.width(), m.getWidth());
            assertEquals(image.height(), m.getHeight());
            assertEquals(bundle.getEntry().get(bundle.getEntry().indexOf(entryOf(bundle, m))).getFullUrl(),
                    report.getMedia().get(i).getLink().getReference());
        }

        Provenance provenance = only(bundle, Provenance.class);
        assertTrue(provenance.getTarget().stream().map(Reference::getReference)
                .anyMatch(entryOf(bundle, report).getFullUrl()::equals), "provenance targets the report");
        List<Device> devices = all(bundle, Device.class);
        for (String[] model : new String[][] {{"skingpt-vit-demo", TestRecords.ENCODER_SHA},
                {"skingpt-llama-demo", TestRecords.LLM_SHA}}) {
            Device device = devices.stream()
                    .filter(d -> d.getDeviceNameFirstRep().getName().equals(model[0])).findFirst().orElseThrow();
            assertEquals("0.1.0", device.getVersionFirstRep().getValue());
            assertTrue(notes(device).contains(model[1]), "SHA-256 of " + model[0]);
            String deviceUrl = entryOf(bundle, device).getFullUrl();
            assertTrue(provenance.getAgent().stream().anyMatch(a -> a.getWho().getReference().equals(deviceUrl)),
                    "provenance names " + model[0]);
            String warning = chinese ? TestRecords.ZH_SYNTHETIC : "NOT FOR CLINICAL USE";
            assertEquals(record.provenance().syntheticModel(), notes(device).contains(warning), notes(device));
            assertEquals(record.provenance().syntheticModel(), conclusion.contains(warning), conclusion);
        }
        Device llm = devices.stream()
                .filter(d -> d.getDeviceNameFirstRep().getName().equals("skingpt-llama-demo")).findFirst().orElseThrow();
        assertTrue(llm.getProperty().stream().anyMatch(p -> p.getType().getText().equals("seed")
                && p.getValueQuantityFirstRep().getValue().longValue() == record.provenance().settings().seed()));
        int decodeBatch = record.provenance().decodeBatch();
        assertEquals(decodeBatch > 0, llm.getProperty().stream().anyMatch(p -> p.getType().getText()
                .equals("largest decode batch") && p.getValueQuantityFirstRep().getValue().intValue() == decodeBatch));
        String provenanceText = provenance.getText().getDivAsString();
        assertEquals(decodeBatch > 0, provenanceText.contains("Decoding"), provenanceText);
        assertEquals(decodeBatch == 1, provenanceText.contains("decoded alone"), provenanceText);
        assertEquals(decodeBatch > 1, provenanceText.contains("decoded in a batch with up to " + decodeBatch
                + " conversations"), provenanceText);
        assertTrue(provenance.getEntity().stream()
                .anyMatch(e -> e.getWhat().getDisplay() != null && e.getWhat().getDisplay().contains(lang + "@0.1.0")),
                "locale bundle version");
        Device rendererDevice = devices.stream()
                .filter(d -> d.getDeviceNameFirstRep().getName().equals("fhir-r4")).findFirst().orElseThrow();
        assertEquals("1.2.3", rendererDevice.getVersionFirstRep().getValue());
    }

    @Test
    void chineseTextSurvivesAsUtf8() {
        ConsultationRecord record = TestRecords.chinese(1, true, true);
        byte[] bytes = renderer.render(record, TestRecords.context(record.locale()));
        String raw = new String(bytes, StandardCharsets.UTF_8);
        // Written as UTF-8 characters, not \\u escapes, so any reader (and grep) sees the text.
        assertTrue(raw.contains(TestRecords.ZH_DIAGNOSIS), "raw UTF-8");
        assertTrue(raw.contains("皮肤病变人工智能分析报告"), "title from the locale bundle");
        DiagnosticReport report = only(parse(raw), DiagnosticReport.class);
        assertEquals("皮肤病变人工智能分析报告", report.getCode().getText());
        assertEquals(TestRecords.ZH_DIAGNOSIS, report.getConclusionCodeFirstRep().getText());
        assertTrue(report.getText().getDivAsString().contains(TestRecords.ZH_REFERRAL));
    }

    @Test
    void missingFindingsAreRefusedWithAClearMessage() {
        ConsultationRecord full = TestRecords.english(1, false, false);
        ConsultationRecord early = new ConsultationRecord(full.id(), full.locale(), "", "", full.images(),
                List.of(), null, full.startedAt());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> renderer.render(early, TestRecords.context(Locale.ENGLISH)));
        assertTrue(e.getMessage().contains("no findings"), e.getMessage());
        assertTrue(e.getMessage().contains(full.id()), e.getMessage());
    }

    @Test
    void sameConsultationGivesTheSameDocument() {
        ConsultationRecord record = TestRecords.english(2, true, false);
        ReportContext context = TestRecords.context(Locale.ENGLISH);
        assertArrayEquals(renderer.render(record, context), renderer.render(record, context));
        Bundle bundle = parse(render(record));
        assertTrue(bundle.getEntry().stream().allMatch(e -> e.getFullUrl().startsWith("urn:uuid:")));
        assertEquals(bundle.getEntry().size(),
                bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).distinct().count());
        Bundle other = parse(render(TestRecords.english(2, false, false)));
        assertNotEquals(bundle.getEntryFirstRep().getFullUrl(), other.getEntryFirstRep().getFullUrl());
    }

    @Test
    void describesItselfInItsServiceProperties() throws Exception {
        var p = componentProperties(FhirReportRenderer.class);
        assertEquals("fhir-r4", p.get(ReportRenderer.FORMAT));
        assertEquals("application/fhir+json", p.get(ReportRenderer.MEDIA_TYPE));
        assertEquals("json", p.get(ReportRenderer.FILE_EXTENSION));
        assertFalse(p.getOrDefault(ReportRenderer.DISPLAY_NAME, "").isBlank());
    }

    @Test
    void takesItsVersionFromTheBundleUnderOsgi() {
        org.osgi.framework.Bundle bundle = (org.osgi.framework.Bundle) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {org.osgi.framework.Bundle.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getVersion")) {
                        return Version.parseVersion("0.1.0.SNAPSHOT");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBundle") && (args == null || args.length == 0)) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ConsultationRecord record = TestRecords.english(1, false, false);
        String json = new String(new FhirReportRenderer(context).render(record, TestRecords.context(record.locale())),
                StandardCharsets.UTF_8);
        assertTrue(json.contains("\"0.1.0.SNAPSHOT\""), "the renderer's Device names the bundle's version");
    }

    private String render(ConsultationRecord record) {
        return new String(renderer.render(record, TestRecords.context(record.locale())), StandardCharsets.UTF_8);
    }

    private static List<DomainResource> resources(DiagnosticReport report, List<Observation> observations) {
        List<DomainResource> out = new ArrayList<>();
        out.add(report);
        out.addAll(observations);
        return out;
    }

    /** {@code Type/id} is a literal reference, anything else an identifier, nothing when not given. */
    private static void assertReference(String given, String type, Reference reference) {
        if (given.isEmpty()) {
            assertTrue(reference.isEmpty(), type + " absent when not given");
        } else if (given.startsWith(type + "/")) {
            assertEquals(given, reference.getReference());
            assertFalse(reference.hasIdentifier());
        } else {
            assertFalse(reference.hasReference(), reference.getReference());
            assertEquals(given, reference.getIdentifier().getValue());
        }
    }

    @Test
    void referencesAreLiteralOnlyForTheirOwnType() {
        String patient = FhirBundleBuilder.reference(" Patient/123 ", "Patient").write();
        assertTrue(patient.contains("\"reference\": \"Patient/123\"") && !patient.contains("identifier"), patient);
        String other = FhirBundleBuilder.reference("Encounter/1", "Patient").write();
        assertTrue(other.contains("\"identifier\"") && other.contains("\"Encounter/1\"") && !other.contains("reference"),
                other);
        String spaced = FhirBundleBuilder.reference("Patient/a b", "Patient").write();
        assertTrue(spaced.contains("\"identifier\"") && spaced.contains("\"Patient/a b\""), spaced);
        assertEquals(null, FhirBundleBuilder.reference("  ", "Patient"));
    }

    private static Bundle parse(String json) {
        return fhir.newJsonParser().parseResource(Bundle.class, json);
    }

    private static <T extends Resource> List<T> all(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends Resource> T only(Bundle bundle, Class<T> type) {
        List<T> found = all(bundle, type);
        assertEquals(1, found.size(), type.getSimpleName());
        return found.get(0);
    }

    private static Bundle.BundleEntryComponent entryOf(Bundle bundle, Resource resource) {
        return bundle.getEntry().stream().filter(e -> e.getResource() == resource).findFirst().orElseThrow();
    }

    private static String notes(Device device) {
        return device.getNote().stream().map(Annotation::getText).collect(Collectors.joining("\n"));
    }

    /** The service properties bnd wrote into the component description from {@code @ReportFormat}. */
    static java.util.Map<String, String> componentProperties(Class<?> component) throws Exception {
        String xml;
        try (java.io.InputStream in = component.getClassLoader()
                .getResourceAsStream("OSGI-INF/" + component.getName() + ".xml")) {
            org.junit.jupiter.api.Assertions.assertNotNull(in, "no component description for " + component.getName());
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.Map<String, String> properties = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<property name=\"([^\"]+)\"(?: type=\"String\")? value=\"([^\"]*)\"").matcher(xml);
        while (m.find()) {
            properties.put(m.group(1), m.group(2));
        }
        return properties;
    }
}
