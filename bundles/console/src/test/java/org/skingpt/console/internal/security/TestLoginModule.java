package org.skingpt.console.internal.security;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * A login module like Karaf's properties module: options map user to "password:role,role". Its
 * failure messages give details away on purpose, as Karaf's do.
 */
public class TestLoginModule implements LoginModule {

    static final AtomicInteger LOGINS = new AtomicInteger();
    /** Client principals of the subject at the last login, as "method(address)". */
    static volatile java.util.Set<String> lastClients = java.util.Set.of();

    private Subject subject;
    private CallbackHandler handler;
    private Map<String, ?> options;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
        this.options = options;
    }

    @Override
    public boolean login() throws LoginException {
        LOGINS.incrementAndGet();
        lastClients = subject.getPrincipals(org.apache.karaf.jaas.boot.principal.ClientPrincipal.class).stream()
                .map(Principal::getName).collect(java.util.stream.Collectors.toSet());
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (Exception e) {
            throw new LoginException(e.getMessage());
        }
        if ("locked".equals(name.getName())) {
            // As SkinGPT's lockout module does, before any password check.
            throw new javax.security.auth.login.AccountLockedException(
                    "Account locked until 09:15 after 5 failed sign-ins; an admin can unlock it.");
        }
        Object entry = options.get(name.getName());
        if (entry == null) {
            throw new FailedLoginException("User " + name.getName() + " does not exist");
        }
        String[] parts = entry.toString().split(":", 2);
        if (!parts[0].equals(new String(password.getPassword()))) {
            throw new FailedLoginException("Password for " + name.getName() + " does not match");
        }
        principals.add(new UserPrincipal(name.getName()));
        for (String role : parts[1].split(",")) {
            principals.add(new RolePrincipal(role));
        }
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
