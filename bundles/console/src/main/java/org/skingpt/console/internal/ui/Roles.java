package org.skingpt.console.internal.ui;

import org.skingpt.console.internal.security.AuthenticatedUser;

/** What the console's roles may see beyond their own work. */
final class Roles {

    static final String ADMIN = "admin";
    static final String REVIEWER = "reviewer";

    private Roles() {
    }

    /** Admins and reviewers see every clinician's consultations; everyone else only their own. */
    static boolean seesAllConsultations(AuthenticatedUser user) {
        return user != null && (user.hasRole(ADMIN) || user.hasRole(REVIEWER));
    }

    /** Whether this user may open a consultation run by {@code clinician}. */
    static boolean mayView(AuthenticatedUser user, String clinician) {
        return user != null && (seesAllConsultations(user) || user.name().equals(clinician));
    }

    static boolean isReviewer(AuthenticatedUser user) {
        return user != null && user.hasRole(REVIEWER);
    }

    static boolean isAdmin(AuthenticatedUser user) {
        return user != null && user.hasRole(ADMIN);
    }
}
