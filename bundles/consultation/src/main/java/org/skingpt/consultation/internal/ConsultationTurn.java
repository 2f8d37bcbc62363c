package org.skingpt.consultation.internal;

import java.util.List;
import org.skingpt.api.inference.ConsistencyConstraint;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.templates.PromptTemplates;

/**
 * What a consultation hands the language model for one question: the prompt parts (the locale
 * bundle's conversation format, the images' visual tokens in place of their placeholders on the
 * first turn) and the generation settings (the configured ones, the answer length cut to the
 * context left, and the locale's consistency constraint given the earlier answers).
 *
 * <p>Public, though internal, for one outside user: the demo model's expected-answer tool
 * ({@code models/demo-training}, {@code SampleAnswers}) builds its turns here, so that the answers
 * it records in {@code models/samples/expected-answers.tsv} are computed as a consultation in the
 * distribution computes them, and the integration test can demand them exactly.
 *
 * @param prompt        the parts to generate from
 * @param settings      the settings of this answer
 * @param positionsLeft positions of the model's context left for the answer
 */
public record ConsultationTurn(List<PromptPart> prompt, GenerationSettings settings, int positionsLeft) {

    /** Shortest answer worth starting; with less context left the consultation is full. */
    public static final int MIN_ANSWER_TOKENS = 32;

    public ConsultationTurn {
        prompt = List.copyOf(prompt);
    }

    /** Whether too little context is left for an answer: the consultation is full. */
    public boolean full() {
        return positionsLeft < MIN_ANSWER_TOKENS;
    }

    /**
     * The next turn of a conversation.
     *
     * @param conversation the consultation's conversation (its first turn carries the images)
     * @param model        the language model the conversation belongs to (to count prompt tokens)
     * @param templates    the consultation's locale bundle
     * @param images       the consultation's encoded images
     * @param question     the question, stripped
     * @param configured   the configured settings ({@link #configuredSettings})
     * @param number       the standard question's number (1 to 4), 0 for a follow-up
     * @param earlier      the answers the new one must not contradict (the consultation's answers so far, none
     *                     for the first), with what the encoder read from the images
     *                     ({@link ImageEmbedding#findings()}); {@code null} when the configuration turns the
     *                     consistency constraint off: then nothing constrains the answer
     */
    public static ConsultationTurn next(Conversation conversation, LanguageModel model, PromptTemplates templates,
                                        List<ImageEmbedding> images, String question, GenerationSettings configured,
                                        int number, List<String> earlier) {
        List<PromptPart> prompt = Transcript.question(templates, question, images, conversation.positionsUsed() == 0);
        // The answer may use what is left of the model's context, up to the configured length.
        int promptPositions = 1;
        for (PromptPart part : prompt) {
            promptPositions += part instanceof PromptPart.Text text ? model.countTokens(text.text())
                    : part instanceof PromptPart.Image image ? image.embedding().tokens() : 1;
        }
        int left = conversation.contextLength() - conversation.positionsUsed() - promptPositions;
        GenerationSettings settings = new GenerationSettings(Math.max(1, Math.min(configured.maxNewTokens(), left)),
                configured.temperature(), configured.topK(), configured.topP(), configured.repetitionPenalty(),
                configured.seed(), templates.stopStrings(), earlier == null ? ConsistencyConstraint.NONE
                        : templates.consistency(number, earlier, images.stream().flatMap(i -> i.findings().stream()).toList()));
        return new ConsultationTurn(prompt, settings, left);
    }

    /**
     * The generation settings a configuration gives (invalid values replaced by their defaults, as the
     * service does).
     */
    public static GenerationSettings configuredSettings(ConsultationConfig config) {
        return Limits.from(config, Limits.problems()).settings();
    }
}
