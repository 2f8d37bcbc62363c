package org.skingpt.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URL;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.context.ServletContextHelper;

/**
 * The console's own servlet context {@value #CONTEXT_NAME} at {@code /}. The whiteboard's
 * default context would serve JavaScript without a Content-Type and would not find the
 * {@code META-INF/resources} of the Vaadin jars embedded in this bundle.
 */
@Component(
        service = ServletContextHelper.class,
        property = {
            "osgi.http.whiteboard.context.name=" + ConsoleContextHelper.CONTEXT_NAME,
            "osgi.http.whiteboard.context.path=/"
        })
public class ConsoleContextHelper extends ServletContextHelper {

    /** Name of the console's servlet context; console servlets select it. */
    public static final String CONTEXT_NAME = "skingpt";

    private static final Set<String> NO_RESOURCE_PATHS = Set.of();

    private final StaticResources resources;

    @Activate
    public ConsoleContextHelper(BundleContext context) {
        this(context.getBundle(), new StaticResources(ConsoleContextHelper.class.getClassLoader()));
    }

    ConsoleContextHelper(Bundle bundle, StaticResources resources) {
        super(bundle);
        this.resources = resources;
    }

    @Override
    public String getMimeType(String name) {
        return MimeTypes.of(name);
    }

    @Override
    public URL getResource(String name) {
        return resources.find(name);
    }

    @Override
    public Set<String> getResourcePaths(String path) {
        // No directory listings.
        return NO_RESOURCE_PATHS;
    }

    @Override
    public String getRealPath(String path) {
        return null;
    }

    /**
     * Authentication is the console's job (Vaadin views against JAAS); here only the security
     * headers every response of the console carries.
     */
    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("Referrer-Policy", "same-origin");
        return true;
    }
}
