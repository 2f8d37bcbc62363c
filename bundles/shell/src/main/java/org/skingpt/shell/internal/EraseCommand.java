package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.record.ClinicalRecord;

/**
 * {@code skingpt:erase}: deletes a consultation, or every consultation of a patient, from the clinical
 * record (images, texts, report notes; the audit keeps a tombstone without content).
 */
@Command(scope = "skingpt", name = "erase", description = "Erases a consultation, or all of a patient's, from the record")
@Service
public class EraseCommand implements Action {

    @Reference
    private ClinicalRecord record;

    @Reference
    private ConsultationService consultations;

    @Argument(index = 0, name = "id", description = "Consultation id (or use --patient)")
    private String id;

    @Option(name = "--patient", aliases = "-p", description = "Erase every consultation of this patient reference")
    private String patient;

    @Option(name = "--reason", description = "Why (for the audit; no patient data), for example 'patient request 2026-118'",
            required = true)
    private String reason;

    @Option(name = "--force", aliases = "-f", description = "Erase without asking (scripts)")
    private boolean force;

    @Override
    public Object execute() throws Exception {
        if ((id == null) == (patient == null)) {
            throw new IllegalArgumentException("Give either a consultation id or --patient REF (not both).");
        }
        if (!force && !Confirm.ask("Erase " + (id != null ? "consultation " + id : "every consultation of patient "
                + patient) + " for good? Images, answers and report notes are deleted. [y/N] ")) {
            System.out.println("Nothing erased.");
            return null;
        }
        String actor = ShellUser.name();
        int erased;
        if (id != null) {
            consultations.close(id); // an open consultation stops first
            erased = record.erase(id, actor, reason);
            if (erased == 0) {
                throw new IllegalArgumentException("No stored consultation " + id + "; nothing erased.");
            }
        } else {
            erased = record.eraseByPatient(patient, actor, reason);
        }
        System.out.println("Erased " + erased + " consultation(s).");
        return null;
    }
}
