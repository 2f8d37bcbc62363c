package org.skingpt.console.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.report.ReportRenderer;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.console.internal.security.Audit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, starts, stops and uninstalls the hot-swappable bundles (models, locales, report formats) for the
 * console's admin pages, and nothing else: core bundles are never touched from here. Every action is audited
 * with the admin and the jar's SHA-256. The SHA-256 of jars deployed from the console is kept in the console's
 * data area so that later actions on them name it too.
 */
public final class BundleAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(BundleAdmin.class);
    /** Location prefix of bundles installed from an upload (the upload itself is deleted afterwards). */
    static final String UPLOAD_LOCATION = "skingpt-console:upload/";

    private final BundleContext context;
    private final Path shaFile;
    private final Properties shas = new Properties();

    public BundleAdmin(BundleContext context, Path shaFile) {
        this.context = context;
        this.shaFile = shaFile;
        if (shaFile != null && Files.isRegularFile(shaFile)) {
            try (InputStream in = Files.newInputStream(shaFile)) {
                shas.load(in);
            } catch (IOException e) {
                LOG.warn("Could not read {}: {}", shaFile, e.toString());
            }
        }
    }

    /** Installed model, locale and report bundles, by kind, name and version. */
    public List<SwappableBundle> list() {
        List<SwappableBundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleKind kind = BundleKind.of(b.getHeaders("")::get);
            if (kind != null && b.getState() != Bundle.UNINSTALLED) {
                out.add(new SwappableBundle(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), kind,
                        state(b), detail(b, kind)));
            }
        }
        out.sort(Comparator.comparing(SwappableBundle::kind).thenComparing(SwappableBundle::symbolicName)
                .thenComparing(SwappableBundle::version));
        return out;
    }

    /**
     * Installs and starts a checked jar.
     *
     * @return the new bundle's id
     */
    public long deploy(BundleCandidate c, String actor, String remote) throws Refusal {
        for (Bundle b : context.getBundles()) {
            if (c.symbolicName().equals(b.getSymbolicName()) && c.version().equals(b.getVersion().toString())) {
                throw new Refusal("ui.admin.refused.duplicate", c.symbolicName(), c.version(), b.getBundleId());
            }
        }
        Bundle bundle;
        try (InputStream in = Files.newInputStream(c.file())) {
            String location = c.uploaded() ? UPLOAD_LOCATION + c.symbolicName() + "/" + c.version() + "/" + c.sha256()
                    : c.file().toUri().toString();
            bundle = context.installBundle(location, in);
        } catch (IOException | BundleException | IllegalStateException | SecurityException e) {
            throw new Refusal("ui.admin.refused.install", c.symbolicName(), e.getMessage());
        }
        remember(bundle.getBundleId(), c.sha256());
        String how = c.uploaded() ? "upload" : "path " + c.file();
        Audit.bundle(org.skingpt.api.record.AuditAction.BUNDLE_DEPLOYED, actor, bundle.getBundleId(), c.symbolicName(),
                c.version(), c.kind().name().toLowerCase(java.util.Locale.ROOT) + " via " + how, c.sha256(), remote);
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            throw new Refusal("ui.admin.refused.start", c.symbolicName(), e.getMessage());
        }
        Audit.bundle(org.skingpt.api.record.AuditAction.BUNDLE_STARTED, actor, bundle.getBundleId(), c.symbolicName(),
                c.version(), "after deploy", c.sha256(), remote);
        return bundle.getBundleId();
    }

    public void start(long id, String actor, String remote) throws Refusal {
        Bundle b = swappable(id);
        try {
            b.start();
        } catch (BundleException | IllegalStateException e) {
            throw new Refusal("ui.admin.refused.start", b.getSymbolicName(), e.getMessage());
        }
        Audit.bundle(org.skingpt.api.record.AuditAction.BUNDLE_STARTED, actor, id, b.getSymbolicName(),
                b.getVersion().toString(), "", sha(id), remote);
    }

    public void stop(long id, String actor, String remote) throws Refusal {
        Bundle b = swappable(id);
        try {
            b.stop();
        } catch (BundleException | IllegalStateException e) {
            throw new Refusal("ui.admin.refused.stop", b.getSymbolicName(), e.getMessage());
        }
        Audit.bundle(org.skingpt.api.record.AuditAction.BUNDLE_STOPPED, actor, id, b.getSymbolicName(),
                b.getVersion().toString(), "", sha(id), remote);
    }

    /**
     * Uninstalls a bundle. A model's service goes at once; consultations open on it finish (the model extender
     * drains it), then its memory is freed.
     */
    public void uninstall(long id, String actor, String remote) throws Refusal {
        Bundle b = swappable(id);
        String name = b.getSymbolicName();
        String version = b.getVersion().toString();
        String sha = sha(id);
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new Refusal("ui.admin.refused.uninstall", name, e.getMessage());
        }
        Audit.bundle(org.skingpt.api.record.AuditAction.BUNDLE_UNINSTALLED, actor, id, name, version, "", sha, remote);
        forget(id);
    }

    /** The SHA-256 of a jar deployed from the console, or of the jar at its file location; empty if unknown. */
    public String sha(long id) {
        String known = shas.getProperty(Long.toString(id));
        if (known != null) {
            return known;
        }
        Bundle b = context.getBundle(id);
        if (b != null && b.getLocation().startsWith("file:")) {
            try {
                Path p = Path.of(java.net.URI.create(b.getLocation()));
                if (Files.isRegularFile(p)) {
                    return BundleInspector.sha256(p);
                }
            } catch (IOException | RuntimeException e) {
                // unknown
            }
        }
        return "";
    }

    private final java.util.Map<Long, Long> sizes = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Bytes of a bundle's content (the sum of its entries, uncompressed; for a model mostly its weights), or -1
     * when it cannot be read. A bundle id's content never changes, so it is counted once.
     */
    public long contentBytes(long id) {
        return sizes.computeIfAbsent(id, k -> {
            Bundle b = context.getBundle(k);
            java.util.Enumeration<java.net.URL> entries = b == null ? null : b.findEntries("/", "*", true);
            if (entries == null) {
                return -1L;
            }
            long total = 0;
            while (entries.hasMoreElements()) {
                java.net.URL u = entries.nextElement();
                if (!u.getPath().endsWith("/")) {
                    try {
                        total += Math.max(0, u.openConnection().getContentLengthLong());
                    } catch (IOException e) {
                        return -1L;
                    }
                }
            }
            return total;
        });
    }

    private Bundle swappable(long id) throws Refusal {
        Bundle b = context.getBundle(id);
        if (b == null || b.getState() == Bundle.UNINSTALLED) {
            throw new Refusal("ui.admin.refused.gone", id);
        }
        if (BundleKind.of(b.getHeaders("")::get) == null) {
            throw new Refusal("ui.admin.refused.notSwappable", b.getSymbolicName());
        }
        return b;
    }

    /** What a running locale or report bundle provides now: its language tags, its report formats. */
    private String detail(Bundle b, BundleKind kind) {
        if (kind == BundleKind.MODEL) {
            return b.getHeaders("").get(kind.markerHeader());
        }
        // Read from the service properties: no renderer or locale service is got (or activated) for a listing.
        List<String> provided = new ArrayList<>();
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                List<String> classes = java.util.Arrays.asList((String[]) r.getProperty(Constants.OBJECTCLASS));
                if (classes.contains(ReportRenderer.class.getName())) {
                    ReportFormatInfo.of(r).ifPresent(f -> provided.add(f.formatId()));
                } else if (classes.contains(PromptTemplates.class.getName())
                        && r.getProperty(PromptTemplates.LOCALE) instanceof String tag) {
                    provided.add(tag);
                }
            }
        }
        return String.join(", ", provided);
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private synchronized void remember(long id, String sha) {
        shas.setProperty(Long.toString(id), sha);
        save();
    }

    private synchronized void forget(long id) {
        if (shas.remove(Long.toString(id)) != null) {
            save();
        }
    }

    private void save() {
        if (shaFile == null) {
            return;
        }
        try (var out = Files.newOutputStream(shaFile)) {
            shas.store(out, "SHA-256 of bundles deployed from the console, by bundle id");
        } catch (IOException e) {
            LOG.warn("Could not write {}: {}", shaFile, e.toString());
        }
    }
}
