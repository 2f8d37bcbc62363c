package org.skingpt.training;

/**
 * How much each training step gets. {@code full} makes the shipped weights; {@code smoke} runs the
 * same code for a few steps (CI); the ablation plans move step 1's or step 2's budget to the other.
 *
 * @param trainImages     synthetic training images (generated once, then reused every epoch, the encoder seeing each
 *                        turned or mirrored at random)
 * @param lmSteps         step 0, decoder: language-model steps on the text corpus
 * @param lmBatch         documents per decoder pretraining step
 * @param lmDialogueSteps step 0, decoder: steps on text-only four-question dialogues (after the language-model
 *                        steps), where the decoder learns each condition's causes and treatment texts and that
 *                        they follow the condition its first answer named
 * @param vitSteps        step 0, encoder: condition/concept steps
 * @param vitBatch        images per encoder pretraining step
 * @param vitExtraSteps   step 0, encoder: a second cosine cycle (warm restart at 0.7x the peak learning rate)
 * @param vitFinalSteps   step 0, encoder: a third cosine cycle (warm restart at half the peak learning rate)
 * @param qformerSteps    step 0, Q-Former: condition/concept steps from the frozen ViT's features (batches of
 *                        {@code vitBatch}), so that steps 1 and 2 start from queries that already carry the
 *                        diagnosis, as MiniGPT-4 starts from BLIP-2's pretrained Q-Former
 * @param step1Steps      step 1 (concept alignment) steps
 * @param step2Steps      step 2 (diagnosis and dialogue) steps
 * @param alignBatch      single-turn dialogues per step-1/step-2 step
 * @param dialogueEvery   in step 2, every n-th batch is whole four-question dialogues with the image (0: never)
 * @param dialogueBatch   text-only four-question dialogues per step-0 dialogue batch
 * @param imageDialogueBatch four-question dialogues with the image per step-2 dialogue batch. With four or with
 *                        two, a batch whose longest English dialogue has about 725 tokens or more gave non-finite
 *                        gradients in the vision part every time here, and is skipped (docs/models.md); two
 *                        loses fewer dialogues that way
 * @param validationImages images of {@link DemoSpec#VALIDATION_SEED} on which the encoder's condition accuracy is
 *                        reported after each step-0 cycle (never trained on; a multiple of 66 keeps conditions and
 *                        skin types balanced)
 */
public record TrainingPlan(String name, int trainImages, int lmSteps, int lmBatch, int lmDialogueSteps, int vitSteps,
                           int vitBatch, int vitExtraSteps, int vitFinalSteps, int qformerSteps, int step1Steps, int step2Steps, int alignBatch,
                           int dialogueEvery, int dialogueBatch, int imageDialogueBatch, int validationImages) {

    public static TrainingPlan named(String name) {
        return switch (name) {
            case "full" -> new TrainingPlan("full", 16500, 300, 16, 300, 1500, 32, 2500, 2500, 1500, 400, 700, 12, 2, 4, 2, 660);
            case "probe" -> new TrainingPlan("probe", 330, 20, 16, 20, 20, 32, 10, 10, 20, 20, 20, 12, 2, 4, 2, 66);
            // The ablation budget: a quarter of full's steps 1+2, so that three variants fit one run.
            case "ablation" -> new TrainingPlan("ablation", 16500, 300, 16, 300, 1500, 32, 2500, 2500, 1500, 100, 175, 12, 2, 4, 2, 660);
            case "smoke" -> new TrainingPlan("smoke", 66, 3, 4, 2, 3, 8, 2, 2, 3, 3, 3, 4, 2, 2, 2, 66);
            default -> throw new IllegalArgumentException("unknown plan '" + name + "'; use full, ablation or smoke");
        };
    }

    /** Same budget for steps 1+2, all of it spent on step 2. */
    public TrainingPlan step2Only() {
        return new TrainingPlan(name + "/step2-only", trainImages, lmSteps, lmBatch, lmDialogueSteps, vitSteps, vitBatch,
                vitExtraSteps, vitFinalSteps, qformerSteps, 0, step1Steps + step2Steps, alignBatch, dialogueEvery, dialogueBatch, imageDialogueBatch, validationImages);
    }

    /** Same budget for steps 1+2, all of it spent on step 1. */
    public TrainingPlan step1Only() {
        return new TrainingPlan(name + "/step1-only", trainImages, lmSteps, lmBatch, lmDialogueSteps, vitSteps, vitBatch,
                vitExtraSteps, vitFinalSteps, qformerSteps, step1Steps + step2Steps, 0, alignBatch, dialogueEvery, dialogueBatch, imageDialogueBatch, validationImages);
    }
}
