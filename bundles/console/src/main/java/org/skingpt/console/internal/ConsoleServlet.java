package org.skingpt.console.internal;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.di.LookupInitializer;
import com.vaadin.flow.server.VaadinRequest;
import java.util.Locale;
import org.skingpt.console.internal.i18n.ConsoleI18n;
import org.skingpt.console.internal.i18n.UiLanguage;
import org.skingpt.console.internal.security.CurrentUser;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.router.InternalServerError;
import com.vaadin.flow.router.RouteAccessDeniedError;
import com.vaadin.flow.server.CustomizedSystemMessages;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletService;
import com.vaadin.flow.server.startup.ErrorNavigationTargetInitializer;
import com.vaadin.flow.server.startup.LookupServletContainerInitializer;
import com.vaadin.flow.server.startup.RouteRegistryInitializer;
import com.vaadin.flow.server.startup.VaadinAppShellInitializer;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.skingpt.console.internal.security.AccessGuard;
import org.skingpt.console.internal.security.Audit;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.ui.AboutView;
import org.skingpt.console.internal.ui.ConsultationView;
import org.skingpt.console.internal.ui.LoginView;
import org.skingpt.console.internal.ui.NotFoundView;
import org.skingpt.console.internal.ui.StatusView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vaadin servlet of the console, registered on the Jakarta Servlet whiteboard in the
 * console's own context. Vaadin is initialised by hand: there is no
 * {@code ServletContainerInitializer} class scanning in OSGi, so the initialisers get explicit
 * class sets, with the bundle's class loader as thread context class loader.
 *
 * <p>Prototype scope: the whiteboard gets a fresh servlet each time it (re)creates the servlet
 * in its context, because a {@link VaadinServlet} cannot be initialised twice.
 */
@Component(
        service = Servlet.class,
        scope = ServiceScope.PROTOTYPE,
        property = {
            "osgi.http.whiteboard.servlet.name=skingpt-console",
            "osgi.http.whiteboard.servlet.pattern=/*",
            "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name="
                    + ConsoleContextHelper.CONTEXT_NAME + ")",
            "osgi.http.whiteboard.servlet.asyncSupported:Boolean=true",
            // Whiteboard servlet init parameters need this prefix; others are silently ignored.
            "servlet.init.productionMode=true",
            // The session timeout counts from the user's last action, not from the browser's heartbeats
            // or push connection; checked at each heartbeat (so it ends within timeout + 60 s).
            "servlet.init.closeIdleSessions=true",
            "servlet.init.heartbeatInterval=60",
            // The whiteboard's ServletContext does not list servlet registrations, so Vaadin cannot find
            // its own mapping (it warns). Tell it: the console is mapped to /*.
            "servlet.init." + VaadinServlet.INTERNAL_VAADIN_SERVLET_VITE_DEV_MODE_FRONTEND_PATH + "=/*"
        })
public class ConsoleServlet extends VaadinServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);

    /** The application shell (page settings, push). */
    static final Set<Class<?>> APP_SHELL = Set.of(ConsoleAppShell.class);

    /** The console's own routes (views of other bundles are meant to be added at run time). */
    static final Set<Class<?>> ROUTES = Set.of(LoginView.class, StatusView.class, ConsultationView.class,
            AboutView.class, org.skingpt.console.internal.ui.ApiTokensView.class,
            org.skingpt.console.internal.ui.HistoryView.class, org.skingpt.console.internal.ui.HistoryDetailView.class,
            org.skingpt.console.internal.ui.AuditView.class, org.skingpt.console.internal.ui.ReviewStudiesView.class,
            org.skingpt.console.internal.ui.ReviewQueueView.class, org.skingpt.console.internal.ui.ReviewFormView.class,
            org.skingpt.console.internal.ui.ReviewResultsView.class,
            // admin pages (issue 18)
            org.skingpt.console.internal.ui.ModelsView.class, org.skingpt.console.internal.ui.UsersView.class);

    /** Error views: the console's own "not found", Vaadin's internal error and access denied. */
    static final Set<Class<?>> ERROR_VIEWS =
            Set.of(NotFoundView.class, InternalServerError.class, RouteAccessDeniedError.class);

    private final transient ConsoleBackend backend;

    @Activate
    public ConsoleServlet(@Reference ConsoleBackend backend) {
        this.backend = backend;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        long start = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ConsoleServlet.class.getClassLoader());
        try {
            ServletContext context = config.getServletContext();
            new LookupServletContainerInitializer().process(Set.of(LookupInitializer.class), context);
            new VaadinAppShellInitializer().process(APP_SHELL, context);
            new RouteRegistryInitializer().process(ROUTES, context);
            new ErrorNavigationTargetInitializer().process(ERROR_VIEWS, context);
            super.init(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("SkinGPT console started in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    protected VaadinServletService createServletService(DeploymentConfiguration configuration)
            throws ServiceException {
        ConsoleServletService service = new ConsoleServletService(this, configuration, backend);
        service.init();
        return service;
    }

    @Override
    protected void servletInitialized() throws ServletException {
        super.servletInitialized();
        VaadinServletService service = getService();
        service.addSessionInitListener(event -> event.getSession().getSession()
                .setMaxInactiveInterval(backend.settings().sessionTimeoutSeconds()));
        // An expired session (idle longer than the timeout) sends the browser straight back to the
        // login page instead of showing Vaadin's "Session expired" box.
        CustomizedSystemMessages messages = new CustomizedSystemMessages();
        messages.setSessionExpiredNotificationEnabled(false);
        service.setSystemMessagesProvider(info -> messages);
        service.addSessionDestroyListener(event -> {
            AuthenticatedUser user = event.getSession().getAttribute(AuthenticatedUser.class);
            if (user != null) {
                // Not signed out: the session timed out (or the console stopped).
                Audit.sessionEnded(user.name());
            }
        });
        AccessGuard guard = new AccessGuard();
        service.addUIInitListener(event -> {
            // English unless this user or this browser chose another language (never the browser's settings).
            UI ui = event.getUI();
            ConsoleI18n i18n = UiLanguage.i18n();
            Locale locale = CurrentUser.get().flatMap(u -> backend.languagePreferences().get(u.name()))
                    .map(i18n::supported)
                    .orElseGet(() -> UiLanguage.fromRequest(VaadinRequest.getCurrent(), i18n));
            UiLanguage.apply(ui, locale);
            ui.addBeforeEnterListener(guard);
        });
    }

    /**
     * Requests run with the bundle's class loader as context class loader: Vaadin and its
     * embedded libraries load classes and resources through it.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ConsoleServlet.class.getClassLoader());
        try {
            super.service(request, response);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
