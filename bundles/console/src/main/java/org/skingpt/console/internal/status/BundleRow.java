package org.skingpt.console.internal.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * One SkinGPT bundle as the status page lists it.
 *
 * @param id bundle id
 * @param symbolicName Bundle-SymbolicName
 * @param version bundle version
 * @param state ACTIVE, RESOLVED, ...
 * @param fragment whether the bundle is a fragment (RESOLVED is then its normal state)
 */
public record BundleRow(long id, String symbolicName, String version, String state, boolean fragment) {

    /** Prefix of the bundles the status page lists. */
    public static final String PREFIX = "org.skingpt";

    /** The SkinGPT bundles installed in the framework, by id. */
    public static List<BundleRow> skingptBundles(BundleContext context) {
        List<BundleRow> rows = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String bsn = bundle.getSymbolicName();
            if (isSkinGpt(bsn)) {
                boolean fragment = bundle.getHeaders("").get("Fragment-Host") != null;
                rows.add(new BundleRow(bundle.getBundleId(), bsn, String.valueOf(bundle.getVersion()),
                        stateName(bundle.getState()), fragment));
            }
        }
        rows.sort(Comparator.comparingLong(BundleRow::id));
        return rows;
    }

    /** Whether a symbolic name belongs to SkinGPT ({@code org.skingpt} or {@code org.skingpt.*}). */
    public static boolean isSkinGpt(String symbolicName) {
        return symbolicName != null
                && (symbolicName.equals(PREFIX) || symbolicName.startsWith(PREFIX + "."));
    }

    /** Name of an OSGi bundle state constant. */
    public static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }

    /** Whether the state is the healthy one for this bundle. */
    public boolean healthy() {
        return "ACTIVE".equals(state) || (fragment && "RESOLVED".equals(state));
    }
}
