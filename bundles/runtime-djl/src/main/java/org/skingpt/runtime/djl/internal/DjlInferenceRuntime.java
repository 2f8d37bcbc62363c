package org.skingpt.runtime.djl.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.runtime.LibtorchInUse;

/** The readiness service: registered only after the engine has computed something. */
final class DjlInferenceRuntime implements InferenceRuntime {

    private final Engine engine;
    private volatile Device device;
    private volatile LibtorchInUse libtorch;

    DjlInferenceRuntime(Engine engine, Device device) {
        this.engine = engine;
        this.device = device;
        this.libtorch = new LibtorchInUse(LibtorchInUse.Source.UNKNOWN, "", engine.getVersion(), "", "", "");
    }

    void setLibtorch(LibtorchInUse libtorch) {
        this.libtorch = libtorch;
    }

    @Override
    public LibtorchInUse libtorch() {
        return libtorch;
    }

    void setDevice(Device device) {
        this.device = device;
    }

    @Override
    public String engineName() {
        return engine.getEngineName();
    }

    @Override
    public String engineVersion() {
        return engine.getVersion();
    }

    @Override
    public String bindingVersion() {
        return Engine.getDjlVersion();
    }

    @Override
    public String defaultDevice() {
        // DJL's own name form ("cpu", "gpu0"), which Device.fromName parses back.
        Device d = device;
        return d.isGpu() ? "gpu" + d.getDeviceId() : "cpu";
    }

    @Override
    public int gpuCount() {
        return engine.getGpuCount();
    }

    @Override
    public int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    @Override
    public int interOpThreads() {
        return JniUtils.getNumInteropThreads();
    }

    @Override
    public double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dot needs arrays of equal length, got " + a.length + " and " + b.length);
        }
        try (NDManager manager = engine.newBaseManager(device)) {
            NDArray x = manager.create(a);
            NDArray y = manager.create(b);
            return x.mul(y).sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        }
    }

    /**
     * Every manager the engine hands out ({@code NDManager.newBaseManager}, which is how models
     * get theirs) is a sub-manager of the engine's one root manager, which DJL does not expose but
     * every base manager names as its parent; the root's managed arrays are those of all open
     * managers, recursively. The probe manager holds nothing and is closed again.
     */
    @Override
    public long liveNativeArrays() {
        try (NDManager probe = engine.newBaseManager(device)) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
