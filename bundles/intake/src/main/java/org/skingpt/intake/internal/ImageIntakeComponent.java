package org.skingpt.intake.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.intake.ImageIntake;
import org.skingpt.api.intake.ImageIntakeBusyException;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.intake.SanitizedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image intake service. A configuration change applies to the next upload; decodes already
 * running finish under the limits they started with.
 */
@Component(service = ImageIntake.class, configurationPid = IntakeConfig.PID)
@Designate(ocd = IntakeConfig.class)
public class ImageIntakeComponent implements ImageIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ImageIntakeComponent.class);

    private volatile Intake intake;

    @Activate
    public ImageIntakeComponent(IntakeConfig config) {
        // Patient images stay in memory: no ImageIO cache files in java.io.tmpdir.
        ImageIO.setUseCache(false);
        this.intake = new Intake(configure(config));
    }

    @Modified
    void modified(IntakeConfig config) {
        Intake previous = intake;
        intake = new Intake(configure(config));
        previous.close(false);
    }

    @Deactivate
    void deactivate() {
        intake.close(true);
    }

    @Override
    public SanitizedImage sanitize(byte[] upload, Locale locale) {
        try {
            return intake.sanitize(upload);
        } catch (Refusal refusal) {
            // The detail names sizes and codes, never image content.
            LOG.debug("Image refused: {}", refusal.getMessage());
            if (Refusal.BUSY.equals(refusal.code())) {
                // Not a fault of the photo: callers tell it by its type (the consultation answers "busy").
                throw new ImageIntakeBusyException(message(refusal, locale));
            }
            throw new InvalidInputException(refusal.code(), message(refusal, locale));
        }
    }

    @Override
    public RgbImage pixels(SanitizedImage image) {
        return PngPixels.rgb(image);
    }

    /** The limits in force. */
    IntakeSettings settings() {
        return intake.settings();
    }

    /** Decodes running or aborted but not yet ended. */
    int decodesInFlight() {
        return intake.decodesInFlight();
    }

    static String message(Refusal refusal, Locale locale) {
        Object[] arguments = refusal.arguments();
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] instanceof String word && word.startsWith("kind.")) {
                arguments[i] = Messages.word(word, locale);
            }
        }
        return Messages.format(refusal.code(), locale, arguments);
    }

    private static IntakeSettings configure(IntakeConfig config) {
        List<String> problems = new ArrayList<>();
        IntakeSettings settings = IntakeSettings.from(config, problems);
        for (String problem : problems) {
            LOG.error("Configuration {}: {}", IntakeConfig.PID, problem);
        }
        LOG.info("Image intake limits: {} bytes, {} px a side, {} pixels, {} ms, {} concurrent decodes",
                settings.maxBytes(), settings.maxSide(), settings.maxPixels(), settings.decodeTimeoutMillis(),
                settings.maxConcurrentDecodes());
        return settings;
    }
}
