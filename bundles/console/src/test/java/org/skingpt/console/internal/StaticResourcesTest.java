package org.skingpt.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticResourcesTest {

    @TempDir
    Path root;

    private StaticResources resources;

    @BeforeEach
    void setUp() throws IOException {
        write("META-INF/resources/VAADIN/static/push/vaadinPush-min.js", "push");
        write("META-INF/resources/styles/console.css", "css");
        write("org/skingpt/Secret.class", "class");
        write("META-INF/MANIFEST.MF", "manifest");
        write("lib/flow-server.jar", "jar");
        resources = new StaticResources(new URLClassLoader(new URL[] {root.toUri().toURL()}, null));
    }

    @Test
    void fallsBackToMetaInfResources() throws IOException {
        assertEquals("push", read(resources.find("/VAADIN/static/push/vaadinPush-min.js")));
        assertEquals("css", read(resources.find("styles/console.css")));
    }

    @Test
    void missingResource() {
        assertNull(resources.find("/styles/missing.css"));
    }

    @Test
    void neverServesBundleInternals() {
        assertNull(resources.find("/org/skingpt/Secret.class"));
        assertNull(resources.find("/META-INF/MANIFEST.MF"));
        assertNull(resources.find("/lib/flow-server.jar"));
    }

    @Test
    void rejectsTraversalAndOddPaths() {
        assertNull(resources.find("/../../org/skingpt/Secret.class"));
        assertNull(resources.find("/styles/../../../META-INF/MANIFEST.MF"));
        assertNull(resources.find("/styles/./console.css"));
        assertNull(resources.find("//styles/console.css"));
        assertNull(resources.find("/styles\\console.css"));
        assertNull(resources.find("/styles/%2e%2e/console.css"));
        assertNull(resources.find("/"));
        assertNull(resources.find(""));
        assertNull(resources.find(null));
        assertNull(resources.find("/styles/"));
    }

    @Test
    void mapsPathsOntoClassPathNames() {
        assertEquals("META-INF/resources/a/b.js", StaticResources.toClassPathName("/a/b.js"));
        assertEquals("META-INF/resources/a/b.js", StaticResources.toClassPathName("a/b.js"));
        assertNull(StaticResources.toClassPathName("/a/../b.js"));
        assertNull(StaticResources.toClassPathName("file:/etc/passwd"));
    }

    @Test
    void contextHelperUsesTheFallbackAndKnowsMimeTypes() {
        ConsoleContextHelper helper = new ConsoleContextHelper(null, resources);
        assertNotNull(helper.getResource("/styles/console.css"));
        assertNull(helper.getResource("/org/skingpt/Secret.class"));
        assertEquals("text/javascript", helper.getMimeType("vaadinPush-min.js"));
        assertEquals(0, helper.getResourcePaths("/").size());
        assertNull(helper.getRealPath("/styles/console.css"));
    }

    private void write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String read(URL url) throws IOException {
        assertNotNull(url);
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
