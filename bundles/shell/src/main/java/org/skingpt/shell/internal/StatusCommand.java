package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.api.runtime.InferenceRuntime;

/** {@code skingpt:status}: whether the inference engine is up, and on what. */
@Command(scope = "skingpt", name = "status", description = "Shows the inference engine: versions, device, threads")
@Service
public class StatusCommand implements Action {

    @Reference(optional = true)
    private InferenceRuntime runtime;

    @Reference(optional = true)
    private ClinicalRecord record;

    @Override
    public Object execute() {
        if (record == null) {
            System.out.println("Record:   not running (bundle org.skingpt.store): consultations are refused");
        } else {
            RecordStatus s = record.status();
            System.out.println("Record:   " + (s.available()
                    ? s.database() + " " + s.databaseVersion() + " at " + s.location() + ", schema " + s.schemaVersion()
                    : "UNAVAILABLE: " + s.message() + " (consultations are refused until it is back)"));
        }
        if (runtime == null) {
            System.out.println("Engine: starting (or failed: see data/log/karaf.log)");
            return null;
        }
        System.out.printf("Engine:   %s %s (DJL %s) ready%n", runtime.engineName(), runtime.engineVersion(), runtime.bindingVersion());
        System.out.printf("Device:   %s (%d GPU(s) seen)%n", runtime.defaultDevice(), runtime.gpuCount());
        System.out.printf("Threads:  %d intra-op, %d inter-op%n", runtime.intraOpThreads(), runtime.interOpThreads());
        return null;
    }
}
