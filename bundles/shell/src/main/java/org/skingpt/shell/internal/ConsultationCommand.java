package org.skingpt.shell.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.StoredAnswer;

/**
 * {@code skingpt:consultation ID}: a stored consultation with its questions, answers, findings and
 * provenance; with {@code --reopen} (or a follow-up question) it is opened again and continues with the
 * model versions that answered it.
 */
@Command(scope = "skingpt", name = "consultation", description = "Shows a stored consultation; reopens it for follow-ups")
@Service
public class ConsultationCommand implements Action {

    @Reference
    private ConsultationService consultations;

    @Reference(optional = true)
    private ClinicalRecord record;

    @Argument(index = 0, name = "id", required = true, description = "Consultation id (see skingpt:history)")
    private String id;

    @Option(name = "--reopen", aliases = "-r", description = "Open it again (its transcript is read back into the model)")
    private boolean reopen;

    @Option(name = "--question", aliases = "-q", multiValued = true, description = "Follow-up question to ask after"
            + " reopening (repeatable)")
    private List<String> questions = new ArrayList<>();

    @Override
    public Object execute() {
        boolean continuing = reopen || !questions.isEmpty();
        ConsultationRecord r = continuing ? consultations.reopen(id, ShellUser.name()) : consultations.get(id);
        System.out.println("Consultation " + r.id() + " started " + Dates.SHOWN.format(r.startedAt()) + " by "
                + (r.clinician().isEmpty() ? "(unknown)" : r.clinician()) + ", locale " + r.locale().toLanguageTag()
                + ", " + r.imageCount() + " image(s)");
        if (!r.patientReference().isEmpty() || !r.encounterReference().isEmpty()) {
            System.out.println("Patient " + r.patientReference() + ", encounter " + r.encounterReference());
        }
        int n = 0;
        for (Answer a : r.answers()) {
            System.out.println();
            System.out.println("Q" + (++n) + ": " + a.question());
            System.out.println(a.text());
        }
        DiagnoseCommand.printFindings(r);
        printIncomplete(r.id());
        if (r.readOnly()) {
            System.out.println("Read-only: " + r.readOnlyReason());
            if (!questions.isEmpty()) {
                throw new IllegalStateException("Cannot ask follow-ups: " + r.readOnlyReason());
            }
            return null;
        }
        try {
            for (String q : questions) {
                System.out.println();
                System.out.println("Q" + (++n) + ": " + q);
                consultations.ask(r.id(), q, piece -> {
                    System.out.print(piece);
                    System.out.flush();
                });
                System.out.println();
            }
        } finally {
            if (continuing) {
                consultations.close(r.id()); // stays in the record; reopen again to continue
            }
        }
        return null;
    }

    /** Answers that never completed (cancelled, failed, cut off by a crash): not part of the consultation. */
    private void printIncomplete(String consultationId) {
        if (record == null) {
            return;
        }
        record.load(consultationId).ifPresent(stored -> {
            for (StoredAnswer a : stored.answers()) {
                if (!a.complete()) {
                    System.out.println("Not completed: answer " + (a.index() + 1) + " (" + a.kind() + ") " + a.status()
                            + (a.message().isEmpty() ? "" : ": " + a.message()) + " - question: " + a.question());
                }
            }
        });
    }
}
