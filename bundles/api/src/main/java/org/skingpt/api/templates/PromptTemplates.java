package org.skingpt.api.templates;

import java.util.List;
import java.util.Locale;
import org.osgi.annotation.versioning.ProviderType;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.inference.ConsistencyConstraint;
import org.skingpt.api.inference.ImageFinding;

/**
 * The conversation format and wording of one language, supplied by a locale bundle.
 *
 * <p>The SkinGPT-4 format: {@link #systemPrompt()}, then for the first question
 * {@code ###Human: <Img><ImageHere></Img> question} and {@link #assistantPrefix()}; follow-ups are
 * {@code ###Human: question} and the prefix. A consultation sends the concatenation, split at each
 * {@code <ImageHere>} where the image's visual tokens go, as separate text parts.
 */
@ProviderType
public interface PromptTemplates {

    /** Marks where an image's visual tokens go in {@link #humanTurn}. */
    String IMAGE_PLACEHOLDER = "<ImageHere>";

    /**
     * Manifest header that makes a bundle a locale bundle: the path of its locale file inside the bundle, for
     * example {@code SkinGPT-Locale: locale.properties}. The locale extender registers a
     * {@code PromptTemplates} service for every started bundle that has it.
     *
     * @since 0.3
     */
    String LOCALE_HEADER = "SkinGPT-Locale";

    /**
     * Service property of every {@code PromptTemplates} service: the BCP 47 tag of the language it serves
     * ({@link #locale()}), for example {@code en} or {@code zh-CN}. Select with {@code (skingpt.locale=zh-CN)}
     * without getting the service object.
     *
     * @since 0.3
     */
    String LOCALE = "skingpt.locale";

    /**
     * Service property: the version of the locale bundle that supplies the service ({@link #version()}).
     *
     * @since 0.3
     */
    String LOCALE_VERSION = "skingpt.locale.version";

    /**
     * Service property: the Bundle-SymbolicName of the locale bundle that supplies the service.
     *
     * @since 0.3
     */
    String LOCALE_BUNDLE = "skingpt.locale.bundle";

    /** Language this bundle serves, for example {@code en} or {@code zh-CN}. */
    Locale locale();

    /** Version of the bundle that supplies these templates, recorded with every answer. */
    String version();

    /** System text that opens every conversation. */
    String systemPrompt();

    /**
     * Text of one human turn; {@link #IMAGE_PLACEHOLDER} in it marks where images are spliced in,
     * once per image given for that turn ({@code images} is 0 for a follow-up question).
     */
    String humanTurn(String question, int images);

    /** Text that opens the assistant's turn. */
    String assistantPrefix();

    /** Strings at which the assistant's turn ends. */
    List<String> stopStrings();

    /** The four questions of the paper's interactive flow, in this language. */
    List<String> standardQuestions();

    /**
     * Reads the structured findings from the answers to the four {@link #standardQuestions()}, in
     * order: the likely diagnosis and differential named in them (with this language's vocabulary of
     * conditions), whether a malignant condition is suspected, and the referral and disclaimer lines.
     *
     * @throws IllegalArgumentException unless exactly four answers are given
     */
    Findings findings(List<String> standardAnswers);

    /**
     * User-facing message or report wording for {@code key}, with {@code {0}}, {@code {1}}, ...
     * replaced by the arguments; the key itself when this bundle has no such text.
     */
    String message(String key, Object... arguments);

    /** Whether this bundle has a text for {@code key}. */
    boolean hasMessage(String key);

    /**
     * What the next answer must keep to, given the answers the conversation has already had: the locale's
     * statement groups (the {@code consistency.*} keys of its file) with the values those answers stated, for
     * the questions the locale keeps consistent ({@code consistency.questions}, or a group's own
     * {@code consistency.<group>.questions}); a group with {@code consistency.<group>.unestablished=refused} that the
     * earlier answers left open (with {@code consistency.<group>.established=finding}: that its image finding is not
     * sure of) is in it with no values (the answer is not to state it). {@link
     * ConsistencyConstraint#NONE} for other questions, when nothing is established or refused (as for the first
     * answer, without findings), and when the locale states no groups.
     *
     * @param question       the standard question the answer is to (1 to 4, as {@code question.1} ... {@code
     *                       question.4} number them), or 0 for a follow-up question
     * @param earlierAnswers the conversation's answers so far, oldest first
     */
    default ConsistencyConstraint consistency(int question, List<String> earlierAnswers) {
        return ConsistencyConstraint.NONE;
    }

    /**
     * {@link #consistency(int, List)}, where groups the earlier answers left open may also be established by
     * what the image encoder read from the consultation's images (groups with a {@code consistency.<group>.finding}
     * key, only a finding at least as probable as its {@code finding.probability}); the answers' own statements
     * come first. Findings may so constrain the first answer too, in the groups that keep it. Without such groups,
     * the same as the two-argument method.
     *
     * @param findings what the encoder's heads read from the consultation's images (may be empty)
     */
    default ConsistencyConstraint consistency(int question, List<String> earlierAnswers,
                                              List<ImageFinding> findings) {
        return consistency(question, earlierAnswers);
    }
}
