package org.skingpt.accounts.internal;

import javax.security.auth.login.AccountLockedException;

/**
 * What {@link LockoutLoginModule} asks before and tells after a sign-in through the realm. Implemented by
 * {@link Accounts}; an interface so that the login module can be tested with a plain JAAS configuration.
 */
interface LoginGate {

    /** How the user tried to sign in. */
    enum Method {
        /** A password (console, SSH password or keyboard-interactive, bin/client). */
        PASSWORD,
        /** No password offered: an SSH public key. Failures are not counted (clients try every key they have). */
        PUBLIC_KEY
    }

    /**
     * One sign-in attempt.
     *
     * @param user the name as given
     * @param method password or public key
     * @param channel {@code console}, {@code ssh} or another client type, from the subject's client principal
     *     ({@code unknown} when there is none)
     * @param remote the client's address, empty when unknown
     */
    record Attempt(String user, Method method, String channel, String remote) {
    }

    /**
     * Called before the password is checked.
     *
     * @param password the password offered (the gate must not keep it), null for a public key
     * @throws AccountLockedException when the name is locked; its message is meant for the user
     */
    void beforeLogin(Attempt attempt, char[] password) throws AccountLockedException;

    /** The realm refused the attempt (wrong password, unknown user, unknown key). */
    void failed(Attempt attempt);

    /** The realm accepted the attempt. */
    void succeeded(Attempt attempt);
}
