package org.skingpt.rest.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.context.ServletContextHelper;

/**
 * The API's own servlet context {@value #CONTEXT_NAME} at {@value #PATH}: the longest context path wins on
 * the whiteboard, so these requests never reach the console's context at {@code /}. Authentication is done
 * by the servlet, which can answer with a problem document; here only the headers every API response carries.
 */
@Component(service = ServletContextHelper.class, property = {
    "osgi.http.whiteboard.context.name=" + ApiContextHelper.CONTEXT_NAME,
    "osgi.http.whiteboard.context.path=" + ApiContextHelper.PATH
})
public class ApiContextHelper extends ServletContextHelper {

    static final String CONTEXT_NAME = "skingpt-api";
    static final String PATH = "/api/v1";

    @Activate
    public ApiContextHelper(BundleContext context) {
        super(context.getBundle());
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        return true;
    }
}
