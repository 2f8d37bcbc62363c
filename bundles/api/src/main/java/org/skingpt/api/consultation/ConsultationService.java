package org.skingpt.api.consultation;

import java.util.List;
import java.util.Locale;
import org.osgi.annotation.versioning.ProviderType;
import org.skingpt.api.inference.GenerationListener;

/**
 * Runs consultations. A consultation pins the models and templates it started with until it is
 * closed, even if newer versions are deployed meanwhile.
 */
@ProviderType
public interface ConsultationService {

    /**
     * Starts a consultation on one or more images (encoded JPEG or PNG bytes).
     *
     * @throws NoModelAvailableException if no image encoder or language model is ready
     * @throws InvalidInputException     if an image is refused (format, size, content)
     */
    String start(List<byte[]> images, Locale locale, String clinicalContext);

    /**
     * Asks a question in a consultation and streams the answer.
     *
     * @throws BusyException if the platform is at capacity; try again later
     */
    Answer ask(String consultationId, String question, GenerationListener listener);

    /** The consultation so far. */
    ConsultationRecord get(String consultationId);

    /** Ends a consultation and frees what it holds. */
    void close(String consultationId);
}
