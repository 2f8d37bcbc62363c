package org.skingpt.console.internal.security;

import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events of the console on the {@value #CATEGORY} logger category. User names only: never
 * passwords, never patient data.
 */
public final class Audit {

    /** The audit logger category shared by all SkinGPT bundles. */
    public static final String CATEGORY = "org.skingpt.audit";

    private static final Logger LOG = LoggerFactory.getLogger(CATEGORY);
    private static final int MAX_NAME_LENGTH = 64;

    /** The clinical record's audit trail, while it is registered; the log line is written in any case. */
    private static volatile AuditTrail trail;

    private Audit() {
    }

    public static void trail(AuditTrail t) {
        trail = t;
    }

    public static void trailGone(AuditTrail t) {
        if (trail == t) {
            trail = null;
        }
    }

    public static void loginSucceeded(String user, Iterable<String> roles, String remote) {
        LOG.info("console login succeeded: user={} roles={} remote={}", clean(user), roles, clean(remote));
        append(AuditAction.LOGIN_SUCCEEDED, user, "console", "roles=" + roles, remote);
    }

    public static void loginFailed(String user, String reason, String remote) {
        LOG.warn("console login failed: user={} reason={} remote={}", clean(user), reason, clean(remote));
        append(AuditAction.LOGIN_FAILED, user, "console", reason, remote);
    }

    public static void logout(String user, String remote) {
        LOG.info("console logout: user={} remote={}", clean(user), clean(remote));
        append(AuditAction.LOGOUT, user, "console", "", remote);
    }

    public static void sessionEnded(String user) {
        LOG.info("console session ended without sign-out (idle timeout or console stopped): user={}", clean(user));
        append(AuditAction.LOGOUT, user, "console", "session ended without sign-out", "");
    }

    public static void languageChosen(String user, String tag, String remote) {
        LOG.info("console language chosen: user={} language={} remote={}", clean(user), clean(tag), clean(remote));
    }

    /**
     * A history search. The detail names which filters were used, never their values: a patient reference is
     * patient data and stays out of the audit.
     */
    public static void historySearched(String user, String filters, String remote) {
        LOG.info("console history searched: user={} filters={} remote={}", clean(user), filters, clean(remote));
        append(AuditAction.HISTORY_SEARCHED, user, "console", filters, remote);
    }

    public static void consultationViewed(String user, String consultationId, String remote) {
        LOG.info("console consultation viewed: user={} id={} remote={}", clean(user), clean(consultationId),
                clean(remote));
        append(AuditAction.CONSULTATION_VIEWED, user, consultationId, "console history", remote);
    }

    public static void reportDownloaded(String user, String consultationId, String format, String remote) {
        LOG.info("console report downloaded: user={} id={} format={} remote={}", clean(user), clean(consultationId),
                clean(format), clean(remote));
        append(AuditAction.REPORT_DOWNLOADED, user, consultationId, "console, format=" + clean(format), remote);
    }

    public static void auditSearched(String user, String filters, String remote) {
        LOG.info("console audit viewed: user={} filters={} remote={}", clean(user), filters, clean(remote));
    }

    public static void auditVerified(String user, boolean intact, long checked, String remote) {
        LOG.info("console audit chain verified: user={} intact={} entries={} remote={}", clean(user), intact, checked,
                clean(remote));
        append(AuditAction.AUDIT_VERIFIED, user, "audit", "console, intact=" + intact + " entries=" + checked, remote);
    }

    /** Action name of an audit export (not in {@link AuditAction}, which the API fixes; the trail takes any name). */
    public static final String AUDIT_EXPORTED = "AUDIT_EXPORTED";

    public static void auditExported(String user, String filters, int rows, String remote) {
        LOG.info("console audit exported: user={} filters={} rows={} remote={}", clean(user), filters, rows,
                clean(remote));
        AuditTrail t = trail;
        if (t == null) {
            return;
        }
        try {
            t.append(new AuditEntry(0L, null, clean(user), AUDIT_EXPORTED, "audit", "csv, rows=" + rows + ", "
                    + filters, remote == null ? "" : clean(remote)));
        } catch (RuntimeException e) {
            LOG.error("audit entry {} for {} not written to the record: {}", AUDIT_EXPORTED, clean(user),
                    e.getMessage());
        }
    }

    /** A bundle deployed, started, stopped or uninstalled from the console's Models page. */
    public static void bundle(AuditAction action, String user, long bundleId, String symbolicName, String version,
            String how, String sha256, String remote) {
        String detail = clean(symbolicName) + " " + clean(version) + " bundle=" + bundleId + " sha256="
                + (sha256 == null || sha256.isEmpty() ? "unknown" : sha256) + (how == null || how.isEmpty() ? "" : "; " + how);
        LOG.info("console {}: user={} {} remote={}", action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                clean(user), detail, clean(remote));
        append(action, user, symbolicName + "@" + version, detail, remote);
    }

    /** A model version pinned (or the pin removed, {@code version} null) from the console. */
    public static void modelPinned(String user, String model, String version, String sha256, String remote) {
        String detail = version == null ? "pin removed" : "pinned " + clean(version) + " sha256=" + sha256;
        LOG.info("console model pinned: user={} model={} {} remote={}", clean(user), clean(model), detail, clean(remote));
        append(AuditAction.MODEL_PINNED, user, model, detail, remote);
    }

    private static void append(AuditAction action, String user, String target, String detail, String remote) {
        AuditTrail t = trail;
        if (t == null) {
            return;
        }
        try {
            t.append(AuditEntry.of(action, clean(user), target, detail, remote == null ? "" : clean(remote)));
        } catch (RuntimeException e) {
            LOG.error("audit entry {} for {} not written to the record: {}", action, clean(user), e.getMessage());
        }
    }

    /**
     * Makes a user-supplied value safe for a log line: no line breaks or control characters
     * (no forged log entries), bounded length.
     */
    public static String clean(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_NAME_LENGTH + 1));
        for (int i = 0; i < value.length() && sb.length() < MAX_NAME_LENGTH; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '_' : c);
        }
        if (value.length() > MAX_NAME_LENGTH) {
            sb.append('…');
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
