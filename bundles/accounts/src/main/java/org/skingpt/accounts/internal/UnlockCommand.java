package org.skingpt.accounts.internal;

import java.security.AccessController;
import java.security.Principal;
import java.util.Optional;
import javax.security.auth.Subject;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code skingpt:unlock USER}: lifts a sign-in lock at once and clears the user's failed sign-ins; audited. */
@Command(scope = "skingpt", name = "unlock", description = "Unlocks a user locked after failed sign-ins")
@Service
public class UnlockCommand implements Action {

    @Reference
    private Accounts accounts;

    @Argument(index = 0, name = "user", description = "The user name", required = true)
    private String user;

    @Override
    public Object execute() {
        Optional<LoginThrottle.Lock> lock = accounts.unlock(user, shellUser());
        if (lock.isPresent()) {
            System.out.printf("%s unlocked (was locked until %s after %d failed sign-ins).%n", user,
                    accounts.shown(lock.get().until()), lock.get().failures());
        } else {
            System.out.printf("%s was not locked; its failed sign-ins (if any) are cleared.%n", user);
        }
        return null;
    }

    /** The admin running the command, from the JAAS subject Karaf runs it under. */
    @SuppressWarnings("removal") // Subject.current() needs Java 18; Karaf 4.4 on Java 17 sets the subject this way
    static String shellUser() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                    return p.getName();
                }
            }
        }
        return "karaf-console";
    }
}
