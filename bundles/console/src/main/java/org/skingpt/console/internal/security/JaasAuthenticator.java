package org.skingpt.console.internal.security;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.skingpt.console.internal.ConsoleSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs users in against a JAAS realm (Karaf's {@code karaf} realm by default) and applies the
 * console's role policy. Every attempt is audited, with the user name only.
 */
public final class JaasAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);
    /** The client method the console names itself with in the JAAS subject ({@link ClientPrincipal}). */
    static final String CLIENT_METHOD = "console";

    private final Supplier<ConsoleSettings> settings;
    private final Configuration configuration;
    private final Clock clock;

    /**
     * @param settings current console settings (realm, allowed roles)
     * @param configuration JAAS configuration to use, or {@code null} for the JVM-wide one
     *     (which Karaf's JAAS bundle installs)
     * @param clock clock for the sign-in time
     */
    public JaasAuthenticator(Supplier<ConsoleSettings> settings, Configuration configuration, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.configuration = configuration;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Authenticator on the JVM-wide JAAS configuration, i.e. Karaf's realms. */
    public JaasAuthenticator(Supplier<ConsoleSettings> settings) {
        this(settings, null, Clock.systemUTC());
    }

    /**
     * Tries to sign a user in. The password array is not kept (the caller should clear it).
     *
     * @param username user name as typed
     * @param password password as typed
     * @param remote the client's address, for the audit log only
     */
    public AuthenticationResult authenticate(String username, char[] password, String remote) {
        ConsoleSettings current = settings.get();
        String user = username == null ? "" : username.trim();
        if (user.isEmpty() || password == null || password.length == 0) {
            Audit.loginFailed(user, "empty-credentials", remote);
            return AuthenticationResult.failure(AuthenticationResult.Outcome.BAD_CREDENTIALS);
        }

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's login module class through the context class loader.
        // Karaf configures every realm with its ProxyLoginModule, which then finds the real
        // module in the bundle that registered the realm.
        thread.setContextClassLoader(jaasClassLoader());
        try {
            // Tells the realm's modules where the attempt comes from, as Karaf's SSH server does ("ssh"):
            // the lockout module counts failures of every channel and leaves the console's to its audit.
            Subject subject = new Subject();
            subject.getPrincipals().add(new ClientPrincipal(CLIENT_METHOD, remote == null ? "" : remote));
            LoginContext context;
            try {
                context = configuration == null
                        ? new LoginContext(current.realm(), subject, new Credentials(user, password))
                        : new LoginContext(current.realm(), subject, new Credentials(user, password),
                                configuration);
            } catch (LoginException | SecurityException e) {
                LOG.error("JAAS realm '{}' is not available: {}", current.realm(), e.getMessage());
                Audit.loginFailed(user, "realm-unavailable", remote);
                return AuthenticationResult.failure(AuthenticationResult.Outcome.UNAVAILABLE);
            }

            try {
                context.login();
            } catch (AccountLockedException e) {
                // The realm refused before checking the password; its message says until when.
                Audit.loginFailed(user, "account-locked", remote);
                return AuthenticationResult.locked(e.getMessage());
            } catch (LoginException e) {
                // Not logged: Karaf's messages say whether the user exists.
                Audit.loginFailed(user, "bad-credentials", remote);
                return AuthenticationResult.failure(AuthenticationResult.Outcome.BAD_CREDENTIALS);
            } catch (RuntimeException e) {
                LOG.error("JAAS realm '{}' failed while signing in", current.realm(), e);
                Audit.loginFailed(user, "realm-error", remote);
                return AuthenticationResult.failure(AuthenticationResult.Outcome.UNAVAILABLE);
            }

            Set<String> roles = AccessPolicy.roles(context.getSubject());
            try {
                context.logout();
            } catch (LoginException | RuntimeException e) {
                LOG.debug("JAAS logout after role lookup failed", e);
            }

            if (!AccessPolicy.grants(roles, current.allowedRoles())) {
                Audit.loginFailed(user, "no-console-role", remote);
                return AuthenticationResult.failure(AuthenticationResult.Outcome.NO_ROLE);
            }
            AuthenticatedUser authenticated = new AuthenticatedUser(user, roles, clock.instant());
            Audit.loginSucceeded(user, authenticated.rolesAmong(current.allowedRoles()), remote);
            return AuthenticationResult.success(authenticated);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static ClassLoader jaasClassLoader() {
        ClassLoader loader = ProxyLoginModule.class.getClassLoader();
        return loader != null ? loader : JaasAuthenticator.class.getClassLoader();
    }

    /** Answers the login module's questions; copies the password, keeps nothing. */
    private static final class Credentials implements CallbackHandler {
        private final String user;
        private final char[] password;

        Credentials(String user, char[] password) {
            this.user = user;
            this.password = password;
        }

        @Override
        public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pw) {
                    pw.setPassword(password); // PasswordCallback keeps its own copy
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=" + (password == null ? "null" : "***") + "]";
        }
    }

    /** Clears a password array. */
    public static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
