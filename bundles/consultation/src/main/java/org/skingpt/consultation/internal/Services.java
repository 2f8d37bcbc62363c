package org.skingpt.consultation.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The consultation's window on the service registry: find references, get and release service objects. The
 * parts that choose models, locale bundles and report formats use this rather than the {@link BundleContext},
 * so that their unit tests run on a small fake registry.
 */
interface Services {

    /** The registered services of a type that match an LDAP filter (null: all), in no particular order. */
    <T> List<ServiceReference<T>> references(Class<T> type, String filter);

    /** The service object, or null when the service has gone. */
    <T> T get(ServiceReference<T> reference);

    /** Releases a service object got with {@link #get}. */
    void unget(ServiceReference<?> reference);

    /** The registry as this bundle sees it. */
    static Services of(BundleContext context) {
        return new Services() {
            @Override
            public <T> List<ServiceReference<T>> references(Class<T> type, String filter) {
                try {
                    Collection<ServiceReference<T>> refs = context.getServiceReferences(type, filter);
                    return new ArrayList<>(refs);
                } catch (InvalidSyntaxException e) {
                    throw new IllegalArgumentException("filter " + filter + ": " + e.getMessage(), e);
                } catch (IllegalStateException stopping) {
                    return new ArrayList<>();
                }
            }

            @Override
            public <T> T get(ServiceReference<T> reference) {
                return context.getService(reference);
            }

            @Override
            public void unget(ServiceReference<?> reference) {
                try {
                    context.ungetService(reference);
                } catch (IllegalStateException stopping) {
                    // the framework is stopping; nothing left to release
                }
            }
        };
    }
}
