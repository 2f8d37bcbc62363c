package org.skingpt.rest.internal;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.NodeRegistry;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.report.ReportRenderer;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.api.templates.PromptTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the API servlet on the whiteboard, in the API's context, with the multipart limits of the
 * configuration. Every platform service is an optional, dynamic reference: the API stays up while a bundle it
 * uses restarts or is swapped, and answers 503 naming what is missing meanwhile.
 */
@Component(service = {}, immediate = true, configurationPid = RestConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RestConfig.class)
public class RestComponent implements ApiServices {

    private static final Logger LOG = LoggerFactory.getLogger(RestComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConsultationService consultations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiTokens tokens;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClinicalRecord record;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NodeRegistry nodes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ModelCatalog models;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InferenceRuntime runtime;

    /** By reference: the formats are read from the renderers' service properties, no renderer is got. */
    private final List<ServiceReference<ReportRenderer>> renderers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<PromptTemplates> locales = new CopyOnWriteArrayList<>();

    private ServiceRegistration<Servlet> servlet;

    @Activate
    void activate(BundleContext context, RestConfig config) {
        List<String> problems = RestSettings.problems();
        RestSettings settings = RestSettings.from(config, problems);
        problems.forEach(p -> LOG.error("Configuration {}: {}", RestConfig.PID, p));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.name", "skingpt-api");
        props.put("osgi.http.whiteboard.servlet.pattern", "/*");
        props.put("osgi.http.whiteboard.context.select",
                "(osgi.http.whiteboard.context.name=" + ApiContextHelper.CONTEXT_NAME + ")");
        props.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        props.put("osgi.http.whiteboard.servlet.multipart.enabled", Boolean.TRUE);
        props.put("osgi.http.whiteboard.servlet.multipart.maxFileSize", settings.maxUploadBytes());
        props.put("osgi.http.whiteboard.servlet.multipart.maxRequestSize", settings.maxUploadBytes());
        props.put("osgi.http.whiteboard.servlet.multipart.fileSizeThreshold", 1 << 20);
        props.put("osgi.http.whiteboard.servlet.multipart.maxFileCount", 16L);
        servlet = context.registerService(Servlet.class, new ApiServlet(this, settings, openApi()), props);
        LOG.info("HTTP API at {} (rate limit {}/min per token, uploads up to {} bytes)", ApiContextHelper.PATH,
                settings.rateLimitPerMinute(), settings.maxUploadBytes());
    }

    @Deactivate
    void deactivate() {
        if (servlet != null) {
            try {
                servlet.unregister();
            } catch (IllegalStateException ignored) {
                // gone with the bundle
            }
            servlet = null;
        }
    }

    static byte[] openApi() {
        try (InputStream in = RestComponent.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ConsultationService consultations() {
        return consultations;
    }

    @Override
    public ApiTokens tokens() {
        return tokens;
    }

    @Override
    public AuditTrail audit() {
        return audit;
    }

    @Override
    public NodeRegistry nodes() {
        return nodes;
    }

    @Override
    public ClinicalRecord record() {
        return record;
    }

    @Override
    public ModelCatalog models() {
        return models;
    }

    @Override
    public InferenceRuntime runtime() {
        return runtime;
    }

    /** A renderer registered without its format's service properties is ignored, with the reason in the log. */
    @Reference(service = ReportRenderer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addRenderer(ServiceReference<ReportRenderer> ref) {
        Optional<String> problem = ReportFormatInfo.problem(ref);
        if (problem.isPresent()) {
            LOG.warn(problem.get());
            return;
        }
        renderers.add(ref);
    }

    void removeRenderer(ServiceReference<ReportRenderer> ref) {
        renderers.remove(ref);
    }

    @Override
    public List<ReportFormatInfo> renderers() {
        return renderers.stream().map(ReportFormatInfo::of).flatMap(Optional::stream)
                .sorted(Comparator.comparing(ReportFormatInfo::formatId)).toList();
    }

    @Override
    public List<PromptTemplates> locales() {
        return locales.stream().sorted(Comparator.comparing(t -> t.locale().toLanguageTag())).toList();
    }
}
