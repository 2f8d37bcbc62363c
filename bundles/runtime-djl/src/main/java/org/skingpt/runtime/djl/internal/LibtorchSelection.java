package org.skingpt.runtime.djl.internal;

import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;
import org.skingpt.runtime.LibtorchInUse;

/**
 * Decides, before the engine loads, which libtorch DJL will load, and tells DJL through the
 * properties its {@code LibUtils} reads ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_VERSION},
 * {@code PYTORCH_FLAVOR}, each an environment variable or else a system property). A refused
 * directory leaves them unset, so DJL loads the embedded CPU build. After the engine has loaded,
 * {@link #report} says what is in use and any problem an admin should act on.
 */
public final class LibtorchSelection {

    static final String PATH = "PYTORCH_LIBRARY_PATH";
    static final String VERSION = "PYTORCH_VERSION";
    static final String FLAVOR = "PYTORCH_FLAVOR";

    private final ExpectedLibtorch expected;
    private final String configured;
    private final LibtorchDirectoryCheck.Verdict verdict; // null when nothing is configured or it is overridden
    private final String outside; // PYTORCH_LIBRARY_PATH set outside the configuration, or null

    private LibtorchSelection(ExpectedLibtorch expected, String configured, LibtorchDirectoryCheck.Verdict verdict,
            String outside) {
        this.expected = expected;
        this.configured = configured;
        this.verdict = verdict;
        this.outside = outside;
    }

    /**
     * Checks the configured directory and sets the system properties DJL reads. Must run before the
     * first touch of DJL's {@code Engine}.
     *
     * @param configured the {@code libtorchDirectory} setting; blank for the embedded build
     * @param env        the process environment ({@code System::getenv})
     * @param system     the system properties, changed here
     */
    public static LibtorchSelection prepare(ExpectedLibtorch expected, String configured, Function<String, String> env,
            Properties system) {
        String setting = configured == null ? "" : configured.trim();
        // DJL reads the environment before system properties: a variable set there wins over anything set here.
        String outside = env.apply(PATH);
        if (outside == null) {
            outside = system.getProperty(PATH);
        }
        if (outside != null && !outside.isBlank()) {
            return new LibtorchSelection(expected, setting, null, outside);
        }
        if (setting.isEmpty()) {
            clear(system);
            return new LibtorchSelection(expected, "", null, null);
        }
        LibtorchDirectoryCheck.Verdict verdict = new LibtorchDirectoryCheck(expected).check(setting);
        if (verdict.accepted()) {
            system.setProperty(PATH, verdict.libraryDirectory().toString());
            system.setProperty(VERSION, verdict.version());
            system.setProperty(FLAVOR, verdict.flavor());
        } else {
            clear(system);
        }
        return new LibtorchSelection(expected, setting, verdict, null);
    }

    private static void clear(Properties system) {
        system.remove(PATH);
        system.remove(VERSION);
        system.remove(FLAVOR);
    }

    /** The configured directory as read at start, {@code ""} for none. */
    public String configured() {
        return configured;
    }

    /** The check's outcome; null when nothing was configured or PYTORCH_LIBRARY_PATH overrides it. */
    public LibtorchDirectoryCheck.Verdict verdict() {
        return verdict;
    }

    /** Whether DJL is told to load the configured directory. */
    public boolean usesConfiguredDirectory() {
        return verdict != null && verdict.accepted();
    }

    /**
     * What is in use once the engine has loaded.
     *
     * @param loadedFrom    the directory DJL loaded libtorch from ({@code LibUtils.getLibtorchPath()})
     * @param engineVersion the version the engine reports
     * @param gpuCount      GPUs the engine sees
     * @param pendingChange a changed setting waiting for a restart, or {@code ""}
     */
    public LibtorchInUse report(String loadedFrom, String engineVersion, int gpuCount, String pendingChange) {
        String version = ExpectedLibtorch.shortVersion(engineVersion == null ? "" : engineVersion);
        if (outside != null) {
            String problem = configured.isEmpty() ? "" : "libtorchDirectory (" + configured + ") is ignored: PYTORCH_LIBRARY_PATH="
                    + outside + " is set in the environment or etc/system.properties, and DJL loads libtorch from there. Remove "
                    + "PYTORCH_LIBRARY_PATH (and PYTORCH_VERSION, PYTORCH_FLAVOR) there and restart Karaf.";
            return new LibtorchInUse(LibtorchInUse.Source.ENVIRONMENT, loadedFrom, version,
                    System.getProperty(FLAVOR, ""), problem, pendingChange);
        }
        if (usesConfiguredDirectory()) {
            Path wanted = verdict.libraryDirectory();
            String problem = "";
            if (loadedFrom != null && !Path.of(loadedFrom).toAbsolutePath().normalize().equals(wanted)) {
                // The engine was already loaded in this JVM (the bundle was restarted, not Karaf).
                problem = "libtorchDirectory " + wanted + " passed the check, but the engine had already loaded libtorch from "
                        + loadedFrom + " in this JVM. Restart Karaf to load the configured one.";
            } else if (verdict.flavor().startsWith("cu") && gpuCount == 0) {
                // DJL counts GPUs through the system's CUDA runtime (libcudart.so, loaded by name), not the
                // copy inside libtorch's archive: a server with only the driver reports none.
                problem = "The CUDA build of libtorch " + verdict.version() + " (" + verdict.flavor() + ") was loaded from "
                        + wanted + ", but the engine sees no GPU; models run on the CPU. Check the NVIDIA driver "
                        + "(nvidia-smi must list the GPU and its driver must support " + verdict.flavor() + "), that the "
                        + "Karaf user may use the GPU, and that the CUDA runtime library libcudart.so is installed where the "
                        + "system finds it (DJL counts GPUs through it); then restart Karaf.";
            }
            return new LibtorchInUse(LibtorchInUse.Source.CONFIGURED_DIRECTORY, loadedFrom, version, verdict.flavor(), problem,
                    pendingChange);
        }
        String problem = verdict == null ? "" : verdict.problem();
        return new LibtorchInUse(LibtorchInUse.Source.EMBEDDED, loadedFrom, version, expected.flavor(), problem, pendingChange);
    }

    /**
     * The status line for a changed setting: libtorch loads once per JVM, so a new
     * {@code libtorchDirectory} waits for the next start.
     *
     * @return {@code ""} when the setting equals the one read at start
     */
    public String pendingChange(String newSetting) {
        String now = newSetting == null ? "" : newSetting.trim();
        if (now.equals(configured)) {
            return "";
        }
        return "libtorchDirectory was changed to " + (now.isEmpty() ? "(none: the embedded CPU build)" : now)
                + "; it takes effect when Karaf restarts (libtorch loads once per JVM).";
    }
}
