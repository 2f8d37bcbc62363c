package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.record.ConsultationSummary;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.Page;

/** {@code skingpt:history}: stored consultations, newest first, with filters. */
@Command(scope = "skingpt", name = "history", description = "Lists stored consultations, newest first")
@Service
public class HistoryCommand implements Action {

    @Reference
    private ConsultationService consultations;

    @Option(name = "--clinician", aliases = "-c", description = "Only this clinician's consultations")
    private String clinician;

    @Option(name = "--patient", aliases = "-p", description = "Only this patient reference")
    private String patient;

    @Option(name = "--encounter", aliases = "-e", description = "Only this encounter reference")
    private String encounter;

    @Option(name = "--diagnosis", aliases = "-d", description = "Diagnosis (condition code or name) contains this")
    private String diagnosis;

    @Option(name = "--model", aliases = "-m", description = "Answered by this language model (name or name@version)")
    private String model;

    @Option(name = "--from", description = "Started on or after this day (2026-12-04) or instant")
    private String from;

    @Option(name = "--to", description = "Started on or before this day or before this instant")
    private String to;

    @Option(name = "--offset", description = "Skip this many (paging)")
    private int offset;

    @Option(name = "--limit", aliases = "-n", description = "Show at most this many (1 to 500, default 50)")
    private int limit = 50;

    @Override
    public Object execute() {
        HistoryQuery query = new HistoryQuery(clinician, Dates.from(from, "--from"), Dates.to(to, "--to"), diagnosis,
                patient, encounter, model, offset, limit);
        Page<ConsultationSummary> page = consultations.history(query);
        if (page.items().isEmpty()) {
            System.out.println(page.total() == 0 ? "No stored consultation matches." : "No more (" + page.total() + " match).");
            return null;
        }
        ShellTable table = new ShellTable();
        for (String c : new String[] {"Started", "Id", "Clinician", "Patient", "Encounter", "Diagnosis", "Model",
                "Status", "Answers"}) {
            table.column(c);
        }
        for (ConsultationSummary s : page.items()) {
            table.addRow().addContent(Dates.SHOWN.format(s.startedAt()), s.id(), s.clinician(), s.patientRef(),
                    s.encounterRef(), s.diagnosis().isEmpty() ? s.conditionCode() : s.diagnosis(), s.languageModel(),
                    s.status().name(), s.answerCount());
        }
        table.print(System.out);
        System.out.printf("%d to %d of %d%n", page.offset() + 1, page.offset() + page.items().size(), page.total());
        return null;
    }
}
