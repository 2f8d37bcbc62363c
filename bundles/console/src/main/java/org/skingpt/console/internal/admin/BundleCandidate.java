package org.skingpt.console.internal.admin;

import java.nio.file.Path;

/**
 * A jar checked and ready to install: what the admin confirms before it is installed and started.
 *
 * @param file         where it is on the server (an upload under the data folder, or the path the admin gave)
 * @param uploaded     whether {@code file} is the console's own copy (deleted once installed or dropped)
 * @param size         bytes
 * @param sha256       SHA-256 of the whole jar, lower-case hex
 * @param symbolicName Bundle-SymbolicName without directives
 * @param version      Bundle-Version
 * @param kind         model, locale or report
 * @param header       value of the header that makes it that kind (e.g. {@code SkinGPT-Model: model.json})
 * @param modelName    for a model: the name in its descriptor, else empty
 * @param modelVersion for a model: the version in its descriptor, else empty
 */
public record BundleCandidate(Path file, boolean uploaded, long size, String sha256, String symbolicName,
        String version, BundleKind kind, String header, String modelName, String modelVersion) {

    /** {@code Header: value}, as shown before the admin confirms. */
    public String headerLine() {
        return kind.markerHeader() + ": " + header;
    }
}
