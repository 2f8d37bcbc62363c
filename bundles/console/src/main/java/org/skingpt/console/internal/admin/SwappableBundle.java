package org.skingpt.console.internal.admin;

/**
 * An installed model, locale or report bundle.
 *
 * @param id           bundle id
 * @param symbolicName Bundle-SymbolicName
 * @param version      Bundle-Version
 * @param kind         what it carries
 * @param state        INSTALLED, RESOLVED, STARTING, ACTIVE or STOPPING
 * @param detail       for a locale its language file, for a report bundle the formats it offers now
 */
public record SwappableBundle(long id, String symbolicName, String version, BundleKind kind, String state, String detail) {

    public boolean active() {
        return "ACTIVE".equals(state) || "STARTING".equals(state);
    }
}
