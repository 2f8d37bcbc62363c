package org.skingpt.runtime;

import java.util.Objects;

/**
 * Which libtorch the engine loaded, and why a configured one was refused. libtorch loads once per
 * JVM, so this is fixed from the engine's start until the JVM restarts.
 *
 * @param source        where the native library came from
 * @param directory     the directory libtorch was loaded from ({@code ""} when unknown)
 * @param version       libtorch version, for example {@code 2.7.1}
 * @param flavor        {@code cpu} or a CUDA flavor such as {@code cu128} ({@code ""} when unknown)
 * @param problem       why the configured libtorch is not the one in use, or why it does not do what
 *                      it was configured for (for example no GPU seen), with what to do; {@code ""}
 *                      when there is none
 * @param pendingChange a changed setting that takes effect only at the next restart; {@code ""} when
 *                      there is none
 * @since 1.1
 */
public record LibtorchInUse(Source source, String directory, String version, String flavor, String problem,
        String pendingChange) {

    /** Where the native library came from. */
    public enum Source {
        /** The CPU build embedded in the runtime bundle (the default). */
        EMBEDDED,
        /** The directory named by the runtime's {@code libtorchDirectory} setting. */
        CONFIGURED_DIRECTORY,
        /** A directory named outside the runtime's configuration ({@code PYTORCH_LIBRARY_PATH}). */
        ENVIRONMENT,
        /** The runtime does not report it (a runtime older than 1.1). */
        UNKNOWN
    }

    public LibtorchInUse {
        Objects.requireNonNull(source, "source");
        directory = Objects.requireNonNullElse(directory, "");
        version = Objects.requireNonNullElse(version, "");
        flavor = Objects.requireNonNullElse(flavor, "");
        problem = Objects.requireNonNullElse(problem, "");
        pendingChange = Objects.requireNonNullElse(pendingChange, "");
    }

    /** Whether a configured libtorch was refused or does not do what it was configured for. */
    public boolean hasProblem() {
        return !problem.isEmpty();
    }

    /** Whether a changed setting waits for a restart. */
    public boolean hasPendingChange() {
        return !pendingChange.isEmpty();
    }

    /** Whether this is a CUDA build. */
    public boolean cuda() {
        return flavor.startsWith("cu");
    }

    /**
     * One line for status output, for example {@code embedded CPU build, 2.7.1 (cpu)} or
     * {@code /opt/libtorch/lib, 2.7.1 (cu128)}.
     */
    public String summary() {
        String what = switch (source) {
            case EMBEDDED -> "embedded CPU build";
            case CONFIGURED_DIRECTORY -> directory;
            case ENVIRONMENT -> directory + " (from PYTORCH_LIBRARY_PATH)";
            case UNKNOWN -> "not reported by this runtime";
        };
        if (version.isEmpty()) {
            return what;
        }
        return what + ", " + version + (flavor.isEmpty() ? "" : " (" + flavor + ")");
    }
}
