package org.skingpt.consultation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.templates.PromptTemplates;

/**
 * What the language model reads in a consultation: the first question with the images in the locale
 * bundle's conversation template, each later question as one more human turn, and — for a consultation
 * read back from the clinical record — the whole stored transcript, so that the rebuilt conversation
 * holds what the original one held.
 */
final class Transcript {

    private Transcript() {
    }

    /** The prompt of a question: with the system text and the images on the first turn. */
    static List<PromptPart> question(PromptTemplates t, String question, List<ImageEmbedding> images, boolean firstTurn) {
        List<PromptPart> prompt = new ArrayList<>();
        if (!firstTurn) {
            prompt.add(PromptPart.text(t.humanTurn(question, 0) + t.assistantPrefix()));
            return prompt;
        }
        String text = t.systemPrompt() + t.humanTurn(question, images.size()) + t.assistantPrefix();
        String[] pieces = text.split(Pattern.quote(PromptTemplates.IMAGE_PLACEHOLDER), -1);
        for (int i = 0; i < pieces.length; i++) {
            if (!pieces[i].isEmpty()) {
                prompt.add(PromptPart.text(pieces[i]));
            }
            if (i < pieces.length - 1) {
                prompt.add(PromptPart.image(images.get(Math.min(i, images.size() - 1))));
            }
        }
        return prompt;
    }

    /**
     * Every stored question and answer, in order, as the model read and wrote them. An answer that
     * ended on a stop string had that string generated too (the conversation keeps it, the answer text
     * does not), so it is put back; so is the end-of-sequence token of an answer the model ended with it.
     */
    static List<PromptPart> replay(PromptTemplates t, List<ImageEmbedding> images, List<Answer> answers,
                                   List<StopReason> stopReasons) {
        List<PromptPart> parts = new ArrayList<>();
        String stop = t.stopStrings().isEmpty() ? "" : t.stopStrings().get(0);
        for (int i = 0; i < answers.size(); i++) {
            parts.addAll(question(t, answers.get(i).question(), images, i == 0));
            String said = answers.get(i).text();
            if (stopReasons.get(i) == StopReason.STOP_STRING) {
                said += stop;
            }
            if (!said.isEmpty()) {
                parts.add(PromptPart.text(said));
            }
            if (stopReasons.get(i) == StopReason.END_OF_SEQUENCE) {
                // The model ended the answer with its end-of-sequence token, which the conversation kept (as the
                // model was trained: each answer ends with it); without it the next answer could differ.
                parts.add(PromptPart.endOfSequence());
            }
        }
        return parts;
    }
}
