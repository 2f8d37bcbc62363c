package org.skingpt.api.model;

import java.util.Objects;

/**
 * One weight file of a model: a path (inside the model bundle, or absolute for weights kept
 * outside it) and the SHA-256 it must have.
 *
 * @param path   path of the file; relative to the model bundle unless absolute
 * @param sha256 expected SHA-256, 64 lower-case hex digits
 * @param bytes  expected size in bytes, or -1 when not stated
 */
public record WeightFile(String path, String sha256, long bytes) {
    public WeightFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 of " + path + " must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
    }
}
