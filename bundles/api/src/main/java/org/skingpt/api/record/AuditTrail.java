package org.skingpt.api.record;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The audit trail: who did what, when, from where. Append-only; each entry stores a SHA-256 over its own
 * content and the previous entry's hash, so an entry edited or deleted in the database breaks the chain
 * and {@link #verify()} names where.
 *
 * <p>Entries hold identifiers, never patient content or image bytes. Every method throws
 * {@link RecordUnavailableException} when the database cannot be reached or is not ready.
 */
@ProviderType
public interface AuditTrail {

    /**
     * Appends an entry, committed when this returns.
     *
     * @param entry its {@code sequence} is ignored; a null {@code time} means now
     * @return the entry as stored, with its sequence number and time
     * @throws RecordWriteException if the action is not an upper-case name or a field is too long
     */
    AuditEntry append(AuditEntry entry);

    /** Entries matching the query, newest first, one page, with the total number matching. */
    Page<AuditEntry> find(AuditQuery query);

    /** Checks the whole chain from the first entry to the last. */
    AuditVerification verify();
}
