package org.skingpt.training;

import org.skingpt.vision.internal.VisionConfig;

/** The demo encoder's input configuration (size, normalisation), from its hyper-parameters. */
record ImagePreprocessing(VisionConfig config) {

    static ImagePreprocessing forDemo() {
        return new ImagePreprocessing(VisionConfig.fromHyperParameters(DemoSpec.visionHyperParameters(
                (Integer) DemoSpec.llamaHyperParameters(DemoTrainer.VOCAB).get("hidden_size"))));
    }
}
