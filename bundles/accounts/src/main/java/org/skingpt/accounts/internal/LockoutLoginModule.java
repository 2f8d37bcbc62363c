package org.skingpt.accounts.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;

/**
 * First module of the wrapped {@code karaf} realm, flagged REQUISITE: refuses a locked name before any
 * password is checked (throwing {@link AccountLockedException}, which ends the sign-in at once), and
 * otherwise steps aside: {@link #login()} returns false, so the outcome is decided by Karaf's own modules
 * behind it exactly as without this one. {@link #abort()} (the realm refused) counts a failure,
 * {@link #commit()} (the realm accepted) clears the count. Like Karaf's audit modules, it adds no principal.
 *
 * <p>A new instance serves each sign-in (Karaf's {@code ProxyLoginModule} creates it); the state lives in
 * the {@link LoginGate} passed in the options under {@link #GATE}.
 */
public final class LockoutLoginModule implements LoginModule {

    /** Option holding the {@link LoginGate}. */
    static final String GATE = LoginGate.class.getName();

    private Subject subject;
    private CallbackHandler handler;
    private LoginGate gate;
    private LoginGate.Attempt attempt;
    private boolean refused;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.handler = callbackHandler;
        Object g = options.get(GATE);
        this.gate = g instanceof LoginGate lg ? lg : null;
    }

    @Override
    public boolean login() throws LoginException {
        attempt = null;
        refused = false;
        if (gate == null || handler == null) {
            // Misconfigured: fail closed rather than let sign-ins through unthrottled.
            throw new LoginException("sign-in protection is not available");
        }
        String user = askName();
        if (user == null || user.isEmpty()) {
            return false;
        }
        char[] password = askPassword();
        try {
            attempt = new LoginGate.Attempt(user,
                    password == null ? LoginGate.Method.PUBLIC_KEY : LoginGate.Method.PASSWORD, channel(), remote());
            gate.beforeLogin(attempt, password);
        } catch (AccountLockedException e) {
            refused = true;
            throw e;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        return false;
    }

    @Override
    public boolean commit() {
        if (attempt != null && !refused) {
            gate.succeeded(attempt);
        }
        attempt = null;
        return false;
    }

    @Override
    public boolean abort() {
        if (attempt != null && !refused) {
            gate.failed(attempt);
        }
        attempt = null;
        return false;
    }

    @Override
    public boolean logout() {
        return false;
    }

    private String askName() throws LoginException {
        NameCallback name = new NameCallback("User name: ");
        try {
            handler.handle(new Callback[] {name});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("no user name: " + e.getMessage());
        }
        return name.getName();
    }

    /** The password offered, or null when the caller has none to give (SSH public-key sign-in). */
    private char[] askPassword() throws LoginException {
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            handler.handle(new Callback[] {password});
        } catch (UnsupportedCallbackException e) {
            return null;
        } catch (IOException e) {
            throw new LoginException("no password: " + e.getMessage());
        }
        char[] value = password.getPassword();
        password.clearPassword();
        return value;
    }

    private String channel() {
        for (ClientPrincipal p : subject == null ? java.util.Set.<ClientPrincipal>of()
                : subject.getPrincipals(ClientPrincipal.class)) {
            if (p.getMethod() != null && !p.getMethod().isBlank()) {
                return p.getMethod();
            }
        }
        return "unknown";
    }

    private String remote() {
        for (ClientPrincipal p : subject == null ? java.util.Set.<ClientPrincipal>of()
                : subject.getPrincipals(ClientPrincipal.class)) {
            if (p.getAddress() != null) {
                return p.getAddress();
            }
        }
        return "";
    }
}
