package org.skingpt.console.internal.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Models page checks before it offers a jar for installing, and how uploads are stored. */
class BundleInspectorTest {

    @TempDir
    Path dir;

    private Path jar(String name, Map<String, String> headers, Map<String, String> entries) throws Exception {
        Path jar = dir.resolve(name);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(m.getMainAttributes()::putValue);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static Map<String, String> bundle(String bsn, String version, String... more) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Bundle-ManifestVersion", "2");
        h.put("Bundle-SymbolicName", bsn);
        h.put("Bundle-Version", version);
        for (int i = 0; i < more.length; i += 2) {
            h.put(more[i], more[i + 1]);
        }
        return h;
    }

    @Test
    void aModelBundleShowsItsNamesHeaderAndTheSha256OfTheWholeFile() throws Exception {
        Path jar = jar("m.jar", bundle("it.model.demo;singleton:=true", "1.0.1", "SkinGPT-Model", "model.json"),
                Map.of("model.json", "{\"name\": \"skingpt-demo-llm\", \"version\": \"1.0.1\", \"kind\": \"LANGUAGE_MODEL\"}"));
        BundleCandidate c = BundleInspector.inspect(jar, true);
        assertEquals("it.model.demo", c.symbolicName());
        assertEquals("1.0.1", c.version());
        assertEquals(BundleKind.MODEL, c.kind());
        assertEquals("SkinGPT-Model: model.json", c.headerLine());
        assertEquals("skingpt-demo-llm", c.modelName());
        assertEquals("1.0.1", c.modelVersion());
        assertEquals(Files.size(jar), c.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar))), c.sha256());
    }

    @Test
    void localeAndReportBundlesAreRecognised() throws Exception {
        assertEquals(BundleKind.LOCALE, BundleInspector.inspect(jar("l.jar", bundle("org.example.locale.fr", "1.0.0",
                "SkinGPT-Locale", "locale.properties"), Map.of("locale.properties", "language=fr")), false).kind());
        BundleCandidate report = BundleInspector.inspect(jar("r.jar", bundle("org.example.report", "2.0.0",
                "Provide-Capability", "osgi.service;objectClass:List<String>=\"org.skingpt.api.report.ReportRenderer\""),
                Map.of()), false);
        assertEquals(BundleKind.REPORT, report.kind());
    }

    private static String refusal(Path file) {
        return assertThrows(Refusal.class, () -> BundleInspector.inspect(file, true)).key();
    }

    @Test
    void refusesWhatIsNotAJarNotABundleOrNotOneOfOurs() throws Exception {
        Path text = dir.resolve("notes.jar");
        Files.writeString(text, "Patient notes, not a jar.");
        assertEquals("ui.admin.refused.notJar", refusal(text));
        Path broken = dir.resolve("broken.jar");
        Files.write(broken, new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2});
        assertEquals("ui.admin.refused.notJar", refusal(broken));
        assertEquals("ui.admin.refused.notBundle", refusal(jar("plain.jar", Map.of(), Map.of("a.txt", "a"))));
        assertEquals("ui.admin.refused.notSkinGpt", refusal(jar("other.jar", bundle("org.example.lib", "1.0.0"), Map.of())));
        assertEquals("ui.admin.refused.exports", refusal(jar("exports.jar", bundle("org.example.m", "1.0.0",
                "SkinGPT-Model", "model.json", "Export-Package", "org.example.m"), Map.of("model.json", "{}"))));
        assertEquals("ui.admin.refused.noDescriptor", refusal(jar("nodesc.jar", bundle("org.example.m", "1.0.0",
                "SkinGPT-Model", "model.json"), Map.of())));
        assertEquals("ui.admin.refused.badDescriptor", refusal(jar("baddesc.jar", bundle("org.example.m", "1.0.0",
                "SkinGPT-Model", "model.json"), Map.of("model.json", "not json {"))));
        assertEquals("ui.admin.refused.noFile", refusal(dir.resolve("missing.jar")));
        assertEquals("ui.admin.refused.noFile", refusal(dir));
    }

    @Test
    void uploadsAreStreamedToAFileAndCutOffAtTheLimit() throws Exception {
        UploadedFiles uploads = new UploadedFiles(dir.resolve("uploads"));
        byte[] content = new byte[300_000];
        new java.util.Random(7).nextBytes(content);
        Path stored = uploads.receive(new ByteArrayInputStream(content), 300_000);
        assertArrayEquals(content, Files.readAllBytes(stored));
        assertTrue(stored.startsWith(dir.resolve("uploads")));

        // One byte over: refused, and nothing is left behind, however long the sender keeps sending.
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                read[0] += len;
                java.util.Arrays.fill(b, off, off + len, (byte) 1);
                return len;
            }
        };
        Refusal r = assertThrows(Refusal.class, () -> uploads.receive(endless, 2L * 1024 * 1024));
        assertEquals("ui.admin.refused.tooLarge", r.key());
        assertEquals(2L, r.args()[0]);
        assertTrue(read[0] < 3L * 1024 * 1024, "stopped reading soon after the limit: " + read[0]);
        try (var left = Files.list(dir.resolve("uploads"))) {
            assertEquals(1, left.count(), "only the first upload is kept");
        }
        BundleCandidate c = new BundleCandidate(stored, true, 0, "", "b", "1", BundleKind.MODEL, "", "", "");
        uploads.discard(c);
        assertFalse(Files.exists(stored));
    }

    @Test
    void aBundleThatIsNoneOfTheKindsHasNoKind() {
        assertEquals(null, BundleKind.of(Map.of("Bundle-SymbolicName", "x")::get));
        assertEquals(BundleKind.REPORT, BundleKind.of(Map.of("Provide-Capability",
                "osgi.service;objectClass:List<String>=\"org.skingpt.a\n pi.report.ReportRenderer\"")::get));
    }
}
