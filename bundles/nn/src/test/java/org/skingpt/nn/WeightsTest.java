package org.skingpt.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.model.ModelLoadException;

class WeightsTest {

    @TempDir
    Path dir;

    private Path write(String file, Weights.StoredType type, Map<String, float[]> values, Map<String, long[]> shapes)
            throws Exception {
        Path path = dir.resolve(file);
        try (NDManager m = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(path)) {
            Map<String, NDArray> arrays = new java.util.HashMap<>();
            values.forEach((k, v) -> arrays.put(k, m.create(v, new Shape(shapes.get(k)))));
            Weights.write(out, arrays, type, Map.of("format", "pt"));
        }
        return path;
    }

    @Test
    void roundTripsEveryStoredTypeAndLooksUpByName() throws Exception {
        float[] a = {1.5f, -2.25f, 3.0f, 0.0078125f, -65504f, 1e-3f};
        float[] b = {7f, 8f};
        for (Weights.StoredType type : Weights.StoredType.values()) {
            Path p = write("w-" + type + ".safetensors", type,
                    Map.of("layer.a.weight", a, "layer.b.bias", b), Map.of("layer.a.weight", new long[]{2, 3}, "layer.b.bias", new long[]{2}));
            try (Weights w = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(p))) {
                assertEquals(java.util.Set.of("layer.a.weight", "layer.b.bias"), w.names());
                NDArray read = w.get("layer.a.weight", 2, 3);
                assertEquals(DataType.FLOAT32, read.getDataType());
                float[] got = read.toFloatArray();
                float tolerance = type == Weights.StoredType.F32 ? 0f : type == Weights.StoredType.F16 ? 1e-3f : 1e-2f;
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], got[i], Math.abs(a[i]) * tolerance + 1e-6f, type + " element " + i);
                }
                assertArrayEquals(b, w.get("layer.b.bias", 2).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Path p = write("w.safetensors", Weights.StoredType.F32, Map.of("x", new float[]{1}), Map.of("x", new long[]{1}));
        try (Weights w = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(p))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> w.get("model.norm.weight", 4));
            assertTrue(e.getMessage().contains("model.norm.weight"), e.getMessage());
        }
    }

    @Test
    void wrongShapeIsNamedWithBothShapes() throws Exception {
        Path p = write("w.safetensors", Weights.StoredType.F32, Map.of("x", new float[]{1, 2, 3, 4}), Map.of("x", new long[]{2, 2}));
        try (Weights w = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(p))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> w.get("x", 4, 1));
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("[2, 2]") && e.getMessage().contains("[4, 1]"),
                    e.getMessage());
        }
    }

    @Test
    void truncatedFileIsRefusedAtOpen() throws Exception {
        Path p = write("w.safetensors", Weights.StoredType.F32, Map.of("big", new float[64]), Map.of("big", new long[]{8, 8}));
        byte[] bytes = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(cut)));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("big"), e.getMessage());
    }

    @Test
    void garbageIsRefusedAtOpen() throws Exception {
        Path junk = dir.resolve("junk.safetensors");
        Files.writeString(junk, "this is not a tensor file at all");
        assertThrows(ModelLoadException.class, () -> Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(junk)));
    }

    @Test
    void halfConversionMatchesKnownValues() {
        assertEquals((short) 0x3c00, Half.fromFloat(1f));
        assertEquals((short) 0xc000, Half.fromFloat(-2f));
        assertEquals((short) 0x7bff, Half.fromFloat(65504f));
        assertEquals((short) 0x7c00, Half.fromFloat(1e6f));
        assertEquals((short) 0x0001, Half.fromFloat(5.9604645e-8f));
        for (int h = 0; h < 0x7c00; h++) {
            assertEquals((short) h, Half.fromFloat(Half.toFloat((short) h)), "half " + h);
        }
    }
}
