package org.skingpt.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The real locale files of the locale bundles, read from their source folders. */
final class LocaleFiles {
    static final Path EN = Path.of("..", "locale-en", "src", "main", "resources", "locale.properties");
    static final Path ZH_CN = Path.of("..", "locale-zh-cn", "src", "main", "resources", "locale.properties");

    private LocaleFiles() {
    }

    static byte[] bytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    /** Reads a real locale file and checks that it loads without any warning. */
    static LocaleTemplates load(Path file) throws Exception {
        List<String> warnings = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            LocaleTemplates t = LocaleFileReader.read(in, "1.0.0", warnings);
            assertEquals(List.of(), warnings, "warnings for " + file);
            return t;
        }
    }

    static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** Properties written back as UTF-8 file content (comments dropped). */
    static byte[] bytes(Properties p) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, null);
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    static InputStream stream(Properties p) throws IOException {
        return new ByteArrayInputStream(bytes(p));
    }
}
