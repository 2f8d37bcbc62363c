package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.AuditVerification;

/**
 * {@code skingpt:audit-verify}: walks the audit trail's hash chain; an edited or deleted entry breaks it.
 * Fails (non-zero exit status in scripts) when the chain is broken.
 */
@Command(scope = "skingpt", name = "audit-verify", description = "Checks the audit trail's hash chain")
@Service
public class AuditVerifyCommand implements Action {

    @Reference
    private AuditTrail audit;

    @Override
    public Object execute() {
        AuditVerification v = audit.verify();
        if (!v.intact()) {
            throw new IllegalStateException("Audit trail BROKEN at entry " + v.brokenAt() + ": " + v.problem()
                    + " (" + v.entriesChecked() + " entries checked)");
        }
        System.out.println("Audit trail intact: " + v.entriesChecked() + " entries, last hash " + v.lastHash());
        return null;
    }
}
