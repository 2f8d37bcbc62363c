package org.skingpt.console.internal;

import java.net.URL;
import java.util.Objects;

/**
 * The files the console's servlet context serves: only what lies under {@code META-INF/resources}
 * on the bundle class path (this bundle and the Vaadin jars embedded in it, e.g. the push
 * client). Never the bundle's own entries: class files, embedded jars and the manifest must not
 * be downloadable.
 */
public final class StaticResources {

    /** Where web resources live inside jars (Servlet 3 convention). */
    public static final String ROOT = "META-INF/resources/";

    private final ClassLoader loader;

    public StaticResources(ClassLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Finds a web resource.
     *
     * @param path a servlet-context path such as {@code /VAADIN/static/push/vaadinPush-min.js}
     * @return its URL, or {@code null} if absent or if the path is not acceptable
     */
    public URL find(String path) {
        String relative = toClassPathName(path);
        return relative == null ? null : loader.getResource(relative);
    }

    /**
     * Maps a servlet-context path onto a class-path resource name under {@link #ROOT}.
     *
     * @return the name, or {@code null} for an empty path, a directory, a path with
     *     {@code .}/{@code ..} or empty segments, backslashes, control characters or encoded
     *     characters
     */
    public static String toClassPathName(String path) {
        if (path == null) {
            return null;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty() || p.endsWith("/") || p.length() > 512) {
            return null;
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' || c == '%' || c == ':' || Character.isISOControl(c)) {
                return null;
            }
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return ROOT + p;
    }
}
