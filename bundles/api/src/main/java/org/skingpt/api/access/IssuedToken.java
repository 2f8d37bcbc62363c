package org.skingpt.api.access;

import java.util.Objects;

/**
 * A token just created, with its secret. The secret is not stored (only its SHA-256 hash) and cannot be
 * shown again: hand it to the calling system now.
 *
 * @param token  the token as it is kept
 * @param secret what the calling system sends as {@code Authorization: Bearer <secret>}
 */
public record IssuedToken(ApiToken token, String secret) {

    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        // Never let the secret reach a log line by accident.
        return "IssuedToken[token=" + token + ", secret=(hidden)]";
    }
}
