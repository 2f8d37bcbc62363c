package org.skingpt.itests.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.Test;

/**
 * Every FHIR report that {@code ConsultationIT} rendered inside the distribution — one per sample
 * image and language, from the demo model's real answers — passes the HAPI FHIR R4 validator
 * (offline: core profiles and common code systems only) with no error.
 */
class FhirOutputValidationIT {

    @Test
    void everyReportOfTheIntegrationTestsValidates() throws Exception {
        Path folder = Path.of(System.getProperty("skingpt.fhirReports"));
        List<Path> reports;
        try (Stream<Path> s = Files.list(folder)) {
            reports = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        // One per sample image and language, named <sample>-<language>.json, as ConsultationIT writes them for the
        // rows of models/samples/expected-answers.tsv.
        List<String> expected = new ArrayList<>();
        boolean header = false;
        for (String line : Files.readAllLines(Path.of(System.getProperty("skingpt.expectedAnswers")), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (!header) {
                header = true;
                continue;
            }
            String[] f = line.split("\t", -1);
            expected.add(f[0].replaceFirst("\\.png$", "") + "-" + f[1] + ".json");
        }
        assertEquals(44, expected.size(), "22 sample images x 2 languages in expected-answers.tsv");
        assertEquals(expected.stream().sorted().toList(), reports.stream().map(p -> p.getFileName().toString()).toList(),
                "reports in " + folder);
        FhirContext fhir = FhirContext.forR4();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        FhirValidator validator = fhir.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        List<String> errors = new ArrayList<>();
        for (Path report : reports) {
            String json = Files.readString(report, StandardCharsets.UTF_8);
            assertTrue(json.contains("\"DiagnosticReport\""), report + " holds a DiagnosticReport");
            for (SingleValidationMessage m : validator.validateWithResult(json).getMessages()) {
                if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                    errors.add(report.getFileName() + ": " + m.getLocationString() + " " + m.getMessage());
                } else {
                    System.out.println(report.getFileName() + " " + m.getSeverity() + ": " + m.getMessage());
                }
            }
        }
        assertTrue(errors.isEmpty(), "validation errors: " + errors);
    }
}
