package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.api.model.WeightFile;

class WeightInstallerTest {

    @TempDir
    Path dir;

    private static final byte[] DATA = "not really tensors".getBytes(StandardCharsets.UTF_8);

    private static String sha(byte[] data) throws Exception {
        return WeightInstaller.sha256(new ByteArrayInputStream(data), OutputStream.nullOutputStream());
    }

    private static WeightInstaller.EntrySource bundle(Map<String, byte[]> entries) {
        return path -> entries.containsKey(path) ? new ByteArrayInputStream(entries.get(path)) : null;
    }

    @Test
    void knownDigest() throws Exception {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sha(new byte[0]));
    }

    @Test
    void copiesBundleEntriesAndVerifiesThem() throws Exception {
        List<Path> files = WeightInstaller.install(List.of(new WeightFile("w/a.safetensors", sha(DATA), DATA.length)),
                bundle(Map.of("w/a.safetensors", DATA)), dir.resolve("m"));
        assertArrayEquals(DATA, Files.readAllBytes(files.get(0)));
        assertTrue(files.get(0).startsWith(dir.resolve("m")));
    }

    @Test
    void verifiesExternalFilesInPlace() throws Exception {
        Path external = dir.resolve("external.safetensors");
        Files.write(external, DATA);
        List<Path> files = WeightInstaller.install(List.of(new WeightFile(external.toString(), sha(DATA), -1)),
                bundle(Map.of()), dir.resolve("m"));
        assertEquals(external, files.get(0));
    }

    @Test
    void refusesCorruptMissingAndMisSizedFiles() throws Exception {
        byte[] corrupt = DATA.clone();
        corrupt[0] ^= 1;
        ModelLoadException bad = assertThrows(ModelLoadException.class, () -> WeightInstaller.install(
                List.of(new WeightFile("a.safetensors", sha(DATA), -1)), bundle(Map.of("a.safetensors", corrupt)), dir.resolve("m")));
        assertTrue(bad.getMessage().contains("Checksum mismatch for a.safetensors"), bad.getMessage());
        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> WeightInstaller.install(
                List.of(new WeightFile("b.safetensors", sha(DATA), -1)), bundle(Map.of()), dir.resolve("m")));
        assertTrue(missing.getMessage().contains("no file 'b.safetensors'"), missing.getMessage());
        ModelLoadException size = assertThrows(ModelLoadException.class, () -> WeightInstaller.install(
                List.of(new WeightFile("c.safetensors", sha(DATA), 3)), bundle(Map.of("c.safetensors", DATA)), dir.resolve("m")));
        assertTrue(size.getMessage().contains("descriptor says 3"), size.getMessage());
        ModelLoadException absent = assertThrows(ModelLoadException.class, () -> WeightInstaller.install(
                List.of(new WeightFile("/nonexistent/x.safetensors", sha(DATA), -1)), bundle(Map.of()), dir.resolve("m")));
        assertTrue(absent.getMessage().contains("/nonexistent/x.safetensors"), absent.getMessage());
        assertFalse(Files.exists(dir.resolve("m/a.safetensors.part")));
    }

    @Test
    void severalFilesAreIdentifiedByTheDigestOfTheirDigests() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        assertEquals(a, WeightInstaller.combined(List.of(a)));
        assertEquals(64, WeightInstaller.combined(List.of(a, b)).length());
        assertFalse(WeightInstaller.combined(List.of(a, b)).equals(WeightInstaller.combined(List.of(b, a))));
    }
}
