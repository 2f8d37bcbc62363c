package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.runtime.InferenceRuntime;

/**
 * {@code skingpt:status}: whether the clinical record and the inference engine are up, and on what.
 * Fails (non-zero exit status over {@code bin/client}) while either is not ready, so scripts can wait
 * for a server that can take consultations.
 */
@Command(scope = "skingpt", name = "status", description = "Shows the inference engine (versions, libtorch, device, threads) and the clinical record")
@Service
public class StatusCommand implements Action {

    @Reference(optional = true)
    private InferenceRuntime runtime;

    @Reference(optional = true)
    private ClinicalRecord record;

    @Override
    public Object execute() throws CommandException {
        if (runtime != null) {
            EngineStatusLines.of(runtime).forEach(System.out::println);
        }
        boolean recordReady = false;
        if (record == null) {
            System.out.println("Record:   not running (bundle org.skingpt.store): consultations are refused");
        } else {
            RecordStatus s = record.status();
            recordReady = s.available();
            System.out.println("Record:   " + (s.available()
                    ? s.database() + " " + s.databaseVersion() + " at " + s.location() + ", schema " + s.schemaVersion()
                    : "UNAVAILABLE: " + s.message() + " (consultations are refused until it is back)"));
        }
        if (runtime == null) {
            throw new CommandException("Engine not ready: starting (or failed: see data/log/karaf.log)");
        }
        if (!recordReady) {
            // A script waiting for a usable server must not go on: consultations would be refused.
            throw new CommandException("Clinical record not ready: consultations are refused (see the Record line)");
        }
        return null;
    }
}
