package org.skingpt.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Versions of the pieces the console runs on, as the About page lists them.
 *
 * @param console this bundle's version
 * @param vaadin Vaadin platform version built in
 * @param flow Vaadin Flow version built in
 * @param karaf Karaf version, or "unknown" outside Karaf
 * @param framework OSGi framework name and version
 * @param java Java runtime version and vendor
 */
public record Versions(String console, String vaadin, String flow, String karaf, String framework, String java) {

    static final String BUILD_PROPERTIES = "/org/skingpt/console/internal/build.properties";

    /** Build-time versions (filtered into build.properties by Maven). */
    static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // versions are informative only
        }
        return properties;
    }
}
