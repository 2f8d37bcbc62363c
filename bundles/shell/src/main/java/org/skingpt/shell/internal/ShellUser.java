package org.skingpt.shell.internal;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/** The user running a shell command (for the audit), from the JAAS subject Karaf runs it under. */
final class ShellUser {

    private ShellUser() {
    }

    @SuppressWarnings("removal") // Subject.current() needs Java 18; Karaf 4.4 on Java 17 sets the subject this way
    static String name() {
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
