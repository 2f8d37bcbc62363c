package org.skingpt.runtime.djl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a directory an admin installed libtorch into, before the engine loads anything: it must
 * hold libtorch's libraries, say which version and flavor it is, match the version this DJL build
 * expects, and be a flavor for which the embedded JNI binding exists. Why before: a native library
 * loads once per JVM, so a wrong one can only be avoided, not unloaded; and DJL, given a version or
 * flavor it has no binding for, would try to download one. Free of DJL types, so testable on
 * fake directory layouts.
 */
public final class LibtorchDirectoryCheck {

    /** Files libtorch writes next to its {@code lib} folder: {@code 2.7.1+cu128}. */
    private static final List<String> VERSION_FILES = List.of("build-version", "version.txt");

    /** {@code 2.7.1}, {@code 2.7.1+cu128}, {@code 2.7.1+cpu}. */
    private static final Pattern VERSION_TEXT = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:\\+([A-Za-z0-9_.-]+))?");

    /**
     * DJL's own cache folder name, for a folder copied from a DJL cache: {@code 2.7.1-cu128-linux-x86_64},
     * or with the build date of DJL's natives, {@code 2.7.1-20250812-cpu-linux-x86_64}.
     */
    private static final Pattern DJL_CACHE_NAME =
            Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?-((?:cpu|cu\\d+)(?:-precxx11)?)-(.+)");

    private static final String TORCH = System.mapLibraryName("torch");
    private static final String TORCH_CPU = System.mapLibraryName("torch_cpu");
    private static final String C10 = System.mapLibraryName("c10");
    private static final String TORCH_CUDA = System.mapLibraryName("torch_cuda");
    private static final String C10_CUDA = System.mapLibraryName("c10_cuda");

    /**
     * The outcome.
     *
     * @param accepted whether the engine may load libtorch from {@code libraryDirectory}
     * @param libraryDirectory the folder holding {@code libtorch.so} (the configured one or its {@code lib})
     * @param version the version found, e.g. {@code 2.7.1} ({@code ""} when none was found)
     * @param flavor {@code cpu} or {@code cuNNN} ({@code ""} when unknown)
     * @param problem why it was refused and what to do; {@code ""} when accepted
     */
    public record Verdict(boolean accepted, Path libraryDirectory, String version, String flavor, String problem) {

        static Verdict accept(Path dir, String version, String flavor) {
            return new Verdict(true, dir, version, flavor, "");
        }
    }

    private final ExpectedLibtorch expected;

    public LibtorchDirectoryCheck(ExpectedLibtorch expected) {
        this.expected = expected;
    }

    /**
     * @param configured the {@code libtorchDirectory} setting, a path (never blank here)
     */
    public Verdict check(String configured) {
        Path dir = Path.of(configured.trim()).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return refuse(dir, null, "", "", Files.exists(dir) ? "is not a directory" : "does not exist",
                    "Install the libtorch " + expected.version() + " CUDA archive there (its 'libtorch' folder) or correct "
                            + "the path.");
        }
        // PyTorch's archive unpacks to libtorch/{lib,include,share,build-version}; accept both levels.
        Path lib = Files.isRegularFile(dir.resolve("lib").resolve(TORCH)) ? dir.resolve("lib") : dir;

        List<String> missing = missing(lib, TORCH, TORCH_CPU, C10);
        if (!missing.isEmpty()) {
            return refuse(dir, lib, "", "", "has no " + String.join(", ", missing) + " (neither in it nor in its lib folder)",
                    "Point libtorchDirectory at the 'libtorch' folder of the libtorch " + expected.version()
                            + " archive, or at its 'lib' folder.");
        }
        boolean hasCuda = Files.isRegularFile(lib.resolve(TORCH_CUDA));

        String[] found = versionAndFlavor(dir, lib);
        if (found == null) {
            return refuse(dir, lib, "", "", "does not say which libtorch version it is (no build-version or version.txt file "
                    + "in it or next to its lib folder)", "Use the folder as unpacked from PyTorch's libtorch archive, which has "
                    + "build-version, or write one containing '" + expected.version() + "+cu128' (version+flavor).");
        }
        String version = found[0];
        String flavor = found[1];
        if (!version.equals(expected.version())) {
            return refuse(dir, lib, version, flavor, "holds libtorch " + version + ", but this DJL build ("
                    + expected.djlVersion() + ") needs libtorch " + expected.version(),
                    "Install the libtorch " + expected.version() + " archive (a CUDA flavor the runtime has a binding for: "
                            + expected.carriedFlavors() + ").");
        }
        if (flavor.isEmpty()) {
            if (hasCuda) {
                return refuse(dir, lib, version, "", "is a CUDA build, but its version file says " + version
                        + " without the CUDA flavor", "Write the flavor into build-version, e.g. '" + version + "+cu128'.");
            }
            flavor = "cpu";
        }
        if (flavor.startsWith("cu")) {
            List<String> cudaMissing = missing(lib, TORCH_CUDA, C10_CUDA);
            if (!cudaMissing.isEmpty()) {
                return refuse(dir, lib, version, flavor, "says flavor " + flavor + " but has no " + String.join(", ", cudaMissing)
                        + ": not a complete CUDA build", "Unpack the whole CUDA archive of libtorch " + version + " again.");
            }
        } else if (hasCuda) {
            return refuse(dir, lib, version, flavor, "says flavor " + flavor + " but holds " + TORCH_CUDA,
                    "Correct build-version (e.g. '" + version + "+cu128') or unpack the archive again.");
        }
        if (!Files.isRegularFile(lib.resolve(expected.djlVersion() + "-" + ExpectedLibtorch.JNI_LIBRARY))
                && !Files.isRegularFile(lib.resolve(ExpectedLibtorch.JNI_LIBRARY))
                && !expected.carriesJniFor(flavor)) {
            return refuse(dir, lib, version, flavor, "is flavor " + flavor + ", for which DJL " + expected.djlVersion()
                    + " has no JNI binding on " + expected.classifier() + " (it has one for: " + expected.carriedFlavors()
                    + "; DJL would download one, which this product never does)",
                    "Install the libtorch " + version + " archive of one of those flavors.");
        }
        return Verdict.accept(lib, version, flavor);
    }

    /** {version, flavor} from a version file or a DJL cache folder name; flavor may be ""; null when neither says. */
    private static String[] versionAndFlavor(Path dir, Path lib) {
        List<Path> places = new ArrayList<>(List.of(dir));
        if (!lib.equals(dir)) {
            places.add(lib);
        } else if (dir.getParent() != null) {
            places.add(dir.getParent()); // pointed at libtorch/lib: the file is one level up
        }
        for (Path place : places) {
            for (String name : VERSION_FILES) {
                Path file = place.resolve(name);
                if (Files.isRegularFile(file)) {
                    String text = firstLine(file);
                    Matcher m = VERSION_TEXT.matcher(text);
                    if (m.matches()) {
                        return new String[] {m.group(1), m.group(2) == null ? "" : m.group(2)};
                    }
                    return new String[] {text.isEmpty() ? "(empty " + name + ")" : text, ""};
                }
            }
        }
        Matcher m = DJL_CACHE_NAME.matcher(lib.getFileName() == null ? "" : lib.getFileName().toString());
        if (m.matches()) {
            return new String[] {m.group(1), m.group(2)};
        }
        return null;
    }

    private static String firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int newline = text.indexOf('\n');
            return (newline < 0 ? text : text.substring(0, newline)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> missing(Path lib, String... names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!Files.isRegularFile(lib.resolve(name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    private Verdict refuse(Path dir, Path lib, String version, String flavor, String what, String todo) {
        String message = "The configured libtorchDirectory " + dir + " " + what + ". Using the embedded CPU build of libtorch "
                + expected.version() + " instead. " + todo + " Then restart Karaf (libtorch loads once per JVM).";
        return new Verdict(false, lib, version, flavor, message);
    }
}
