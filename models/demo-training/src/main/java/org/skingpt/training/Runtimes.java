package org.skingpt.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Starts libtorch the way the product does: offline, no telemetry, a fixed number of threads. */
final class Runtimes {

    private Runtimes() {
    }

    static void configure(int threads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        System.setProperty("java.awt.headless", "true");
        Engine.getEngine("PyTorch");
        // Outside a gradient collector nothing records a graph (feature extraction, evaluation), and
        // the optimiser may update parameters in place.
        JniUtils.setGradMode(false);
    }
}
