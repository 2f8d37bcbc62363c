// In the language bundle's package so that it can drive the decoder's package-private forward pass
// (LlamaModel.embed / newCache / forward) exactly as HuggingFaceParityTest does. Compiled by
// prepare.sh against the built jars; never part of a bundle.
package org.skingpt.language.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.LibUtils;
import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.skingpt.nn.Weights;
import org.skingpt.runtime.LibtorchInUse;
import org.skingpt.runtime.djl.internal.ExpectedLibtorch;
import org.skingpt.runtime.djl.internal.LibtorchDirectoryCheck;
import org.skingpt.runtime.djl.internal.LibtorchSelection;

/**
 * The GPU device check: the runtime's libtorch check on a CUDA libtorch directory, the engine
 * loaded from it, the tiny parity Llama run on the GPU and on the CPU, logits compared with each
 * other and with those Hugging Face transformers recorded. Prints one line per check and PASS/FAIL.
 *
 * <p>Usage: {@code GpuCheck LIBTORCH_DIR HOME [--cpu-dry-run]}; HOME holds {@code model/} and is where
 * DJL's cache goes ({@code work/djl}). {@code --cpu-dry-run} runs every step with the CPU in place of
 * the GPU: it checks the kit, not a GPU.
 */
public final class GpuCheck {

    /** Relative tolerance for GPU against CPU logits (float32; cuBLAS sums in another order). */
    private static final double TOLERANCE = 1e-3;

    private final List<String> results = new ArrayList<>();
    private boolean failed;

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args[0].isBlank()) {
            System.out.println("FAIL: the check needs a CUDA libtorch directory: run.sh /path/to/libtorch");
            System.exit(2);
        }
        boolean dryRun = args.length > 2 && args[2].equals("--cpu-dry-run");
        System.exit(new GpuCheck().run(args[0], Path.of(args[1]), dryRun) ? 0 : 1);
    }

    private boolean run(String libtorchDir, Path home, boolean dryRun) throws Exception {
        // As etc/system.properties sets them in the distribution: nothing is downloaded, no telemetry.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("DJL_CACHE_DIR", home.resolve("work/djl").toString());
        System.setProperty("ENGINE_CACHE_DIR", home.resolve("work/djl").toString());
        System.setProperty("ai.djl.default_engine", "PyTorch");
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");

        // 1. The runtime's own check, as DjlRuntimeComponent runs it before the engine loads.
        ExpectedLibtorch expected = ExpectedLibtorch.read(GpuCheck.class.getClassLoader());
        LibtorchSelection selection = LibtorchSelection.prepare(expected, libtorchDir, System::getenv, System.getProperties());
        LibtorchDirectoryCheck.Verdict verdict = selection.verdict();
        if (verdict == null) {
            report(false, "runtime check", "PYTORCH_LIBRARY_PATH is set in the environment; unset it and run again");
            return summary(dryRun);
        }
        report(verdict.accepted(), "runtime check", verdict.accepted()
                ? "libtorch " + verdict.version() + " (" + verdict.flavor() + ") in " + verdict.libraryDirectory()
                        + ", as DJL " + expected.djlVersion() + " expects " + expected.version()
                : verdict.problem());
        if (!verdict.accepted()) {
            return summary(dryRun); // the kit carries no embedded CPU build to fall back to
        }
        if (!dryRun && !verdict.flavor().startsWith("cu")) {
            report(false, "CUDA build", "flavor " + verdict.flavor() + " is not a CUDA build");
            return summary(dryRun);
        }

        // 2. The engine, loaded from that directory.
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            report(false, "engine", "libtorch did not load: " + e);
            return summary(dryRun);
        }
        int gpus = engine.getGpuCount();
        LibtorchInUse inUse = selection.report(LibUtils.getLibtorchPath(), engine.getVersion(), gpus, "");
        report(inUse.source() == LibtorchInUse.Source.CONFIGURED_DIRECTORY && (dryRun || !inUse.hasProblem()), "engine",
                "PyTorch " + engine.getVersion() + " from " + inUse.directory() + ", " + gpus + " GPU(s)"
                        + (inUse.hasProblem() ? ": " + inUse.problem() : ""));
        if (!dryRun && gpus == 0) {
            return summary(dryRun);
        }
        Device target = dryRun ? Device.cpu() : Device.gpu(0);

        // 3. The tiny parity Llama, on the target device and on the CPU, against transformers' logits.
        Path model = home.resolve("model");
        float[] onCpu;
        float[] onTarget;
        float[] golden;
        long[] ids;
        try (NDManager goldenManager = NDManager.newBaseManager(Device.cpu());
             Weights goldenWeights = Weights.open(goldenManager, DataType.FLOAT32, List.of(model.resolve("llama_golden.safetensors")))) {
            ids = goldenWeights.get("input_ids", 12).toType(DataType.INT64, false).toLongArray();
            LlamaConfig config = config(model);
            golden = goldenWeights.get("logits", 12, config.vocabSize()).toFloatArray();
            onCpu = logits(model, config, Device.cpu(), ids);
            onTarget = logits(model, config, target, ids);
        } catch (RuntimeException e) {
            report(false, "model on " + target, "the tiny Llama did not run: " + e);
            return summary(dryRun);
        }
        report(true, "model on " + target, "tiny Llama loaded, forward pass over " + ids.length + " tokens");
        compare("logits " + target + " vs cpu()", onCpu, onTarget);
        compare("logits " + target + " vs transformers", golden, onTarget);
        return summary(dryRun);
    }

    @SuppressWarnings("unchecked")
    private static LlamaConfig config(Path model) throws java.io.IOException {
        Map<String, Object> hyper = new Gson().fromJson(Files.readString(model.resolve("llama_tiny_config.json")), Map.class);
        return LlamaConfig.fromHyperParameters(hyper);
    }

    /** Logits of every position, computed on {@code device}. */
    private static float[] logits(Path model, LlamaConfig config, Device device, long[] ids) {
        Weights weights = Weights.open(NDManager.newBaseManager(device), DataType.FLOAT32,
                List.of(model.resolve("llama_tiny.safetensors")));
        try (LlamaModel llama = LlamaModel.load(config, weights, DataType.FLOAT32);
             NDManager scope = llama.manager().newSubManager()) {
            NDArray probe = scope.zeros(new ai.djl.ndarray.types.Shape(1));
            if (!probe.getDevice().equals(device)) {
                throw new IllegalStateException("arrays landed on " + probe.getDevice() + ", not " + device);
            }
            KvCache cache = llama.newCache(scope);
            cache.reserve(ids.length);
            return llama.forward(llama.embed(ids, scope), cache, true);
        }
    }

    private void compare(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            report(false, what, "lengths differ: " + expected.length + " and " + actual.length);
            return;
        }
        double maxError = 0;
        double maxValue = 0;
        for (int i = 0; i < expected.length; i++) {
            maxError = Math.max(maxError, Math.abs(expected[i] - actual[i]));
            maxValue = Math.max(maxValue, Math.abs(expected[i]));
        }
        double allowed = TOLERANCE * Math.max(1, maxValue);
        report(maxError <= allowed && maxValue > 0.5, what, String.format("max abs difference %.2e (allowed %.2e, max |logit| %.3f)",
                maxError, allowed, maxValue));
    }

    private void report(boolean ok, String what, String detail) {
        failed |= !ok;
        String line = (ok ? "PASS " : "FAIL ") + what + ": " + detail;
        results.add(line);
        System.out.println(line);
    }

    private boolean summary(boolean dryRun) {
        System.out.println();
        System.out.println("==== SkinGPT GPU check" + (dryRun ? " (CPU DRY RUN: checks the kit, not a GPU)" : "") + " ====");
        results.forEach(r -> System.out.println("  " + r));
        System.out.println("RESULT: " + (failed ? "FAIL" : "PASS"));
        return !failed;
    }
}
