package org.skingpt.api.record;

import java.time.Instant;

/**
 * Which audit entries to list, newest first. Every filter is optional (null or empty: no filter); the
 * filters combine with AND.
 *
 * @param actor  exactly this actor
 * @param action exactly this action
 * @param target exactly this target
 * @param from   at or after this instant
 * @param to     before this instant
 * @param offset rows to skip, 0 or more
 * @param limit  page size, 1 to {@value HistoryQuery#MAX_LIMIT}
 */
public record AuditQuery(String actor, String action, String target, Instant from, Instant to, int offset, int limit) {

    public AuditQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, got " + offset);
        }
        if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + HistoryQuery.MAX_LIMIT + ", got " + limit);
        }
        actor = blankToNull(actor);
        action = blankToNull(action);
        target = blankToNull(target);
    }

    /** The newest {@code limit} entries, unfiltered. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, null, 0, limit);
    }

    public AuditQuery withActor(String actor) {
        return new AuditQuery(actor, action, target, from, to, offset, limit);
    }

    public AuditQuery withAction(String action) {
        return new AuditQuery(actor, action, target, from, to, offset, limit);
    }

    public AuditQuery withTarget(String target) {
        return new AuditQuery(actor, action, target, from, to, offset, limit);
    }

    /** At or after {@code from}, before {@code to}; either may be null. */
    public AuditQuery between(Instant from, Instant to) {
        return new AuditQuery(actor, action, target, from, to, offset, limit);
    }

    public AuditQuery page(int offset, int limit) {
        return new AuditQuery(actor, action, target, from, to, offset, limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
