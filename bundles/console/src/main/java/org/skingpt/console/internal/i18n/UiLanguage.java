package org.skingpt.console.internal.i18n;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.VaadinSession;
import jakarta.servlet.http.Cookie;
import java.util.Locale;

/**
 * Which language the console's pages use: the user's saved choice after sign-in, before that the browser's
 * cookie, otherwise English (never guessed from the browser's language settings).
 */
public final class UiLanguage {

    /** Cookie holding the last language chosen in this browser. */
    public static final String COOKIE = "skingpt-language";
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private UiLanguage() {
    }

    /** The console's texts. */
    public static ConsoleI18n i18n() {
        VaadinService service = VaadinService.getCurrent();
        if (service != null && service.getInstantiator().getI18NProvider() instanceof ConsoleI18n i18n) {
            return i18n;
        }
        throw new IllegalStateException("Not inside a SkinGPT console request");
    }

    /** The language for a new page: the cookie's, if the console can show it, else English. */
    public static Locale fromRequest(VaadinRequest request, ConsoleI18n i18n) {
        if (request != null) {
            String value = request.getCookies() == null ? null : cookieValue(request.getCookies());
            Locale chosen = i18n.supported(value);
            if (chosen != null) {
                return chosen;
            }
        }
        return ConsoleI18n.DEFAULT;
    }

    private static String cookieValue(Cookie[] cookies) {
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    /** Uses a language for this session and page from now on. */
    public static void apply(UI ui, Locale locale) {
        VaadinSession session = ui.getSession();
        if (session != null) {
            session.setLocale(locale);
        }
        ui.setLocale(locale);
    }

    /** Sends the cookie that keeps this browser's choice (with the response to the current request). */
    public static void remember(Locale locale) {
        VaadinResponse response = VaadinService.getCurrentResponse();
        if (!(response instanceof VaadinServletResponse servletResponse)) {
            return;
        }
        Cookie cookie = new Cookie(COOKIE, locale.toLanguageTag());
        cookie.setPath("/");
        cookie.setMaxAge(ONE_YEAR);
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Lax");
        VaadinRequest request = VaadinRequest.getCurrent();
        cookie.setSecure(request != null && request.isSecure());
        servletResponse.getHttpServletResponse().addCookie(cookie);
    }
}
