package org.skingpt.console.internal.security;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import com.vaadin.flow.router.HasErrorParameter;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.ui.LoginView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends anonymous users to the login page. Registered on every UI, so it also covers views that
 * other bundles add later; the main layout checks again.
 */
public final class AccessGuard implements BeforeEnterListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        check(event);
    }

    /**
     * Lets the navigation pass when the target is public or a permitted user is signed in;
     * otherwise forwards to the login page.
     */
    public static void check(BeforeEnterEvent event) {
        LOG.debug("navigation to '{}' ({}), error navigation: {}", event.getLocation().getPath(),
                event.getNavigationTarget(), event.isErrorEvent());
        if (isPublic(event.getNavigationTarget())) {
            return;
        }
        var user = CurrentUser.get();
        if (user.isPresent() && stillPermitted(user.get())) {
            return;
        }
        if (user.isPresent()) {
            // The allowed roles were changed since this user signed in.
            Audit.loginFailed(user.get().name(), "role-revoked", CurrentUser.remoteAddress());
            CurrentUser.rememberTarget(null);
            event.getUI().getSession().setAttribute(AuthenticatedUser.class, null);
        } else {
            CurrentUser.rememberTarget(event.getLocation().getPathWithQueryParameters());
        }
        event.forwardTo(LoginView.class);
    }

    private static boolean stillPermitted(AuthenticatedUser user) {
        try {
            return AccessPolicy.grants(user.roles(), ConsoleBackend.current().settings().allowedRoles());
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * The login page and the error pages need no sign-in. Neither does Vaadin's placeholder for
     * client-side views: it is what an unknown address first resolves to (the console has no
     * client-side views), before the not-found page.
     */
    static boolean isPublic(Class<?> target) {
        return target == null ? false
                : target == LoginView.class
                        || target == UI.ClientViewPlaceholder.class
                        || HasErrorParameter.class.isAssignableFrom(target);
    }
}
