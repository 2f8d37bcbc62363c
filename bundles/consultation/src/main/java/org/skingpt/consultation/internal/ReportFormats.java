package org.skingpt.consultation.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.report.ReportRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Report format selection: the registered renderers by format id, read from their service properties (no
 * renderer is got or activated to list them), and the renderer a report of a consultation uses: the one
 * pinned when it started while it is still registered, else the one registered now. A renderer registered
 * without its format's properties is ignored, and said so once in the log.
 */
final class ReportFormats {

    private static final Logger LOG = LoggerFactory.getLogger(ReportFormats.class);

    private final Services services;
    private final Set<Object> warned = ConcurrentHashMap.newKeySet();

    ReportFormats(Services services) {
        this.services = services;
    }

    /** The registered renderers, the highest ranked per format id. */
    Map<String, ServiceReference<ReportRenderer>> current() {
        Map<String, ServiceReference<ReportRenderer>> byFormat = new HashMap<>();
        for (ServiceReference<ReportRenderer> ref : services.references(ReportRenderer.class, null)) {
            Optional<ReportFormatInfo> format = ReportFormatInfo.of(ref);
            if (format.isEmpty()) {
                Optional<String> problem = ReportFormatInfo.problem(ref);
                if (problem.isPresent() && ref.getBundle() != null && warned.add(ref.getProperty("service.id"))) {
                    LOG.warn(problem.get());
                }
                continue;
            }
            byFormat.merge(format.get().formatId(), ref, (a, b) -> b.compareTo(a) > 0 ? b : a);
        }
        return byFormat;
    }

    /**
     * The renderer of a format for a consultation: the one pinned at its start while its bundle is still
     * installed (installed after the start, or withdrawn since: the one registered now); null when none.
     *
     * @param pinned the consultation's renderers by format id (empty for a consultation read from the record)
     */
    ServiceReference<ReportRenderer> resolve(Map<String, ServiceReference<ReportRenderer>> pinned, String formatId) {
        if (formatId == null) {
            return null;
        }
        ServiceReference<ReportRenderer> ref = pinned.get(formatId);
        if (ref == null || ref.getBundle() == null) {
            ref = current().get(formatId);
        }
        return ref;
    }
}
