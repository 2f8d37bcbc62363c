package org.skingpt.console.internal.security;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of a sign-in attempt.
 *
 * @param outcome what happened
 * @param user the signed-in user, only for {@link Outcome#SUCCESS}
 * @param notice for {@link Outcome#LOCKED}: what the realm says about the lock (until when, after how many
 *     failures), shown as it is; empty otherwise
 */
public record AuthenticationResult(Outcome outcome, AuthenticatedUser user, String notice) {

    /** What a sign-in attempt came to. */
    public enum Outcome {
        /** Credentials accepted and the user holds an allowed role. */
        SUCCESS,
        /** Unknown user or wrong password (deliberately not told apart). */
        BAD_CREDENTIALS,
        /** Credentials accepted, but the user holds none of the allowed roles. */
        NO_ROLE,
        /** The realm could not be used (not configured, not started). */
        UNAVAILABLE,
        /**
         * The account is locked after too many failed sign-ins (the realm refused before checking the
         * password). Unknown names are locked the same way, so this tells nothing about which names exist.
         */
        LOCKED
    }

    public AuthenticationResult {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.SUCCESS) != (user != null)) {
            throw new IllegalArgumentException("a user goes with SUCCESS and only with SUCCESS");
        }
        notice = notice == null ? "" : notice.strip();
    }

    public AuthenticationResult(Outcome outcome, AuthenticatedUser user) {
        this(outcome, user, "");
    }

    public static AuthenticationResult success(AuthenticatedUser user) {
        return new AuthenticationResult(Outcome.SUCCESS, Objects.requireNonNull(user));
    }

    public static AuthenticationResult failure(Outcome outcome) {
        return new AuthenticationResult(outcome, null);
    }

    /**
     * A locked account.
     *
     * @param notice the realm's words on the lock (the SkinGPT accounts bundle says until when and after how
     *     many failed sign-ins); a plain sentence is shown when it is blank
     */
    public static AuthenticationResult locked(String notice) {
        return new AuthenticationResult(Outcome.LOCKED, null, notice);
    }

    public Optional<AuthenticatedUser> authenticatedUser() {
        return Optional.ofNullable(user);
    }

    /**
     * The message shown on the login page; says nothing an attacker could use (the roles are
     * named only to a user whose password was right).
     *
     * @param allowedRoles the roles that may enter, named in the no-role message
     */
    public String message(Collection<String> allowedRoles) {
        return switch (outcome) {
            case SUCCESS -> "";
            case BAD_CREDENTIALS -> "Incorrect user name or password.";
            case NO_ROLE -> "Your account is not allowed to use the SkinGPT console. "
                    + "Ask an administrator for one of these roles: " + String.join(", ", allowedRoles) + ".";
            case UNAVAILABLE -> "Sign-in is unavailable right now. Please try again later "
                    + "or contact your administrator.";
            case LOCKED -> notice.isEmpty()
                    ? "This account is locked after too many failed sign-ins; an admin can unlock it."
                    : notice;
        };
    }
}
