package org.skingpt.language.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;

/**
 * A random-weight Llama of a given shape, written identically as safetensors (for SkinGPT) and as
 * GGUF (for llama.cpp), plus a matching tokenizer.json, so both runtimes run the same model.
 *
 * <p>Values are drawn per tensor from a generator seeded by the tensor's name, in a fixed order,
 * so they are the same in both files without holding the model in memory. Weights are float32 in
 * both files; llama.cpp's rotary convention (adjacent pairs) needs the query and key rows of each
 * head interleaved, which the GGUF writer does the way llama.cpp's own converter does.
 */
final class BenchModel {

    /** Hyper-parameters of a benchmark model. */
    record Shape(String name, int vocab, int hidden, int ffn, int layers, int heads, int kvHeads, int context) {
        int headDim() {
            return hidden / heads;
        }

        long parameters() {
            long d = hidden;
            long perLayer = d * d * 2 + 2 * d * kvHeads * headDim() + 3 * d * ffn + 2 * d;
            return 2L * vocab * d + layers * perLayer + d;
        }
    }

    /** The demo model's shape (5 M parameters). */
    static final Shape DEMO = new Shape("demo-5M", 4096, 256, 688, 4, 4, 2, 2048);
    /** A 134 M parameter shape (GPT-2-small-like widths, Llama-2 vocabulary). */
    static final Shape BASE = new Shape("base-134M", 32000, 768, 2048, 12, 12, 12, 2048);

    private static final float STD = 0.02f;
    private static final String METASPACE = "\u2581";

    private record Tensor(String hfName, String ggufName, long rows, long cols, boolean norm, int permuteHeads) {
        long count() {
            return rows * cols;
        }
    }

    private final Shape shape;

    BenchModel(Shape shape) {
        this.shape = shape;
    }

    private List<Tensor> tensors() {
        long d = shape.hidden();
        long kv = (long) shape.kvHeads() * shape.headDim();
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("model.embed_tokens.weight", "token_embd.weight", shape.vocab(), d, false, 0));
        for (int i = 0; i < shape.layers(); i++) {
            String h = "model.layers." + i + ".";
            String g = "blk." + i + ".";
            t.add(new Tensor(h + "input_layernorm.weight", g + "attn_norm.weight", 1, d, true, 0));
            t.add(new Tensor(h + "self_attn.q_proj.weight", g + "attn_q.weight", d, d, false, shape.heads()));
            t.add(new Tensor(h + "self_attn.k_proj.weight", g + "attn_k.weight", kv, d, false, shape.kvHeads()));
            t.add(new Tensor(h + "self_attn.v_proj.weight", g + "attn_v.weight", kv, d, false, 0));
            t.add(new Tensor(h + "self_attn.o_proj.weight", g + "attn_output.weight", d, d, false, 0));
            t.add(new Tensor(h + "post_attention_layernorm.weight", g + "ffn_norm.weight", 1, d, true, 0));
            t.add(new Tensor(h + "mlp.gate_proj.weight", g + "ffn_gate.weight", shape.ffn(), d, false, 0));
            t.add(new Tensor(h + "mlp.up_proj.weight", g + "ffn_up.weight", shape.ffn(), d, false, 0));
            t.add(new Tensor(h + "mlp.down_proj.weight", g + "ffn_down.weight", d, shape.ffn(), false, 0));
        }
        t.add(new Tensor("model.norm.weight", "output_norm.weight", 1, d, true, 0));
        t.add(new Tensor("lm_head.weight", "output.weight", shape.vocab(), d, false, 0));
        return t;
    }

    /** The descriptor under which the benchmarks load this model. */
    ModelDescriptor descriptor() {
        return new ModelDescriptor(shape.name(), "bench", ModelKind.LANGUAGE_MODEL, "llama", hyperParameters(), "tokenizer.json",
                List.of(), "benchmark only", true);
    }

    /**
     * A prompt of {@code tokens} tokens: one letter per token (the tokenizer has no merges) plus the leading
     * metaspace; {@code variant} shifts the letters, so that concurrent streams read different texts.
     */
    static String prompt(int tokens, int variant) {
        StringBuilder text = new StringBuilder();
        for (int j = 0; text.length() < tokens - 2; j++) {
            text.append((char) ('a' + (j * 7 + variant * 3) % 26));
        }
        return text.toString();
    }

    /** Hugging Face config.json keys for {@link org.skingpt.language.internal.LlamaConfig}. */
    Map<String, Object> hyperParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("vocab_size", shape.vocab());
        p.put("hidden_size", shape.hidden());
        p.put("intermediate_size", shape.ffn());
        p.put("num_hidden_layers", shape.layers());
        p.put("num_attention_heads", shape.heads());
        p.put("num_key_value_heads", shape.kvHeads());
        p.put("max_position_embeddings", shape.context());
        p.put("rms_norm_eps", 1e-5);
        p.put("rope_theta", 10000.0);
        p.put("tie_word_embeddings", false);
        p.put("bos_token_id", 1);
        // No end-of-sequence token: every run generates exactly the tokens asked for.
        return p;
    }

    /** The vocabulary: special tokens, the 256 byte tokens, characters, then filler words. */
    List<String> vocabulary() {
        List<String> v = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            v.add(String.format("<0x%02X>", b));
        }
        v.add(METASPACE);
        for (char c = 'a'; c <= 'z'; c++) {
            v.add(String.valueOf(c));
        }
        for (int i = 0; v.size() < shape.vocab(); i++) {
            v.add(METASPACE + "w" + i);
        }
        return v;
    }

    private void fill(Tensor t, float[] chunk, SplittableRandom random, int n) {
        for (int i = 0; i < n; i++) {
            float g = (float) gaussian(random);
            chunk[i] = t.norm() ? 1f + 0.05f * g : STD * g;
        }
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17.
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static SplittableRandom generator(Tensor t) {
        return new SplittableRandom(t.hfName().hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** Writes the model's safetensors file. */
    void writeSafetensors(Path file) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Tensor t : tensors()) {
            long bytes = t.count() * 4;
            String dims = t.rows() == 1 ? "[" + t.cols() + "]" : "[" + t.rows() + "," + t.cols() + "]";
            header.append(header.length() > 1 ? "," : "").append('"').append(t.hfName()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(dims).append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            for (Tensor t : tensors()) {
                writeValues(out, t, false);
            }
        }
    }

    private void writeValues(OutputStream out, Tensor t, boolean ggufRowOrder) throws IOException {
        SplittableRandom random = generator(t);
        if (ggufRowOrder && t.permuteHeads() > 0) {
            float[] all = new float[(int) t.count()];
            fill(t, all, random, all.length);
            write(out, permuteRows(all, (int) t.rows(), (int) t.cols(), t.permuteHeads()), all.length);
            return;
        }
        float[] chunk = new float[1 << 20];
        long left = t.count();
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            fill(t, chunk, random, n);
            write(out, chunk, n);
            left -= n;
        }
    }

    /**
     * llama.cpp's converter for Llama: {@code w.reshape(heads, 2, hd/2, in).swapaxes(1, 2)}, so that
     * the pair (i, i + hd/2) of Hugging Face's layout becomes the adjacent pair (2i, 2i+1).
     */
    private static float[] permuteRows(float[] w, int rows, int cols, int heads) {
        int hd = rows / heads;
        int half = hd / 2;
        float[] out = new float[w.length];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < half; i++) {
                    int src = h * hd + j * half + i;
                    int dst = h * hd + i * 2 + j;
                    System.arraycopy(w, src * cols, out, dst * cols, cols);
                }
            }
        }
        return out;
    }

    private static void write(OutputStream out, float[] values, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values, 0, n);
        out.write(b.array());
    }

    /** Writes a Llama-shaped tokenizer.json (BPE with byte fallback) of this vocabulary. */
    void writeTokenizer(Path file) throws IOException {
        List<String> v = vocabulary();
        StringBuilder vocab = new StringBuilder("{");
        for (int i = 0; i < v.size(); i++) {
            vocab.append(i > 0 ? "," : "").append('"').append(v.get(i)).append("\":").append(i);
        }
        vocab.append('}');
        String added = "[{\"id\":0,\"content\":\"<unk>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true},"
                + "{\"id\":1,\"content\":\"<s>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true},"
                + "{\"id\":2,\"content\":\"</s>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}]";
        String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":" + added
                + ",\"normalizer\":{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"Prepend\",\"prepend\":\"" + METASPACE
                + "\"},{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"" + METASPACE + "\"}]}"
                + ",\"pre_tokenizer\":null,\"post_processor\":null"
                + ",\"decoder\":{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Replace\",\"pattern\":{\"String\":\"" + METASPACE
                + "\"},\"content\":\" \"},{\"type\":\"ByteFallback\"},{\"type\":\"Fuse\"},{\"type\":\"Strip\",\"content\":\" \",\"start\":1,\"stop\":0}]}"
                + ",\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":\"<unk>\",\"continuing_subword_prefix\":null,"
                + "\"end_of_word_suffix\":null,\"fuse_unk\":true,\"byte_fallback\":true,\"vocab\":" + vocab + ",\"merges\":[]}}";
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    // GGUF value types (spec: ggml/docs/gguf.md)
    private static final int UINT32 = 4;
    private static final int INT32 = 5;
    private static final int FLOAT32 = 6;
    private static final int STRING = 8;
    private static final int ARRAY = 9;
    private static final int ALIGNMENT = 32;

    /** Writes the same model as a GGUF v3 file with f32 tensors, for llama.cpp. */
    void writeGguf(Path file) throws IOException {
        List<String> vocab = vocabulary();
        GgufBuffer meta = new GgufBuffer();
        int kvCount = 0;
        meta.string("general.architecture").u32(STRING).string("llama");
        meta.string("general.name").u32(STRING).string(shape.name());
        meta.string("general.alignment").u32(UINT32).u32(ALIGNMENT);
        meta.string("general.file_type").u32(UINT32).u32(0); // all f32
        kvCount += 4;
        Object[][] llama = {
            {"llama.context_length", shape.context()}, {"llama.embedding_length", shape.hidden()},
            {"llama.block_count", shape.layers()}, {"llama.feed_forward_length", shape.ffn()},
            {"llama.rope.dimension_count", shape.headDim()}, {"llama.attention.head_count", shape.heads()},
            {"llama.attention.head_count_kv", shape.kvHeads()}, {"llama.vocab_size", shape.vocab()},
            {"tokenizer.ggml.bos_token_id", 1}, {"tokenizer.ggml.eos_token_id", 2}, {"tokenizer.ggml.unknown_token_id", 0},
        };
        for (Object[] kv : llama) {
            meta.string((String) kv[0]).u32(UINT32).u32((Integer) kv[1]);
            kvCount++;
        }
        meta.string("llama.attention.layer_norm_rms_epsilon").u32(FLOAT32).f32(1e-5f);
        meta.string("llama.rope.freq_base").u32(FLOAT32).f32(10000f);
        meta.string("tokenizer.ggml.model").u32(STRING).string("llama");
        kvCount += 3;
        meta.string("tokenizer.ggml.tokens").u32(ARRAY).u32(STRING).u64(vocab.size());
        for (String token : vocab) {
            meta.string(token);
        }
        meta.string("tokenizer.ggml.scores").u32(ARRAY).u32(FLOAT32).u64(vocab.size());
        for (int i = 0; i < vocab.size(); i++) {
            meta.f32(-i);
        }
        meta.string("tokenizer.ggml.token_type").u32(ARRAY).u32(INT32).u64(vocab.size());
        for (int i = 0; i < vocab.size(); i++) {
            meta.u32(i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1); // unknown, control, byte, normal
        }
        kvCount += 3;

        List<Tensor> tensors = tensors();
        GgufBuffer infos = new GgufBuffer();
        long offset = 0;
        for (Tensor t : tensors) {
            infos.string(t.ggufName());
            if (t.rows() == 1) {
                infos.u32(1).u64(t.cols());
            } else {
                infos.u32(2).u64(t.cols()).u64(t.rows()); // ne[0] is the fastest-varying dimension
            }
            infos.u32(0).u64(offset); // GGML_TYPE_F32
            offset += align(t.count() * 4);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            GgufBuffer head = new GgufBuffer();
            head.u32(0x46554747).u32(3).u64(tensors.size()).u64(kvCount); // "GGUF", version 3
            long written = head.writeTo(out) + meta.writeTo(out) + infos.writeTo(out);
            written = pad(out, written);
            for (Tensor t : tensors) {
                writeValues(out, t, true);
                written = pad(out, written + t.count() * 4);
            }
        }
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static long pad(OutputStream out, long written) throws IOException {
        for (long i = written; i < align(written); i++) {
            out.write(0);
        }
        return align(written);
    }

    /** Little-endian GGUF primitives. */
    private static final class GgufBuffer {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        GgufBuffer u32(int v) {
            bytes.write(scratch.clear().putInt(v).array(), 0, 4);
            return this;
        }

        GgufBuffer u64(long v) {
            bytes.write(scratch.clear().putLong(v).array(), 0, 8);
            return this;
        }

        GgufBuffer f32(float v) {
            bytes.write(scratch.clear().putFloat(v).array(), 0, 4);
            return this;
        }

        GgufBuffer string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes.write(b, 0, b.length);
            return this;
        }

        long writeTo(OutputStream out) throws IOException {
            bytes.writeTo(out);
            return bytes.size();
        }
    }
}
