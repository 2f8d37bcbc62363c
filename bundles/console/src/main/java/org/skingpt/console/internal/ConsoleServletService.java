package org.skingpt.console.internal;

import com.vaadin.flow.di.DefaultInstantiator;
import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.i18n.I18NProvider;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletService;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Objects;
import org.skingpt.console.internal.i18n.ConsoleI18n;

/**
 * Vaadin's servlet service for the console: knows the {@link ConsoleBackend}, and looks up
 * static resources without Vaadin's Jetty 12 special case.
 */
final class ConsoleServletService extends VaadinServletService {

    private static final long serialVersionUID = 1L;

    private final transient ConsoleBackend backend;

    ConsoleServletService(VaadinServlet servlet, DeploymentConfiguration configuration, ConsoleBackend backend)
            throws ServiceException {
        super(servlet, configuration);
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    ConsoleBackend backend() {
        return backend;
    }

    /** Vaadin's own instantiator, with the console's texts from the locale bundles. */
    @Override
    protected Instantiator createInstantiator() throws ServiceException {
        ConsoleI18n i18n = new ConsoleI18n(backend::locales);
        return new DefaultInstantiator(this) {
            private static final long serialVersionUID = 1L;

            @Override
            public I18NProvider getI18NProvider() {
                return i18n;
            }
        };
    }

    /**
     * Vaadin checks resources on Jetty 12 with {@code Path.of(url.toURI())}, which fails for
     * {@code bundle:} URLs ({@code FileSystemNotFoundException: Provider "bundle" not
     * installed}). The console's servlet context only answers resources that exist.
     */
    @Override
    public URL getStaticResource(String path) {
        try {
            return getServlet().getServletContext().getResource(path);
        } catch (MalformedURLException e) {
            return null;
        }
    }
}
