package org.skingpt.templates.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.skingpt.api.templates.PromptTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locale extender (OSGi extender pattern): watches for bundles carrying the
 * {@value PromptTemplates#LOCALE_HEADER} header, validates the locale file it names and registers it as a
 * {@link PromptTemplates} service with the properties {@value PromptTemplates#LOCALE}, {@value PromptTemplates#LOCALE_VERSION}
 * and a {@code service.ranking} that grows with the bundle version, so that the newest version of
 * a locale is the one a plain lookup gets.
 *
 * <p>The service is registered through the locale bundle's own context: it is that bundle's
 * service. A locale bundle exports and imports nothing: installing, updating or removing one never
 * causes a refresh. It is served while it is ACTIVE (or STARTING with a lazy activation policy) and
 * unregistered the moment it stops; consultations that already hold its templates keep using
 * them. A bad file is refused with an ERROR that names the bundle, each key at fault and what to
 * write instead; nothing is registered for it and every other locale keeps serving.
 */
@Component(immediate = true, service = {})
public final class LocaleBundleExtender {

    private static final Logger LOG = LoggerFactory.getLogger(LocaleBundleExtender.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.skingpt.audit");

    private final BundleContext context;
    private final BundleTracker<Entry> tracker;
    private final Map<Long, String> refusals = new ConcurrentHashMap<>();

    /** One locale bundle: its registration, or none when its file was refused. */
    private static final class Entry {
        final ServiceRegistration<PromptTemplates> registration;

        Entry(ServiceRegistration<PromptTemplates> registration) {
            this.registration = registration;
        }
    }

    @Activate
    public LocaleBundleExtender(BundleContext context) {
        this.context = context;
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE | Bundle.STARTING, new BundleTrackerCustomizer<>() {
            @Override
            public Entry addingBundle(Bundle bundle, BundleEvent event) {
                if (bundle.getHeaders("").get(PromptTemplates.LOCALE_HEADER) == null) {
                    return null;
                }
                if (bundle.getState() == Bundle.STARTING && !lazy(bundle)) {
                    return null; // on its way to ACTIVE: offered again then
                }
                return add(bundle);
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, Entry entry) {
                // STARTING (lazy) -> ACTIVE: the same file, already served.
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Entry entry) {
                remove(bundle, entry);
            }
        });
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close(); // unregisters every locale
    }

    private static boolean lazy(Bundle bundle) {
        String policy = bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
        return policy != null && policy.strip().startsWith(Constants.ACTIVATION_LAZY);
    }

    private Entry add(Bundle bundle) {
        String where = describe(bundle);
        String path = bundle.getHeaders("").get(PromptTemplates.LOCALE_HEADER).strip();
        List<String> warnings = new ArrayList<>();
        LocaleTemplates templates;
        try {
            URL url = path.isEmpty() ? null : bundle.getEntry(path);
            if (url == null) {
                throw new InvalidLocaleFileException(List.of(new InvalidLocaleFileException.Problem(PromptTemplates.LOCALE_HEADER,
                        "the manifest header names '" + path + "', which the bundle does not contain: put the file"
                                + " there or fix the header")));
            }
            templates = LocaleFileReader.read(url, bundle.getVersion().toString(), warnings);
        } catch (InvalidLocaleFileException e) {
            refuse(bundle, where + ": " + path + " has " + e.problems().size() + " problem(s)", e.problems());
            return new Entry(null);
        } catch (IOException | RuntimeException e) {
            refuse(bundle, where + ": " + path + " could not be read (" + e + ")", List.of());
            return new Entry(null);
        }
        warnings.forEach(w -> LOG.warn("Locale bundle {}: {} {}", where, path, w));
        // Registered in the locale bundle's name, so that service:list, skingpt:locales and
        // ServiceReference.getBundle() show the bundle that supplies the language; the framework
        // would also unregister it should the bundle stop behind the tracker's back.
        BundleContext owner = bundle.getBundleContext();
        ServiceRegistration<PromptTemplates> registration = (owner != null ? owner : context)
                .registerService(PromptTemplates.class, templates, properties(bundle, templates));
        refusals.remove(bundle.getBundleId());
        LOG.info("Locale {} {} from bundle {} registered (service.ranking {})", templates.locale().toLanguageTag(),
                templates.version(), where, ranking(bundle.getVersion()));
        AUDIT.info("locale ready {} {} bundle={}", templates.locale().toLanguageTag(), templates.version(),
                bundle.getBundleId());
        return new Entry(registration);
    }

    private void refuse(Bundle bundle, String what, List<InvalidLocaleFileException.Problem> problems) {
        StringBuilder b = new StringBuilder("Locale bundle ").append(what)
                .append("; nothing is registered for it, the other locales keep serving.");
        for (InvalidLocaleFileException.Problem p : problems) {
            b.append(System.lineSeparator()).append("  - ").append(p);
        }
        String message = b.toString();
        refusals.put(bundle.getBundleId(), message);
        LOG.error(message);
        AUDIT.info("locale refused bundle={} problems={}", bundle.getBundleId(), problems.size());
    }

    private void remove(Bundle bundle, Entry entry) {
        refusals.remove(bundle.getBundleId());
        if (entry.registration == null) {
            return;
        }
        try {
            entry.registration.unregister(); // at once: no new consultation gets it from here on
        } catch (IllegalStateException alreadyGone) {
            // unregistered with the framework's shutdown
        }
        LOG.info("Locale bundle {} stopped: its locale is no longer offered", describe(bundle));
        AUDIT.info("locale removed bundle={}", bundle.getBundleId());
    }

    /** Why a locale bundle's file was refused, or {@code null} when it was not. */
    String refusal(long bundleId) {
        return refusals.get(bundleId);
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " (id " + bundle.getBundleId() + ")";
    }

    static Dictionary<String, Object> properties(Bundle bundle, PromptTemplates templates) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(PromptTemplates.LOCALE, templates.locale().toLanguageTag());
        p.put(PromptTemplates.LOCALE_VERSION, bundle.getVersion().toString());
        p.put(PromptTemplates.LOCALE_BUNDLE, String.valueOf(bundle.getSymbolicName()));
        p.put(Constants.SERVICE_RANKING, ranking(bundle.getVersion()));
        return p;
    }

    /**
     * A {@code service.ranking} that orders bundle versions: major × 1,000,000 + minor × 1,000 +
     * micro, each part capped (major at 2,000, minor and micro at 999) so that it fits an int. The
     * qualifier is not ranked: 1.2.0.SNAPSHOT and 1.2.0 rank alike, and the one registered first wins.
     */
    static int ranking(Version v) {
        return Math.min(v.getMajor(), 2_000) * 1_000_000 + Math.min(v.getMinor(), 999) * 1_000
                + Math.min(v.getMicro(), 999);
    }
}
