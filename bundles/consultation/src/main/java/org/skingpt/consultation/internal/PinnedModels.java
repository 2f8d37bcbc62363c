package org.skingpt.consultation.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.model.ModelServices;

/**
 * The language model a consultation holds until it ends (its service is "got" from the framework, so
 * the model extender drains rather than frees it), and the identities of both models for provenance.
 */
final class PinnedModels {

    private final Services services;
    private final ServiceReference<LanguageModel> reference;
    private final LanguageModel languageModel;
    final String encoder;
    final String encoderSha256;
    final String language;
    final String languageSha256;
    final boolean synthetic;
    private final AtomicBoolean released = new AtomicBoolean();

    PinnedModels(Services services, ServiceReference<LanguageModel> reference, LanguageModel languageModel,
                 ServiceReference<?> encoderReference) {
        this.services = services;
        this.reference = reference;
        this.languageModel = languageModel;
        this.encoder = coordinates(encoderReference);
        this.encoderSha256 = String.valueOf(encoderReference.getProperty(ModelServices.SHA256));
        this.language = coordinates(reference);
        this.languageSha256 = String.valueOf(reference.getProperty(ModelServices.SHA256));
        this.synthetic = Boolean.TRUE.equals(encoderReference.getProperty(ModelServices.SYNTHETIC))
                || Boolean.TRUE.equals(reference.getProperty(ModelServices.SYNTHETIC));
    }

    static String coordinates(ServiceReference<?> r) {
        return r.getProperty(ModelServices.NAME) + "@" + r.getProperty(ModelServices.VERSION);
    }

    LanguageModel languageModel() {
        return languageModel;
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            services.unget(reference); // (nothing to release while the framework stops)
        }
    }
}
