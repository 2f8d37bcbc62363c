package org.skingpt.consultation.internal;

import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.model.ModelServices;

/**
 * Model selection: which loaded models a new consultation uses (the active language model and an active image
 * encoder whose visual tokens fit it), and, for a stored consultation, whether the exact versions that answered
 * it are installed here, serving or not.
 */
final class ModelSelection {

    /** The chosen pair; both service objects are got: release the encoder after encoding, pin the language model. */
    record Selected(ServiceReference<ImageEncoder> encoderRef, ImageEncoder encoder,
                    ServiceReference<LanguageModel> languageRef, LanguageModel languageModel) {
    }

    private final Services services;

    ModelSelection(Services services) {
        this.services = services;
    }

    /**
     * The serving language model and an active image encoder whose output width is the model's embedding width:
     * language models in order of preference (highest ranking, then oldest), for each the first encoder in that
     * order that fits.
     *
     * @param noModel the message when there is no such pair, in the consultation's language
     * @throws NoModelAvailableException when there is no such pair
     */
    Selected select(Supplier<String> noModel) {
        List<ServiceReference<LanguageModel>> lms = active(LanguageModel.class);
        List<ServiceReference<ImageEncoder>> encoders = active(ImageEncoder.class);
        if (lms.isEmpty() || encoders.isEmpty()) {
            throw new NoModelAvailableException(noModel.get());
        }
        for (ServiceReference<LanguageModel> lr : lms) {
            LanguageModel lm = services.get(lr);
            if (lm == null) {
                continue;
            }
            for (ServiceReference<ImageEncoder> er : encoders) {
                ImageEncoder enc = services.get(er);
                if (enc == null) {
                    continue;
                }
                if (enc.outputWidth() == lm.embeddingWidth()) {
                    return new Selected(er, enc, lr, lm);
                }
                services.unget(er);
            }
            services.unget(lr);
        }
        throw new NoModelAvailableException(noModel.get());
    }

    private <T> List<ServiceReference<T>> active(Class<T> type) {
        List<ServiceReference<T>> sorted = services.references(type, "(" + ModelServices.ACTIVE + "=true)");
        sorted.sort(Comparator.reverseOrder()); // highest ranking, then oldest registration, first
        return sorted;
    }

    /** The loaded model service with these coordinates ({@code name@version}), serving or not; null when none. */
    <T> ServiceReference<T> installed(Class<T> type, String coordinates) {
        int at = coordinates == null ? -1 : coordinates.lastIndexOf('@');
        if (at <= 0) {
            return null;
        }
        String filter = "(&(" + ModelServices.NAME + "=" + escape(coordinates.substring(0, at)) + ")("
                + ModelServices.VERSION + "=" + escape(coordinates.substring(at + 1)) + "))";
        return services.references(type, filter).stream().max(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * The model of a stored consultation that is not installed here, or null when both are: the language model
     * must also have the recorded weights (SHA-256, when one was recorded).
     */
    String missing(String languageModel, String languageModelSha256, String imageEncoder) {
        ServiceReference<LanguageModel> lr = installed(LanguageModel.class, languageModel);
        String sha = languageModelSha256 == null ? "" : languageModelSha256;
        if (lr == null || (!sha.isEmpty() && !sha.equals(lr.getProperty(ModelServices.SHA256)))) {
            return languageModel;
        }
        return installed(ImageEncoder.class, imageEncoder) == null ? imageEncoder : null;
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
