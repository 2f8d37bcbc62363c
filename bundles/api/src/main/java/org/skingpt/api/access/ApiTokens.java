package org.skingpt.api.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The API tokens, kept in the clinical record's database. Creating and revoking a token is audited in the
 * same transaction. Calls throw {@link org.skingpt.api.record.RecordUnavailableException} while the
 * database cannot be reached.
 */
@ProviderType
public interface ApiTokens {

    /** Longest token name. Names are letters, digits, {@code . _ -}. */
    int MAX_NAME_CHARS = 64;

    /**
     * Creates a token.
     *
     * @param name      unique name, e.g. the calling system ({@code ehr-prod}); letters, digits, {@code . _ -}
     * @param scopes    one or more scopes
     * @param expiresAt when it stops working; must be in the future
     * @param actor     the admin creating it, for the audit
     * @return the token with its secret, which is shown only now
     * @throws IllegalArgumentException when the name is taken or malformed, no scope is given, or the
     *                                  expiry is not in the future; nothing was stored
     */
    IssuedToken create(String name, Set<ApiScope> scopes, Instant expiresAt, String actor);

    /**
     * The token whose secret this is, revoked or expired ones included (so that the caller can say which),
     * and records the use when it is active.
     *
     * @return empty when no token has this secret
     */
    Optional<ApiToken> authenticate(String secret);

    /** Every token, newest first, revoked and expired ones included. */
    List<ApiToken> list();

    /**
     * Revokes a token at once, on every server sharing the database.
     *
     * @param idOrName the token's id or name
     * @param actor    the admin revoking it, for the audit
     * @return the token as revoked (unchanged if it was revoked before)
     * @throws IllegalArgumentException when no such token exists
     */
    ApiToken revoke(String idOrName, String actor);
}
