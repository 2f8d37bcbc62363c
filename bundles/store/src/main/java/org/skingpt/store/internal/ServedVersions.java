package org.skingpt.store.internal;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.templates.PromptTemplates;

/**
 * What this node serves, for its heartbeat in the node registry: the loaded models, the locale bundles and
 * the report formats, read from the service registry by interface name and service properties (the property
 * names are the API's constants), so that the store gets no service object.
 */
final class ServedVersions {

    private static final String LANGUAGE_MODEL = "org.skingpt.api.inference.LanguageModel";
    private static final String IMAGE_ENCODER = "org.skingpt.api.inference.ImageEncoder";
    private static final String TEMPLATES = "org.skingpt.api.templates.PromptTemplates";
    private static final String RENDERER = "org.skingpt.api.report.ReportRenderer";

    private ServedVersions() {
    }

    /** One line per model, locale and report bundle, for example {@code language-model skingpt-demo-llm@1.1.0 active}. */
    static List<String> of(BundleContext context) {
        List<String> out = new ArrayList<>();
        for (ServiceReference<?> r : refs(context, LANGUAGE_MODEL)) {
            out.add("language-model " + model(r));
        }
        for (ServiceReference<?> r : refs(context, IMAGE_ENCODER)) {
            out.add("image-encoder " + model(r));
        }
        for (ServiceReference<?> r : refs(context, TEMPLATES)) {
            out.add("locale " + r.getProperty(PromptTemplates.LOCALE) + " " + bundle(r));
        }
        List<String> renderers = new ArrayList<>();
        for (ServiceReference<?> r : refs(context, RENDERER)) {
            if (ReportFormatInfo.of(r).isEmpty()) {
                continue; // registered without its format's properties: the platform ignores it
            }
            String line = "report-bundle " + bundle(r);
            if (!renderers.contains(line)) {
                renderers.add(line);
            }
        }
        out.addAll(renderers);
        return out;
    }

    private static String model(ServiceReference<?> r) {
        Object name = r.getProperty(ModelServices.NAME);
        Object version = r.getProperty(ModelServices.VERSION);
        Object sha = r.getProperty(ModelServices.SHA256);
        String s = name + "@" + version;
        if (Boolean.TRUE.equals(r.getProperty(ModelServices.ACTIVE))) {
            s += " active";
        }
        if (sha instanceof String h && h.length() >= 12) {
            s += " sha256:" + h.substring(0, 12);
        }
        return s;
    }

    private static String bundle(ServiceReference<?> r) {
        Bundle b = r.getBundle();
        return b == null ? "?" : b.getSymbolicName() + " " + b.getVersion();
    }

    private static ServiceReference<?>[] refs(BundleContext context, String clazz) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(clazz, null);
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return new ServiceReference<?>[0];
        }
    }
}
