package org.skingpt.console.internal.security;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** The signed-in user of the current Vaadin session. */
public final class CurrentUser {

    private static final String AFTER_LOGIN = CurrentUser.class.getName() + ".afterLogin";

    private CurrentUser() {
    }

    /** The signed-in user, if any. */
    public static Optional<AuthenticatedUser> get() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(AuthenticatedUser.class));
    }

    /**
     * Signs a user in to the current session. The HTTP session gets a new id first, so that a
     * session id planted before sign-in is worth nothing afterwards (session fixation).
     */
    public static void signIn(AuthenticatedUser user, int sessionTimeoutSeconds) {
        VaadinSession session = VaadinSession.getCurrent();
        HttpServletRequest request = httpRequest();
        if (request != null && request.getSession(false) != null) {
            request.changeSessionId();
        }
        session.getSession().setMaxInactiveInterval(sessionTimeoutSeconds);
        session.setAttribute(AuthenticatedUser.class, user);
    }

    /** Forgets the user and ends the HTTP session. */
    public static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            return;
        }
        get().ifPresent(user -> Audit.logout(user.name(), remoteAddress()));
        session.setAttribute(AuthenticatedUser.class, null);
        session.getSession().invalidate();
    }

    /** Remembers where an anonymous user wanted to go, to go there after sign-in. */
    public static void rememberTarget(String location) {
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null) {
            session.setAttribute(AFTER_LOGIN, location);
        }
    }

    /** Where to go after sign-in (and forgets it); empty means the start page. */
    public static String takeTarget() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            return "";
        }
        Object target = session.getAttribute(AFTER_LOGIN);
        session.setAttribute(AFTER_LOGIN, null);
        return safeTarget(target instanceof String s ? s : null);
    }

    /**
     * Accepts only a route inside the console (no scheme, no host, no parent segments), so the
     * remembered target cannot send a user elsewhere.
     */
    public static String safeTarget(String location) {
        if (location == null || location.isBlank() || location.equals("login") || location.startsWith("login?")
                || location.contains("://") || location.startsWith("/") || location.startsWith("\\")
                || location.contains("..")) {
            return "";
        }
        return location;
    }

    /** The client's address for the audit log ({@code -} when unknown). */
    public static String remoteAddress() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null ? "-" : request.getRemoteAddr();
    }

    private static HttpServletRequest httpRequest() {
        return VaadinRequest.getCurrent() instanceof VaadinServletRequest servletRequest
                ? servletRequest.getHttpServletRequest() : null;
    }
}
