package org.skingpt.api.consultation;

import org.osgi.annotation.versioning.ConsumerType;
import org.skingpt.api.inference.GenerationListener;

/**
 * A {@link GenerationListener} for {@link ConsultationService#runStandardQuestions}: also told when
 * each of the four questions starts, so that a user interface can stream every answer into its own
 * section.
 */
@ConsumerType
public interface StandardQuestionsListener extends GenerationListener {

    /**
     * Called on the generating thread before the answer to a standard question streams.
     *
     * @param index    0 to 3, in the order of the paper's interactive flow
     * @param question the question as asked, in the consultation's language
     */
    void onQuestion(int index, String question);
}
