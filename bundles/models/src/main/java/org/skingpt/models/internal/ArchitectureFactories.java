package org.skingpt.models.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModelFactory;
import org.skingpt.api.model.ModelKind;

/**
 * The architecture factories registered now, per kind and architecture name (whiteboard of
 * {@link ImageEncoderFactory} and {@link LanguageModelFactory} services). When several serve one
 * architecture the one that came last builds new models: an updated architecture bundle registers
 * its new revision's factory after the old one left, or beside it while both are there.
 *
 * <p>Factories are told apart by identity: a new revision of an architecture bundle registers a
 * new factory object, and a model built by a factory that is no longer here runs on a revision
 * that is gone ({@link #isPresent}).
 */
final class ArchitectureFactories {

    /** Told, outside this registry's lock, when a factory comes or goes. */
    interface Listener {
        void arrived(ModelKind kind, String architecture);

        void departed(ModelKind kind, String architecture, Object factory);
    }

    private record Registered(ModelKind kind, String architecture, Object factory) {
    }

    private final List<Registered> factories = new ArrayList<>();
    private volatile Listener listener;

    void listener(Listener listener) {
        this.listener = listener;
    }

    void addEncoderFactory(ImageEncoderFactory factory) {
        add(ModelKind.IMAGE_ENCODER, factory.architecture(), factory);
    }

    void removeEncoderFactory(ImageEncoderFactory factory) {
        remove(ModelKind.IMAGE_ENCODER, factory);
    }

    void addLanguageFactory(LanguageModelFactory factory) {
        add(ModelKind.LANGUAGE_MODEL, factory.architecture(), factory);
    }

    void removeLanguageFactory(LanguageModelFactory factory) {
        remove(ModelKind.LANGUAGE_MODEL, factory);
    }

    private void add(ModelKind kind, String architecture, Object factory) {
        synchronized (this) {
            factories.add(new Registered(kind, architecture, factory));
        }
        Listener l = listener;
        if (l != null) {
            l.arrived(kind, architecture);
        }
    }

    private void remove(ModelKind kind, Object factory) {
        Registered gone = null;
        synchronized (this) {
            for (int i = 0; i < factories.size(); i++) {
                if (factories.get(i).factory == factory) {
                    gone = factories.remove(i);
                    break;
                }
            }
        }
        Listener l = listener;
        if (gone != null && l != null) {
            l.departed(kind, gone.architecture, factory);
        }
    }

    /** The factory that builds new image encoders of this architecture: the one registered last. */
    synchronized Optional<ImageEncoderFactory> encoderFactory(String architecture) {
        return newest(ModelKind.IMAGE_ENCODER, architecture).map(ImageEncoderFactory.class::cast);
    }

    /** The factory that builds new language models of this architecture: the one registered last. */
    synchronized Optional<LanguageModelFactory> languageFactory(String architecture) {
        return newest(ModelKind.LANGUAGE_MODEL, architecture).map(LanguageModelFactory.class::cast);
    }

    /** Whether any factory for this kind and architecture is registered. */
    synchronized boolean provides(ModelKind kind, String architecture) {
        return newest(kind, architecture).isPresent();
    }

    /** Whether this factory object is still registered. */
    synchronized boolean isPresent(Object factory) {
        return factories.stream().anyMatch(r -> r.factory == factory);
    }

    /** Architecture names registered for a kind, for messages. */
    synchronized List<String> architectures(ModelKind kind) {
        return factories.stream().filter(r -> r.kind == kind).map(Registered::architecture).distinct().toList();
    }

    private Optional<Object> newest(ModelKind kind, String architecture) {
        for (int i = factories.size() - 1; i >= 0; i--) {
            Registered r = factories.get(i);
            if (r.kind == kind && r.architecture.equals(architecture)) {
                return Optional.of(r.factory);
            }
        }
        return Optional.empty();
    }
}
