package org.skingpt.runtime.djl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DjlInferenceRuntimeTest {

    private final Engine engine = Engine.getEngine("PyTorch");
    private final DjlInferenceRuntime runtime = new DjlInferenceRuntime(engine, Device.cpu());

    @Test
    void computesADotProduct() {
        assertEquals(32.0, runtime.dot(new float[] {1, 2, 3}, new float[] {4, 5, 6}), 0.0);
    }

    /** What a model and one of its conversations hold counts while they are open, and not after. */
    @Test
    void countsTheArraysOfEveryOpenManagerAndSubManager() {
        long before = runtime.liveNativeArrays();
        try (NDManager model = engine.newBaseManager(Device.cpu())) {
            model.create(new float[] {1, 2});
            NDManager conversation = model.newSubManager();
            conversation.create(1f);
            conversation.create(new float[] {3, 4, 5});
            NDManager other = NDManager.newBaseManager(Device.cpu());
            other.create(2f);
            assertEquals(before + 4, runtime.liveNativeArrays());
            conversation.close();
            assertEquals(before + 2, runtime.liveNativeArrays());
            other.close();
            assertEquals(before + 1, runtime.liveNativeArrays());
        }
        assertEquals(before, runtime.liveNativeArrays());
    }
}
