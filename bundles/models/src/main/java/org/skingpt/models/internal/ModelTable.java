package org.skingpt.models.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.model.ModelState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every model bundle the extender tracks, by bundle id: what the catalog shows, which version of
 * each name serves new consultations (the {@value ModelServices#ACTIVE} property), and whether a
 * new model fits the models it is paired with.
 */
final class ModelTable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTable.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.skingpt.audit");

    private final Map<Long, ModelEntry> entries = new ConcurrentHashMap<>();

    void add(ModelEntry entry) {
        entries.put(entry.bundleId(), entry);
    }

    void remove(ModelEntry entry) {
        entries.remove(entry.bundleId(), entry);
    }

    Collection<ModelEntry> entries() {
        return entries.values();
    }

    /** All known model versions, sorted by name, version, bundle. */
    List<ModelInfo> models() {
        List<ModelInfo> list = new ArrayList<>();
        entries.values().forEach(e -> list.add(e.info));
        list.sort(Comparator.comparing(ModelInfo::name).thenComparing(ModelInfo::version).thenComparingLong(ModelInfo::bundleId));
        return list;
    }

    boolean knows(String name) {
        return entries.values().stream().anyMatch(e -> e.info.name().equals(name));
    }

    Optional<ModelDescriptor> descriptor(String name, String version) {
        return entries.values().stream()
                .filter(e -> e.descriptor != null && e.descriptor.name().equals(name) && e.descriptor.version().equals(version))
                .map(e -> e.descriptor).findFirst();
    }

    /** Conversations and encodes running on the model of a bundle, on every generation of it. */
    int inFlight(long bundleId) {
        ModelEntry e = entries.get(bundleId);
        DrainableModels.Served<?> served = e == null ? null : e.served;
        return served == null ? 0 : served.inFlight();
    }

    /**
     * Marks, for each model name, the one READY version new consultations get, and updates the
     * {@value ModelServices#ACTIVE} service property of every registration whose flag changed.
     */
    synchronized void reselect(Map<String, String> pins) {
        Map<String, List<ModelEntry>> byName = new HashMap<>();
        for (ModelEntry e : entries.values()) {
            if (e.info.state() == ModelState.READY && !e.removed) {
                byName.computeIfAbsent(e.info.name(), k -> new ArrayList<>()).add(e);
            } else if (e.active) {
                e.active = false;
                e.refreshActive();
            }
        }
        byName.forEach((name, candidates) -> {
            String pinned = pins.get(name);
            String chosen = VersionPolicy.choose(candidates.stream().map(c -> c.info.version()).toList(), pinned).orElse(null);
            if (pinned != null && !pinned.equals(chosen)) {
                LOG.warn("Model {} is pinned to version {}, which is not ready; version {} serves new consultations", name, pinned, chosen);
            }
            for (ModelEntry e : candidates) {
                boolean active = e.info.version().equals(chosen);
                synchronized (e) {
                    if (e.active == active || e.registration == null) {
                        e.active = active && e.registration != null;
                        e.refreshActive();
                        continue;
                    }
                    e.active = active;
                    e.refreshActive();
                    Dictionary<String, Object> p = copy(e.registration);
                    p.put(ModelServices.ACTIVE, active);
                    e.registration.setProperties(p);
                }
                if (active) {
                    AUDIT.info("model active {}", e.info.coordinates());
                }
            }
        });
    }

    private static Dictionary<String, Object> copy(ServiceRegistration<?> registration) {
        Hashtable<String, Object> p = new Hashtable<>();
        var ref = registration.getReference();
        for (String key : ref.getPropertyKeys()) {
            if (!key.equals(Constants.OBJECTCLASS) && !key.equals(Constants.SERVICE_ID) && !key.startsWith("service.")) {
                p.put(key, ref.getProperty(key));
            }
        }
        return p;
    }

    /**
     * Refuses a model that breaks a declared pairing: an image encoder whose descriptor names its
     * language model ({@code pairedWith}) must produce visual tokens exactly as wide as that model's
     * ready versions embed tokens; and a new language model version must fit the ready encoders that
     * name it. Models that declare no pairing are checked when a consultation pairs them.
     *
     * @throws ModelFailureException {@link ModelFailure#INCOMPATIBLE_PAIRING}
     */
    void requirePartner(ModelDescriptor d, DrainableModels.Served<?> model) {
        List<String> conflicts = new ArrayList<>();
        if (model instanceof DrainableModels.Encoder encoder && d.pairedWith() != null) {
            for (ModelEntry e : entries.values()) {
                if (!e.removed && e.info.state() == ModelState.READY && e.served instanceof DrainableModels.Language l
                        && d.pairedWith().equals(e.descriptor.name())) {
                    if (l.embeddingWidth() == encoder.outputWidth()) {
                        return;
                    }
                    conflicts.add(e.descriptor.coordinates() + " embeds " + l.embeddingWidth());
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ModelFailureException(ModelFailure.INCOMPATIBLE_PAIRING, "Image encoder " + d.coordinates() + " produces "
                        + encoder.outputWidth() + "-wide visual tokens, but its language model " + d.pairedWith()
                        + " does not take them (" + String.join(", ", conflicts)
                        + "). Package the encoder trained for that language model.");
            }
        } else if (model instanceof DrainableModels.Language language) {
            for (ModelEntry e : entries.values()) {
                if (!e.removed && e.info.state() == ModelState.READY && e.served instanceof DrainableModels.Encoder enc
                        && d.name().equals(e.descriptor.pairedWith()) && enc.outputWidth() != language.embeddingWidth()) {
                    conflicts.add(e.descriptor.coordinates() + " produces " + enc.outputWidth());
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ModelFailureException(ModelFailure.INCOMPATIBLE_PAIRING, "Language model " + d.coordinates()
                        + " embeds tokens in " + language.embeddingWidth() + " dimensions, but the image encoders paired with "
                        + d.name() + " produce other widths (" + String.join(", ", conflicts) + "). Install an encoder trained"
                        + " for this version first, or remove those encoders.");
            }
        }
    }
}
