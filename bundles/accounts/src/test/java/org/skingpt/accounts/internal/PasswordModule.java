package org.skingpt.accounts.internal;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/** Stands in for Karaf's properties module: options map user names to passwords. */
public class PasswordModule implements LoginModule {

    private Subject subject;
    private CallbackHandler handler;
    private Map<String, ?> options;
    private String user;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
        this.options = options;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (Exception e) {
            throw new LoginException(e.toString());
        }
        Object expected = options.get(name.getName());
        if (expected == null || !expected.equals(new String(password.getPassword()))) {
            throw new FailedLoginException("login failed");
        }
        user = name.getName();
        return true;
    }

    @Override
    public boolean commit() {
        if (user != null) {
            subject.getPrincipals().add(new UserPrincipal(user));
        }
        return user != null;
    }

    @Override
    public boolean abort() {
        user = null;
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }
}
