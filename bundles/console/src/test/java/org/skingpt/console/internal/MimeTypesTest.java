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

    @Test
    void reportMediaTypesKeepTheirParametersAndTextIsUtf8() {
        assertEquals("text/markdown; charset=UTF-8", MimeTypes.forReport("text/markdown; charset=UTF-8"));
        assertEquals("text/markdown; variant=GFM; charset=UTF-8", MimeTypes.forReport("text/markdown; variant=GFM"));
        assertEquals("text/html; charset=UTF-8", MimeTypes.forReport("text/html"));
        assertEquals("application/fhir+json; fhirVersion=4.0; charset=UTF-8",
                MimeTypes.forReport("application/fhir+json; fhirVersion=4.0"));
        assertEquals("text/plain;charset=utf-8", MimeTypes.forReport("text/plain;charset=utf-8"));
        assertEquals("application/pdf", MimeTypes.forReport("application/pdf"));
        assertEquals("application/octet-stream", MimeTypes.forReport(" "));
    }
}
