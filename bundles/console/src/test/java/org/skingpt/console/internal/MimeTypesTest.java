package org.skingpt.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MimeTypesTest {

    @Test
    void javaScriptModulesGetAJavaScriptType() {
        // Browsers refuse module scripts without a JavaScript MIME type.
        assertEquals("text/javascript", MimeTypes.of("/VAADIN/build/indexhtml-CCBJqfFM.js"));
        assertEquals("text/javascript", MimeTypes.of("/VAADIN/static/push/vaadinPush-min.js"));
        assertEquals("text/javascript", MimeTypes.of("module.mjs"));
    }

    @Test
    void commonWebTypes() {
        assertEquals("text/css", MimeTypes.of("/styles/console.css"));
        assertEquals("text/html", MimeTypes.of("index.html"));
        assertEquals("image/svg+xml", MimeTypes.of("/icons/skingpt.svg"));
        assertEquals("image/png", MimeTypes.of("/pwa-icons/icon.png"));
        assertEquals("font/woff2", MimeTypes.of("lumo-icons.woff2"));
        assertEquals("application/json", MimeTypes.of("stats.json"));
        assertEquals("application/manifest+json", MimeTypes.of("manifest.webmanifest"));
    }

    @Test
    void extensionIsCaseInsensitiveAndQueryIsIgnored() {
        assertEquals("image/png", MimeTypes.of("/A/LOGO.PNG"));
        assertEquals("text/css", MimeTypes.of("/styles/console.css?v=2"));
    }

    @Test
    void unknownOrMissingExtension() {
        assertNull(MimeTypes.of(null));
        assertNull(MimeTypes.of("/VAADIN/build/"));
        assertNull(MimeTypes.of("README"));
        assertNull(MimeTypes.of("file."));
        assertNull(MimeTypes.of("archive.exe"));
        // the dot of a folder is not an extension
        assertNull(MimeTypes.of("/v1.2/readme"));
    }
}
