package org.skingpt.api.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API token as the platform keeps it: never its secret, which is shown once when it is created.
 *
 * @param id         stable identifier ({@code tok_...}), shown in lists and audit entries
 * @param name       unique name given by the admin, e.g. the calling system ({@code ehr-prod})
 * @param scopes     what it may do
 * @param createdAt  when it was created
 * @param createdBy  the admin who created it
 * @param expiresAt  when it stops working
 * @param revokedAt  when it was revoked, or null
 * @param revokedBy  who revoked it, empty when not revoked
 * @param lastUsedAt when it was last presented with success, or null
 */
public record ApiToken(
        String id,
        String name,
        Set<ApiScope> scopes,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy,
        Instant lastUsedAt) {

    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes == null ? Set.of() : scopes);
        createdBy = Objects.requireNonNullElse(createdBy, "");
        revokedBy = Objects.requireNonNullElse(revokedBy, "");
    }

    /** Whether it has been revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether it has expired at that time. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether it can be used at that time: neither revoked nor expired. */
    public boolean activeAt(Instant now) {
        return !revoked() && !expiredAt(now);
    }

    /** Whether it holds that scope. */
    public boolean allows(ApiScope scope) {
        return scopes.contains(scope);
    }
}
