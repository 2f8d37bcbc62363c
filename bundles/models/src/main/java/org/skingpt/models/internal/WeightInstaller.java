package org.skingpt.models.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.WeightFile;

/**
 * Brings a model's files to disk and checks every SHA-256. Files inside the bundle are copied to a
 * folder of their own (the loaders map them into memory, which needs real files); files named by an
 * absolute path are verified where they are.
 */
final class WeightInstaller {

    /** Opens an entry of the model bundle, or returns null when it has no such entry. */
    interface EntrySource {
        InputStream open(String path) throws IOException;
    }

    private WeightInstaller() {
    }

    static List<Path> install(List<WeightFile> weights, EntrySource bundle, Path folder) {
        List<Path> result = new ArrayList<>();
        for (WeightFile w : weights) {
            Path target;
            String digest;
            if (w.path().startsWith("/")) {
                target = Path.of(w.path());
                if (!Files.isRegularFile(target)) {
                    throw new ModelFailureException(ModelFailure.MISSING_FILE, "Weight file " + target + " does not exist or is not readable by the server.");
                }
                try (InputStream in = Files.newInputStream(target)) {
                    digest = sha256(in, OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new ModelFailureException(ModelFailure.MISSING_FILE, "Cannot read " + target + ": " + e.getMessage(), e);
                }
            } else {
                target = folder.resolve(w.path()).normalize();
                if (!target.startsWith(folder)) {
                    throw new ModelFailureException(ModelFailure.INVALID_DESCRIPTOR, "Weight path " + w.path() + " leaves the model's folder.");
                }
                try (InputStream in = bundle.open(w.path())) {
                    if (in == null) {
                        throw new ModelFailureException(ModelFailure.MISSING_FILE, "The model bundle has no file '" + w.path() + "' that its descriptor names.");
                    }
                    Files.createDirectories(target.getParent());
                    Path partial = target.resolveSibling(target.getFileName() + ".part");
                    try (OutputStream out = Files.newOutputStream(partial)) {
                        digest = sha256(in, out);
                    }
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new ModelFailureException(ModelFailure.LOAD_ERROR, "Cannot copy " + w.path() + " out of the model bundle: " + e.getMessage(), e);
                }
            }
            if (!digest.equals(w.sha256())) {
                throw new ModelFailureException(ModelFailure.CHECKSUM_MISMATCH, "Checksum mismatch for " + w.path() + ": the descriptor says sha256 " + w.sha256()
                        + " but the file has " + digest + ". The file is corrupt, truncated or not the one the descriptor names.");
            }
            if (w.bytes() >= 0) {
                try {
                    if (Files.size(target) != w.bytes()) {
                        throw new ModelFailureException(ModelFailure.CHECKSUM_MISMATCH, w.path() + " has " + Files.size(target) + " bytes; the descriptor says " + w.bytes() + ".");
                    }
                } catch (IOException e) {
                    throw new ModelFailureException(ModelFailure.MISSING_FILE, "Cannot read " + target + ": " + e.getMessage(), e);
                }
            }
            result.add(target);
        }
        return result;
    }

    /** SHA-256 over {@code in} while copying it to {@code out}; lower-case hex. */
    static String sha256(InputStream in, OutputStream out) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (DigestInputStream digesting = new DigestInputStream(in, md)) {
            digesting.transferTo(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The identifying digest of several files: SHA-256 of their digests joined with newlines. */
    static String combined(List<String> digests) {
        if (digests.size() == 1) {
            return digests.get(0);
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.join("\n", digests).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
