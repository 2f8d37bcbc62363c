package org.skingpt.api.record;

/**
 * The result of checking the audit trail's hash chain from its first entry to its last.
 *
 * @param intact         true when every entry matches its hash and follows the one before it
 * @param entriesChecked entries read
 * @param brokenAt       sequence number of the first entry found edited, or of the first entry after a
 *                       gap (the entries before it were deleted); null when intact
 * @param problem        what is wrong there, for example {@code entry 42 was changed after it was written
 *                       (its content no longer matches its hash)}; empty when intact
 * @param lastHash       hash of the last entry (hex), to note down outside the database: a trail cut
 *                       short at its end can only be told from such a copy; empty when the trail is empty
 */
public record AuditVerification(boolean intact, long entriesChecked, Long brokenAt, String problem, String lastHash) {

    public AuditVerification {
        problem = problem == null ? "" : problem;
        lastHash = lastHash == null ? "" : lastHash;
    }
}
