package org.skingpt.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.skingpt.api.model.ModelLoadException;

/**
 * Named tensors read from safetensors files, looked up by their public parameter names
 * ({@code model.layers.0.self_attn.q_proj.weight}, {@code visual_encoder.blocks.0.attn.qkv.weight}, ...).
 *
 * <p>F32 and F16 are handed to the engine as stored and then cast to the requested compute type;
 * BF16 is widened to F32 in Java first, because handing BF16 to libtorch through DJL kills the JVM.
 * Tensors are read lazily from a memory-mapped file, so several files of up to 2 GiB each can be
 * combined without ever holding one whole file on the heap.
 *
 * <p>Every array returned is attached to the manager given at construction; closing that manager
 * (or this object, which closes it) frees them.
 */
public final class Weights implements AutoCloseable {

    /** Storage types this reader understands, by their safetensors names. */
    public enum StoredType {
        F32(4), F16(2), BF16(2);

        final int bytes;

        StoredType(int bytes) {
            this.bytes = bytes;
        }
    }

    private record Entry(String name, Path file, StoredType type, long[] shape, long begin, long end) {
    }

    private final NDManager manager;
    private final DataType computeType;
    private final Map<String, Entry> entries;

    private Weights(NDManager manager, DataType computeType, Map<String, Entry> entries) {
        this.manager = manager;
        this.computeType = computeType;
        this.entries = entries;
    }

    /**
     * Opens safetensors files. Their headers are read and checked now (names unique, offsets inside
     * the file, sizes matching shapes); tensor data is read when asked for.
     *
     * @param manager     manager that will own the arrays (closed by {@link #close()})
     * @param computeType type arrays are returned in (FLOAT32, or FLOAT16 on a GPU)
     * @param files       one or more safetensors files
     * @throws ModelLoadException naming the file and the problem
     */
    public static Weights open(NDManager manager, DataType computeType, List<Path> files) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Path file : files) {
            for (Entry e : readHeader(file)) {
                Entry previous = entries.putIfAbsent(e.name, e);
                if (previous != null) {
                    throw new ModelLoadException("Tensor '" + e.name + "' is in both " + previous.file.getFileName()
                            + " and " + file.getFileName() + "; each tensor must be stored once.");
                }
            }
        }
        return new Weights(manager, computeType, entries);
    }

    /** Names of all tensors, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
    }

    /** Whether a tensor of that name exists. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Stored shape of a tensor, if present. */
    public Optional<long[]> shapeOf(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.shape.clone());
    }

    /**
     * Reads a tensor that must exist with exactly the expected shape.
     *
     * @throws ModelLoadException naming the tensor if it is missing or has another shape
     */
    public NDArray get(String name, long... expectedShape) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelLoadException("Missing tensor '" + name + "' (expected shape " + Arrays.toString(expectedShape)
                    + "); the weights do not match this architecture or its hyper-parameters.");
        }
        if (!Arrays.equals(e.shape, expectedShape)) {
            throw new ModelLoadException("Tensor '" + name + "' has shape " + Arrays.toString(e.shape) + " but "
                    + Arrays.toString(expectedShape) + " was expected from the model's hyper-parameters.");
        }
        return read(e);
    }

    /** Reads a tensor if present, checking its shape. */
    public Optional<NDArray> find(String name, long... expectedShape) {
        return contains(name) ? Optional.of(get(name, expectedShape)) : Optional.empty();
    }

    /** The manager that owns the arrays. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }

    private NDArray read(Entry e) {
        long length = e.end - e.begin;
        try (FileChannel channel = FileChannel.open(e.file, StandardOpenOption.READ)) {
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, e.begin, length).order(ByteOrder.LITTLE_ENDIAN);
            Shape shape = new Shape(e.shape);
            NDArray array;
            switch (e.type) {
                case F32 -> {
                    array = manager.create(data, shape, DataType.FLOAT32);
                }
                case F16 -> {
                    array = manager.create(data, shape, DataType.FLOAT16);
                }
                case BF16 -> {
                    // Widen in Java: bfloat16 is the upper half of a float32.
                    int n = (int) (length / 2);
                    FloatBuffer floats = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                    for (int i = 0; i < n; i++) {
                        floats.put(i, Float.intBitsToFloat((data.getShort(i * 2) & 0xffff) << 16));
                    }
                    array = manager.create(floats, shape);
                }
                default -> throw new IllegalStateException(e.type.name());
            }
            if (array.getDataType() != computeType) {
                NDArray cast = array.toType(computeType, false);
                array.close();
                array = cast;
            }
            array.setName(e.name);
            return array;
        } catch (IOException ex) {
            throw new ModelLoadException("Cannot read tensor '" + e.name + "' from " + e.file + ": " + ex.getMessage(), ex);
        }
    }

    private static List<Entry> readHeader(Path file) {
        long size;
        JsonObject header;
        long dataStart;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            byte[] lengthBytes = in.readNBytes(8);
            if (lengthBytes.length < 8) {
                throw new ModelLoadException(file + " is not a safetensors file: shorter than its 8-byte header length.");
            }
            long headerLength = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength <= 1 || headerLength > 100_000_000L || 8 + headerLength > size) {
                throw new ModelLoadException(file + " is not a valid safetensors file: header length " + headerLength
                        + " does not fit in a file of " + size + " bytes (truncated or another format?).");
            }
            byte[] json = in.readNBytes((int) headerLength);
            header = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
            dataStart = 8 + headerLength;
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException(file + " has an unreadable safetensors header: " + e.getMessage(), e);
        }
        long dataLength = size - dataStart;
        List<Entry> result = new ArrayList<>();
        for (Map.Entry<String, JsonElement> m : header.entrySet()) {
            if (m.getKey().equals("__metadata__")) {
                continue;
            }
            String name = m.getKey();
            try {
                JsonObject t = m.getValue().getAsJsonObject();
                String dtype = t.get("dtype").getAsString();
                StoredType type;
                try {
                    type = StoredType.valueOf(dtype);
                } catch (IllegalArgumentException unknown) {
                    throw new ModelLoadException("Tensor '" + name + "' in " + file.getFileName() + " is stored as " + dtype
                            + "; supported are F32, F16 and BF16 (convert the checkpoint).");
                }
                JsonArray dims = t.getAsJsonArray("shape");
                long[] shape = new long[dims.size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dims.get(i).getAsLong();
                    count *= shape[i];
                }
                JsonArray offsets = t.getAsJsonArray("data_offsets");
                long begin = offsets.get(0).getAsLong();
                long end = offsets.get(1).getAsLong();
                if (end - begin != count * type.bytes) {
                    throw new ModelLoadException("Tensor '" + name + "' in " + file.getFileName() + " declares shape "
                            + Arrays.toString(shape) + " (" + count * type.bytes + " bytes) but spans " + (end - begin) + " bytes.");
                }
                if (begin < 0 || end > dataLength) {
                    throw new ModelLoadException(file.getFileName() + " is truncated: tensor '" + name + "' ends at byte "
                            + (dataStart + end) + " but the file has " + size + " bytes.");
                }
                result.add(new Entry(name, file, type, shape, dataStart + begin, dataStart + end));
            } catch (ModelLoadException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelLoadException("Tensor '" + name + "' in " + file.getFileName() + " has a malformed header entry: "
                        + e.getMessage(), e);
            }
        }
        return result;
    }

    /**
     * Writes tensors as a safetensors file, in name order.
     *
     * @param out     where to write
     * @param tensors tensors by name (any float type; stored as {@code storeAs})
     * @param storeAs F32 or F16 (BF16 is accepted for completeness)
     * @param metadata string metadata for the header, may be empty
     */
    public static void write(OutputStream out, Map<String, NDArray> tensors, StoredType storeAs,
                             Map<String, String> metadata) throws IOException {
        List<String> names = new ArrayList<>(new TreeSet<>(tensors.keySet()));
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (String name : names) {
            NDArray array = tensors.get(name);
            byte[] blob = encode(array, storeAs);
            JsonObject t = new JsonObject();
            t.addProperty("dtype", storeAs.name());
            JsonArray shape = new JsonArray();
            for (long d : array.getShape().getShape()) {
                shape.add(d);
            }
            t.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + blob.length);
            t.add("data_offsets", offsets);
            header.add(name, t);
            blobs.add(blob);
            offset += blob.length;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format recommends 8-byte alignment of the data
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(headerBytes);
        for (byte[] blob : blobs) {
            out.write(blob);
        }
    }

    private static byte[] encode(NDArray array, StoredType type) {
        float[] values;
        if (array.getDataType() == DataType.FLOAT32) {
            values = array.toFloatArray();
        } else {
            try (NDArray widened = array.toType(DataType.FLOAT32, false)) {
                values = widened.toFloatArray();
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(values.length * type.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (type) {
                case F32 -> buffer.putFloat(v);
                case F16 -> buffer.putShort(Half.fromFloat(v));
                case BF16 -> buffer.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
                default -> throw new IllegalStateException(type.name());
            }
        }
        return buffer.array();
    }
}
