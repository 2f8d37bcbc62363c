package org.skingpt.runtime.djl.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The libtorch this DJL build expects: the version of the embedded CPU natives, the platform, DJL's
 * version, and the flavors for which the embedded JNI binding exists. A configured libtorch must
 * match it, because DJL would otherwise download a matching JNI binding (which this product never
 * does).
 *
 * @param version    libtorch version, for example {@code 2.7.1}
 * @param flavor     flavor of the embedded build, {@code cpu}
 * @param classifier platform, for example {@code linux-x86_64}
 * @param djlVersion DJL version the JNI binding was built for, for example {@code 0.36.0}
 * @param jniFlavors which flavors the embedded JNI binding exists for on this platform
 */
public record ExpectedLibtorch(String version, String flavor, String classifier, String djlVersion,
        Predicate<String> jniFlavors) {

    /** The JNI library DJL loads next to libtorch. */
    static final String JNI_LIBRARY = System.mapLibraryName("djl_torch");

    /** Flavors probed to name, in messages, those the embedded binding carries. */
    private static final List<String> KNOWN_FLAVORS =
            List.of("cpu", "cu118", "cu121", "cu124", "cu126", "cu128", "cu129", "cu130");

    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+).*");

    /**
     * Reads what the embedded natives declare ({@code native/lib/pytorch.properties} of
     * pytorch-native-cpu, {@code jnilib/pytorch.properties} of pytorch-jni).
     *
     * @param loader the loader that sees the embedded DJL jars (the runtime bundle's)
     * @throws IllegalStateException when the embedded natives are missing (a broken build)
     */
    public static ExpectedLibtorch read(ClassLoader loader) {
        Properties natives = load(loader, "native/lib/pytorch.properties");
        Properties jni = load(loader, "jnilib/pytorch.properties");
        String classifier = natives.getProperty("classifier", "");
        String jniVersion = jni.getProperty("jni_version", ""); // e.g. 2.7.1-0.36.0
        int dash = jniVersion.indexOf('-');
        String djlVersion = dash < 0 ? "" : jniVersion.substring(dash + 1);
        Predicate<String> carried =
                flavor -> loader.getResource("jnilib/" + classifier + "/" + flavor + "/" + JNI_LIBRARY) != null;
        return new ExpectedLibtorch(shortVersion(natives.getProperty("version", "")), natives.getProperty("flavor", "cpu"),
                classifier, djlVersion, carried);
    }

    /** {@code 2.7.1} from {@code 2.7.1-20250812} or {@code 2.7.1+cu128}; the input when it has no such form. */
    static String shortVersion(String version) {
        Matcher m = VERSION.matcher(version.trim());
        return m.matches() ? m.group(1) : version.trim();
    }

    /** Whether the embedded JNI binding exists for {@code flavor} on this platform. */
    boolean carriesJniFor(String flavor) {
        return jniFlavors.test(flavor);
    }

    /** The flavors the embedded JNI binding carries, for messages: {@code cpu, cu128}. */
    String carriedFlavors() {
        List<String> names = new ArrayList<>();
        for (String flavor : KNOWN_FLAVORS) {
            if (carriesJniFor(flavor)) {
                names.add(flavor);
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static Properties load(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The runtime bundle lacks " + resource + " (embedded DJL natives); rebuild it.");
            }
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
