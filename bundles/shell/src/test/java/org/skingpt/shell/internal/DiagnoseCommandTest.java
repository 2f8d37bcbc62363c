package org.skingpt.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.ConsultationRequest;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;

/** A refused image or a missing model makes the command fail (non-zero exit status over bin/client). */
class DiagnoseCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream systemOut;
    private PrintStream systemErr;

    @BeforeEach
    void captureOutput() {
        systemOut = System.out;
        systemErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(systemOut);
        System.setErr(systemErr);
    }

    /** Refuses every image whose bytes are "bad", has no model when they are "nomodel". */
    private static ConsultationService consultations() {
        return (ConsultationService) Proxy.newProxyInstance(ConsultationService.class.getClassLoader(),
                new Class<?>[] {ConsultationService.class}, (p, m, a) -> {
                    if (m.getName().equals("start")) {
                        List<byte[]> images = a[0] instanceof ConsultationRequest r ? r.images() : (List<byte[]>) a[0];
                        String bytes = new String(images.get(0), StandardCharsets.UTF_8);
                        if (bytes.equals("nomodel")) {
                            throw new NoModelAvailableException("No language model is ready");
                        }
                        throw new InvalidInputException("intake.format", "This file is not a JPEG or PNG image.");
                    }
                    return null;
                });
    }

    private DiagnoseCommand command(String path) throws Exception {
        DiagnoseCommand c = new DiagnoseCommand();
        set(c, "consultations", consultations());
        set(c, "path", path);
        return c;
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    @Test
    void theProvenanceLineSaysHowTheLatestAnswerWasDecoded() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        for (int batch : new int[] {3, 1, 0}) {
            out.reset();
            Provenance p = new Provenance("vit@1", "aa", "llama@1", "bb", "en@1", GenerationSettings.skinGpt4Defaults(7L),
                    false, at, batch);
            DiagnoseCommand.printFindings(new ConsultationRecord("c1", Locale.ENGLISH, "", "dr", List.of(),
                    List.of(new Answer("q", "a", p)), null, at));
            String printed = out.toString(StandardCharsets.UTF_8);
            String expected = batch == 3 ? "seed 7, temperature 1.0, decoded in a batch with up to 3 conversations, "
                    : batch == 1 ? "seed 7, temperature 1.0, decoded alone, " : "seed 7, temperature 1.0, " + at;
            assertTrue(printed.contains(expected), printed);
        }
    }

    @Test
    void aMissingFileFails() throws Exception {
        CommandException e = assertThrows(CommandException.class, () -> command(temp.resolve("nope.png").toString()).execute());
        assertTrue(e.getMessage().startsWith("No such file or folder: "), e.getMessage());
    }

    @Test
    void aRefusedImageFailsWithTheIntakesReason() throws Exception {
        Path bad = Files.writeString(temp.resolve("bad.png"), "bad");
        CommandException e = assertThrows(CommandException.class, () -> command(bad.toString()).execute());
        assertEquals("bad.png: This file is not a JPEG or PNG image.", e.getMessage());
    }

    @Test
    void aBatchNamesEachRefusedImageOnStandardErrorAndFailsAtTheEnd() throws Exception {
        Files.writeString(temp.resolve("a.png"), "bad");
        Files.writeString(temp.resolve("b.png"), "bad");
        CommandException e = assertThrows(CommandException.class, () -> command(temp.toString()).execute());
        assertEquals("2 of 2 images refused or failed (named above)", e.getMessage());
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("a.png: This file is not a JPEG or PNG image.") && errors.contains("b.png: "), errors);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[1/2] a.png") && printed.contains("2 images, 2 refused or failed"), printed);
    }

    @Test
    void aBatchStopsWhenNoModelIsReady() throws Exception {
        Files.writeString(temp.resolve("a.png"), "nomodel");
        Files.writeString(temp.resolve("b.png"), "bad");
        CommandException e = assertThrows(CommandException.class, () -> command(temp.toString()).execute());
        assertEquals("Batch stopped after 1 of 2 images: No language model is ready", e.getMessage());
    }
}
