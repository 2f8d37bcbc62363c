package org.skingpt.api.record;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail. Entries hold identifiers (users, consultation ids, model names), never
 * patient content or image bytes.
 *
 * @param sequence      position in the trail, from 1; 0 in an entry not yet appended
 * @param time          when it happened; null in an entry to append means now
 * @param actor         user or component that acted ({@code system} for the platform itself)
 * @param action        what was done: an {@link AuditAction} name or another upper-case name
 *                      ({@code [A-Z][A-Z0-9_]*}, at most 64 characters)
 * @param target        what it was done to (consultation id, model {@code name@version}, user...), empty
 *                      when nothing in particular
 * @param detail        more about it, empty when nothing
 * @param sourceAddress network address the request came from, empty when local
 */
public record AuditEntry(
        long sequence,
        Instant time,
        String actor,
        String action,
        String target,
        String detail,
        String sourceAddress) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        target = Objects.requireNonNullElse(target, "");
        detail = Objects.requireNonNullElse(detail, "");
        sourceAddress = Objects.requireNonNullElse(sourceAddress, "");
    }

    /** An entry to append, stamped with the store's clock. */
    public static AuditEntry of(AuditAction action, String actor, String target, String detail, String sourceAddress) {
        return new AuditEntry(0L, null, actor, action.name(), target, detail, sourceAddress);
    }
}
