package org.skingpt.models.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.LanguageModelFactory;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.model.WeightFile;

/**
 * Turns a model bundle's content into a loaded model, in three steps the extender runs on its loader
 * thread: read the descriptor, copy and verify the files, build the model through the architecture
 * factory registered now for its architecture and warm it up. A model is built again (step three
 * alone, from the files already verified) when its architecture bundle is replaced. Every failure
 * is a {@link ModelFailureException} of the kind the step stands for.
 */
final class ModelLoader {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelLoader.class);
    private static final int MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024;

    /** A model bundle's content, as the extender sees it. */
    interface Content {
        /** The {@value ModelServices#MODEL_HEADER} header, or null. */
        String header();

        /** An entry of the bundle, or null when it has none. */
        InputStream open(String path) throws IOException;
    }

    /** The verified files of a model, in the model's own folder. */
    record Installed(List<Path> weights, Path tokenizer, String sha256) {
    }

    /** A built and warmed-up model ({@link ImageEncoder} or {@link LanguageModel}) and the factory that built it. */
    record Built(Object model, Object factory) {
    }

    private final ArchitectureFactories factories;
    private final Supplier<String> device;

    ModelLoader(ArchitectureFactories factories, Supplier<String> device) {
        this.factories = factories;
        this.device = device;
    }

    /** Step one: the descriptor the bundle's header names, read and validated. */
    static ModelDescriptor descriptor(Content bundle, String where) {
        String header = header(bundle, where);
        byte[] json;
        try (InputStream in = bundle.open(header)) {
            if (in == null) {
                throw new ModelFailureException(ModelFailure.INVALID_DESCRIPTOR, where + ": its " + ModelServices.MODEL_HEADER
                        + " header names '" + header + "', which the bundle does not contain.");
            }
            json = in.readNBytes(MAX_DESCRIPTOR_BYTES + 1);
        } catch (IOException e) {
            throw new ModelFailureException(ModelFailure.INVALID_DESCRIPTOR, where + ": cannot read " + header + ": " + e.getMessage(), e);
        }
        try {
            return DescriptorReader.read(json, where + " " + header);
        } catch (ModelFailureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFailureException(ModelFailure.INVALID_DESCRIPTOR, e.getMessage(), e);
        }
    }

    /**
     * Step two: copies the weights (and a language model's tokenizer) out of the bundle into
     * {@code folder} while checking their SHA-256, or verifies weights named by absolute path in place.
     */
    static Installed install(Content bundle, String where, ModelDescriptor d, Path folder) {
        String header = header(bundle, where);
        String base = header.contains("/") ? header.substring(0, header.lastIndexOf('/') + 1) : "";
        WeightInstaller.EntrySource source = path -> bundle.open(base + path);
        List<Path> files = WeightInstaller.install(d.weights(), source, folder);
        String sha = WeightInstaller.combined(d.weights().stream().map(WeightFile::sha256).toList());
        Path tokenizer = null;
        if (d.kind() == ModelKind.LANGUAGE_MODEL) {
            tokenizer = folder.resolve(d.tokenizer()).normalize();
            try (InputStream in = source.open(d.tokenizer())) {
                if (in == null) {
                    throw new ModelFailureException(ModelFailure.MISSING_FILE,
                            "The model bundle has no tokenizer file '" + d.tokenizer() + "' that its descriptor names.");
                }
                Files.createDirectories(tokenizer.getParent());
                Files.copy(in, tokenizer, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new ModelFailureException(ModelFailure.MISSING_FILE,
                        "Cannot copy the tokenizer " + d.tokenizer() + " out of the model bundle: " + e.getMessage(), e);
            }
        }
        return new Installed(files, tokenizer, sha);
    }

    private static String header(Content bundle, String where) {
        String header = bundle.header();
        if (header == null || header.isBlank()) {
            throw new ModelFailureException(ModelFailure.INVALID_DESCRIPTOR, where + " has no " + ModelServices.MODEL_HEADER + " header.");
        }
        return header.trim();
    }

    /**
     * Step three: builds the model through the factory registered now for its architecture (the
     * newest, when several are) and runs a warm-up pass (one encode, one generated token) that
     * allocates and checks everything before any patient's data.
     *
     * @throws ModelFailureException {@link ModelFailure#NO_ARCHITECTURE} when no bundle provides the
     *                               architecture, {@link ModelFailure#LOAD_ERROR} when the factory or
     *                               the warm-up fails
     */
    Built build(ModelDescriptor d, Installed files) {
        return build(d, files, factoryFor(d));
    }

    /**
     * The factory that builds {@code d} now: the newest registered for its kind and architecture.
     *
     * @throws ModelFailureException {@link ModelFailure#NO_ARCHITECTURE} when no bundle provides it
     */
    Object factoryFor(ModelDescriptor d) {
        return d.kind() == ModelKind.IMAGE_ENCODER
                ? factories.encoderFactory(d.architecture()).orElseThrow(() -> noArchitecture(d))
                : factories.languageFactory(d.architecture()).orElseThrow(() -> noArchitecture(d));
    }

    /** Step three through a given factory ({@link #factoryFor}). */
    Built build(ModelDescriptor d, Installed files, Object factory) {
        if (factory instanceof ImageEncoderFactory encoders) {
            ImageEncoder encoder = loading(d, () -> encoders.load(d, files.weights(), device.get()));
            try {
                int side = encoder.imageSize();
                byte[] gray = new byte[side * side * 3];
                Arrays.fill(gray, (byte) 128);
                encoder.encode(new RgbImage(side, side, gray));
                return new Built(encoder, factory);
            } catch (RuntimeException | LinkageError e) {
                encoder.close();
                throw warmUpFailed(d, e);
            }
        }
        LanguageModelFactory languages = (LanguageModelFactory) factory;
        LanguageModel model = loading(d, () -> languages.load(d, files.weights(), files.tokenizer(), device.get()));
        try (var conversation = model.openConversation()) {
            conversation.generate(List.of(PromptPart.text("Hello")), GenerationSettings.greedy(1, List.of()), GenerationListener.ignoring());
            return new Built(model, factory);
        } catch (RuntimeException | LinkageError e) {
            model.close();
            throw warmUpFailed(d, e);
        }
    }

    private static <T> T loading(ModelDescriptor d, Supplier<T> load) {
        try {
            return load.get();
        } catch (ModelFailureException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new ModelFailureException(ModelFailure.LOAD_ERROR, reason, e);
        }
    }

    private static ModelFailureException warmUpFailed(ModelDescriptor d, Throwable e) {
        return new ModelFailureException(ModelFailure.LOAD_ERROR, "Warm-up of " + d.coordinates() + " failed: " + e.getMessage(), e);
    }

    /**
     * The message of {@link ModelFailure#NO_ARCHITECTURE}, the same whether the architecture was
     * never there or went away (the log says which architectures are there).
     */
    static String noArchitectureMessage(String architecture) {
        return "no bundle provides architecture " + architecture;
    }

    private ModelFailureException noArchitecture(ModelDescriptor d) {
        LOG.warn("{} ({}) needs architecture {}; bundles provide {} for {}. Install the architecture bundle or fix the descriptor.",
                d.coordinates(), d.kind(), d.architecture(), factories.architectures(d.kind()), d.kind());
        return new ModelFailureException(ModelFailure.NO_ARCHITECTURE, noArchitectureMessage(d.architecture()));
    }
}
