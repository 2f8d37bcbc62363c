package org.skingpt.training;

/**
 * How much each training step gets. {@code full} makes the shipped weights; {@code smoke} runs the
 * same code for a few steps (CI); the ablation plans move step 1's or step 2's budget to the other.
 *
 * @param trainImages   synthetic training images (generated once, then reused every epoch)
 * @param lmSteps       step 0, decoder: language-model steps on the text corpus
 * @param lmBatch       documents per decoder pretraining step
 * @param vitSteps      step 0, encoder: condition/concept steps
 * @param vitBatch      images per encoder pretraining step
 * @param vitExtraSteps step 0, encoder: a second cosine cycle (warm restart at 0.7x the peak learning rate)
 * @param step1Steps    step 1 (concept alignment) steps
 * @param step2Steps    step 2 (diagnosis dialogue) steps
 * @param alignBatch    dialogues per step-1/step-2 step
 * @param dialogueEvery in step 2, every n-th batch is follow-up samples: the diagnosis turn, then additional
 *                      features, causes or treatment (0: never). The whole four-question dialogue as one
 *                      sample (about 700 tokens in English) gave non-finite losses here; follow-up samples
 *                      (every second batch) trained, but did not teach questions 3-4 within the budget and
 *                      cost concept recall (docs/models.md), so full and ablation keep 0.
 */
public record TrainingPlan(String name, int trainImages, int lmSteps, int lmBatch, int vitSteps, int vitBatch,
                           int vitExtraSteps, int step1Steps, int step2Steps, int alignBatch, int dialogueEvery) {

    public static TrainingPlan named(String name) {
        return switch (name) {
            case "full" -> new TrainingPlan("full", 6600, 300, 16, 1500, 32, 2500, 400, 700, 12, 0);
            case "probe" -> new TrainingPlan("probe", 330, 20, 16, 20, 32, 10, 20, 20, 12, 3);
            // The ablation budget: a quarter of full's steps 1+2, so that three variants fit one run.
            case "ablation" -> new TrainingPlan("ablation", 6600, 300, 16, 1500, 32, 2500, 100, 175, 12, 0);
            case "smoke" -> new TrainingPlan("smoke", 66, 3, 4, 3, 8, 2, 3, 3, 4, 3);
            default -> throw new IllegalArgumentException("unknown plan '" + name + "'; use full, ablation or smoke");
        };
    }

    /** Same budget for steps 1+2, all of it spent on step 2. */
    public TrainingPlan step2Only() {
        return new TrainingPlan(name + "/step2-only", trainImages, lmSteps, lmBatch, vitSteps, vitBatch, vitExtraSteps, 0,
                step1Steps + step2Steps, alignBatch, dialogueEvery);
    }

    /** Same budget for steps 1+2, all of it spent on step 1. */
    public TrainingPlan step1Only() {
        return new TrainingPlan(name + "/step1-only", trainImages, lmSteps, lmBatch, vitSteps, vitBatch, vitExtraSteps,
                step1Steps + step2Steps, 0, alignBatch, dialogueEvery);
    }
}
