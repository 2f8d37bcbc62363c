package org.skingpt.api.templates;

import java.util.List;
import java.util.Locale;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The conversation format and wording of one locale, supplied by a locale bundle.
 * The SkinGPT-4 format is: system text, then turns {@code ###Human: <Img><ImageHere></Img> question###Assistant:}.
 */
@ConsumerType
public interface PromptTemplates {

    /** Language this bundle serves, for example {@code en} or {@code zh-CN}. */
    Locale locale();

    /** Version of the bundle that supplies these templates, recorded with every answer. */
    String version();

    /** System text that opens every conversation. */
    String systemPrompt();

    /**
     * Text of one human turn; {@code <ImageHere>} in it marks where images are spliced in, once per
     * image given for that turn.
     */
    String humanTurn(String question, int images);

    /** Text that opens the assistant's turn. */
    String assistantPrefix();

    /** Strings at which the assistant's turn ends. */
    List<String> stopStrings();

    /** The four questions of the paper's interactive flow, in this language. */
    List<String> standardQuestions();

    /** User-facing message for {@code key}, or the key itself when missing. */
    String message(String key, Object... arguments);
}
