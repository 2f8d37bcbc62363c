package org.skingpt.accounts.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events of sign-in protection: a line on the {@value #CATEGORY} log category always, and an entry in
 * the clinical record's {@link AuditTrail} while one is registered. User names and addresses only, never
 * passwords.
 *
 * <p>The console audits its own sign-ins (with its own reasons, such as a missing role), so plain failures
 * and refusals of the {@code console} channel are left to it; lockouts and unlocks are written here for
 * every channel.
 */
final class AccountsAudit {

    /** The audit logger category shared by all SkinGPT bundles. */
    static final String CATEGORY = "org.skingpt.audit";
    /** Audit action: a name was locked after too many failed sign-ins. */
    static final String ACCOUNT_LOCKED = "ACCOUNT_LOCKED";
    /** Audit action: an admin lifted a lock. */
    static final String ACCOUNT_UNLOCKED = "ACCOUNT_UNLOCKED";
    /** The channel the console names itself with (its JAAS client principal). */
    static final String CONSOLE = "console";

    private static final Logger LOG = LoggerFactory.getLogger(CATEGORY);
    private static final int MAX_NAME_LENGTH = 64;

    private volatile AuditTrail trail;

    void trail(AuditTrail t) {
        trail = t;
    }

    void trailGone(AuditTrail t) {
        if (trail == t) {
            trail = null;
        }
    }

    /** A failed sign-in, counted towards a lockout. */
    void failed(LoginGate.Attempt a, int failures, LoginThrottle.Policy policy) {
        if (CONSOLE.equals(a.channel())) {
            return;
        }
        String detail = "bad-credentials; failure " + failures + " of " + policy.maxFailures() + " within "
                + policy.window().toMinutes() + " min";
        LOG.warn("{} login failed: user={} reason=bad-credentials failures={}/{} remote={}", clean(a.channel()),
                clean(a.user()), failures, policy.maxFailures(), clean(a.remote()));
        append(AuditAction.LOGIN_FAILED.name(), a.user(), a.channel(), detail, a.remote());
    }

    /** A sign-in refused because the name is locked (the password was not checked). */
    void refused(LoginGate.Attempt a, LoginThrottle.Lock lock) {
        if (CONSOLE.equals(a.channel())) {
            return;
        }
        Instant until = seconds(lock.until());
        LOG.warn("{} login refused: user={} reason=account-locked until={} remote={}", clean(a.channel()),
                clean(a.user()), until, clean(a.remote()));
        append(AuditAction.LOGIN_FAILED.name(), a.user(), a.channel(), "account-locked until " + until, a.remote());
    }

    /** A name was locked by this attempt. */
    void locked(LoginGate.Attempt a, int failures, Instant lockedUntil, LoginThrottle.Policy policy, boolean isAccount) {
        Instant until = seconds(lockedUntil);
        String detail = "locked until " + until + " after " + failures + " failed sign-ins within "
                + policy.window().toMinutes() + " min (last via " + a.channel() + ")"
                + (isAccount ? "" : "; no such account");
        LOG.warn("account locked: user={} until={} failures={} window={}min last-channel={} remote={}{}",
                clean(a.user()), until, failures, policy.window().toMinutes(), clean(a.channel()), clean(a.remote()),
                isAccount ? "" : " (no such account)");
        append(ACCOUNT_LOCKED, a.user(), a.user(), detail, a.remote());
    }

    /** An admin lifted a lock (or cleared the failures of a name that was not locked). */
    void unlocked(String user, String by, boolean wasLocked) {
        LOG.info("account unlocked: user={} by={} was-locked={}", clean(user), clean(by), wasLocked);
        append(ACCOUNT_UNLOCKED, by, user, wasLocked ? "lock lifted" : "failed sign-ins cleared (was not locked)", "");
    }

    /** The users file was copied into an empty record (accounts kept in the record from now on). */
    void imported(int accounts, String file) {
        append(AuditAction.ACCOUNT_CHANGED.name(), "system", "accounts", accounts + " accounts copied from " + file
                + " into the clinical record", "");
    }

    /** An old unsalted SHA-256 password entry was replaced by the configured hash at a good sign-in. */
    void hashUpgraded(LoginGate.Attempt a, String to) {
        LOG.info("password hash upgraded: user={} from=SHA-256 to={} via={}", clean(a.user()), to, clean(a.channel()));
        append(AuditAction.ACCOUNT_CHANGED.name(), "system", a.user(), "password hash upgraded from unsalted SHA-256 to "
                + to + " at sign-in", a.remote());
    }

    /** An admin changed an account (created, groups, password, deleted); never the password itself. */
    void changed(String actor, String user, String detail) {
        LOG.info("account changed: user={} by={} {}", clean(user), clean(actor), detail);
        append(AuditAction.ACCOUNT_CHANGED.name(), actor, user, detail, "");
    }

    /** Lock ends as they are shown: to the second (the lock itself keeps full precision). */
    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    private void append(String action, String actor, String target, String detail, String remote) {
        AuditTrail t = trail;
        if (t == null) {
            return;
        }
        try {
            t.append(new AuditEntry(0L, null, clean(actor), action, clean(target), detail,
                    remote == null ? "" : clean(remote)));
        } catch (RuntimeException e) {
            LOG.error("audit entry {} for {} not written to the record: {}", action, clean(actor), e.getMessage());
        }
    }

    /**
     * Makes a user-supplied value safe for a log line: no line breaks or control characters (no forged log
     * entries), bounded length.
     */
    static String clean(String value) {
        if (value == null || value.isEmpty()) {
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
        return sb.toString();
    }
}
