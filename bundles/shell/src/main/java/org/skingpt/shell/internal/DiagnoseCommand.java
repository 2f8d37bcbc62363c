package org.skingpt.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.consultation.BusyException;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.ConsultationRequest;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.consultation.Report;
import org.skingpt.api.consultation.StandardQuestionsListener;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.report.ReportRenderer;

/**
 * {@code skingpt:diagnose IMAGE|FOLDER}: runs the paper's four questions on an image (or on every
 * file of a folder, as a batch with progress), streams the answers, prints the findings and their
 * provenance, and optionally writes a report in a registered format.
 *
 * <p>Failure is signalled the way Karaf's shell runs it from a script ({@code bin/client -u U
 * "skingpt:diagnose ..."}): the command throws, so the exit status is non-zero and the message goes
 * to standard error. In a batch, each refused image is named on standard error as it happens, the
 * others are still diagnosed, and the command fails at the end if any image was refused.
 */
@Command(scope = "skingpt", name = "diagnose", description = "Runs a consultation on an image or on each image of a folder")
@Service
public class DiagnoseCommand implements Action {

    @Reference
    private ConsultationService consultations;

    @Reference
    private BundleContext context;

    @Argument(index = 0, name = "path", required = true, description = "Image file (JPEG or PNG) or folder of images")
    private String path;

    @Option(name = "--locale", aliases = "-l", description = "Language of the answers, for example en or zh-CN (default en)")
    private String locale = "en";

    @Option(name = "--format", aliases = "-f", description = "Report format to write (see skingpt:formats)")
    private String format;

    @Option(name = "--output", aliases = "-o", description = "Report file (one image) or folder (a folder of images);"
            + " default: beside each image")
    private String output;

    @Option(name = "--question", aliases = "-q", multiValued = true, description = "Follow-up question, asked after"
            + " the standard four (repeatable)")
    private List<String> questions = new ArrayList<>();

    @Option(name = "--patient", description = "Patient reference of the hospital's systems (stored with the consultation)")
    private String patient;

    @Option(name = "--encounter", description = "Encounter reference of the hospital's systems")
    private String encounter;

    @Option(name = "--quiet", description = "Do not stream the answers, print only the findings")
    private boolean quiet;

    @Override
    public Object execute() throws Exception {
        Path input = Path.of(path);
        if (!Files.exists(input)) {
            throw new CommandException("No such file or folder: " + input.toAbsolutePath());
        }
        Locale wanted = Locale.forLanguageTag(locale);
        if (wanted.getLanguage().isEmpty()) {
            throw new CommandException("'" + locale + "' is not a language tag; use for example en or zh-CN (see skingpt:locales).");
        }
        ReportFormatInfo renderer = null;
        if (format != null) {
            renderer = renderer(format);
            if (renderer == null) {
                throw new CommandException("No report format '" + format + "' is installed (see skingpt:formats).");
            }
        }
        List<Path> images = new ArrayList<>();
        boolean batch = Files.isDirectory(input);
        if (batch) {
            try (Stream<Path> s = Files.list(input)) {
                s.filter(Files::isRegularFile).sorted().forEach(images::add);
            }
            if (images.isEmpty()) {
                throw new CommandException("The folder " + input + " has no files.");
            }
        } else {
            images.add(input);
        }
        if (!batch) {
            try {
                diagnose(input, wanted, renderer, false);
            } catch (InvalidInputException | NoModelAvailableException | BusyException e) {
                throw new CommandException(input.getFileName() + ": " + e.getMessage(), e);
            }
            return null;
        }
        int done = 0;
        int failed = 0;
        String stopped = null;
        long started = System.nanoTime();
        for (Path image : images) {
            done++;
            System.out.printf(Locale.ROOT, "[%d/%d] %s%n", done, images.size(), image.getFileName());
            try {
                diagnose(image, wanted, renderer, true);
            } catch (InvalidInputException | NoModelAvailableException | BusyException | IOException e) {
                failed++;
                System.err.println(image.getFileName() + ": " + e.getMessage());
                if (e instanceof NoModelAvailableException) {
                    stopped = e.getMessage();
                    break;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d images, %d refused or failed, %.1f s%n", images.size(), failed,
                (System.nanoTime() - started) / 1e9);
        if (stopped != null) {
            throw new CommandException("Batch stopped after " + done + " of " + images.size() + " images: " + stopped);
        }
        if (failed > 0) {
            throw new CommandException(failed + " of " + images.size() + " images refused or failed (named above)");
        }
        return null;
    }

    private void diagnose(Path image, Locale wanted, ReportFormatInfo renderer, boolean batch)
            throws IOException, InvalidSyntaxException {
        byte[] bytes = Files.readAllBytes(image);
        String id = consultations.start(new ConsultationRequest(List.of(bytes), wanted, null, ShellUser.name(), patient,
                encounter));
        System.out.println("Consultation " + id + " (" + image.getFileName() + ")");
        System.out.flush();
        try {
            ConsultationRecord record = consultations.runStandardQuestions(id, quiet ? piece -> { } : new Printer());
            for (String q : questions) {
                if (!quiet) {
                    System.out.println();
                    System.out.println("Q: " + q);
                    System.out.flush();
                }
                consultations.ask(id, q, quiet ? piece -> { } : piece -> {
                    System.out.print(piece);
                    System.out.flush(); // a script reading the output sees the answer as it streams
                });
                if (!quiet) {
                    System.out.println();
                }
            }
            record = consultations.get(id);
            printFindings(record);
            if (renderer != null) {
                Path target = target(image, renderer, batch);
                // Rendered by the consultation service: the report bundle version the consultation pinned.
                Report report = consultations.report(id, renderer.formatId());
                try {
                    Files.write(target, report.content());
                } catch (IOException e) {
                    throw new IOException("Cannot write the report to " + target.toAbsolutePath() + ": " + e, e);
                }
                System.out.println("Report (" + report.formatId() + " " + report.rendererVersion() + "): "
                        + target.toAbsolutePath());
            }
        } finally {
            consultations.close(id);
        }
    }

    /** Streams answers, each under its question. */
    private static final class Printer implements StandardQuestionsListener {
        @Override
        public void onQuestion(int index, String question) {
            System.out.println();
            System.out.println((index > 0 ? "\n" : "") + "Q" + (index + 1) + ": " + question);
        }

        @Override
        public void onText(String piece) {
            System.out.print(piece);
            System.out.flush();
        }
    }

    static void printFindings(ConsultationRecord r) {
        Findings f = r.findings();
        Provenance p = r.provenance();
        System.out.println();
        if (p != null && p.syntheticModel()) {
            System.out.println("*** SYNTHETIC DEMO MODEL - NOT FOR CLINICAL USE ***");
        }
        if (f != null) {
            System.out.println("Likely diagnosis: " + (f.diagnosis().isEmpty() ? "(none named)" : f.diagnosis()));
            if (!f.differential().isEmpty()) {
                System.out.println("Differential:     " + String.join(", ", f.differential()));
            }
            if (f.urgentReferral()) {
                System.out.println("Referral:         " + f.referral());
            }
        }
        r.answers().stream().filter(a -> a.text().isEmpty())
                .forEach(a -> System.out.println("(no answer to: " + a.question() + ")"));
        if (p != null) {
            System.out.println("Provenance:       " + p.imageEncoder() + " (sha256 " + p.imageEncoderSha256() + "), "
                    + p.languageModel() + " (sha256 " + p.languageModelSha256() + "), locale " + p.templates()
                    + ", seed " + p.settings().seed() + ", temperature " + p.settings().temperature() + ", "
                    + decoding(p.decodeBatch()) + p.answeredAt());
        }
    }

    /** How the latest answer was decoded, with its separator; empty when not known (recorded before it was kept). */
    static String decoding(int decodeBatch) {
        if (decodeBatch <= 0) {
            return "";
        }
        return decodeBatch == 1 ? "decoded alone, " : "decoded in a batch with up to " + decodeBatch + " conversations, ";
    }

    private Path target(Path image, ReportFormatInfo renderer, boolean batch) throws IOException {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = (dot > 0 ? name.substring(0, dot) : name) + "." + renderer.formatId() + "." + renderer.fileExtension();
        if (output == null) {
            return image.resolveSibling(base);
        }
        Path out = Path.of(output);
        if (batch || Files.isDirectory(out)) {
            Files.createDirectories(out);
            return out.resolve(base);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent); // "-o reports/a.pdf" into a folder that does not exist yet
        }
        return out;
    }

    /** The installed format with this id, read from the renderers' service properties (no renderer is got). */
    private ReportFormatInfo renderer(String id) throws InvalidSyntaxException {
        for (ServiceReference<ReportRenderer> r : context.getServiceReferences(ReportRenderer.class, null)) {
            Optional<ReportFormatInfo> candidate = ReportFormatInfo.of(r);
            if (candidate.isPresent() && candidate.get().formatId().equals(id)) {
                return candidate.get();
            }
        }
        return null;
    }
}
