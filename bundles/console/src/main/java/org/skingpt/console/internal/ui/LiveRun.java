package org.skingpt.console.internal.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.StandardQuestionsListener;

/**
 * One answer run (the standard questions, or a follow-up) of a console consultation, independent of
 * the page that started it. It keeps the text generated so far, so that a page that reattaches after
 * the browser reloaded shows what was already written and streams the rest; the page that is gone is
 * simply no longer told. Only an explicit cancel stops generation: leaving the page does not, because the
 * answer is being written to the clinical record.
 */
final class LiveRun implements StandardQuestionsListener {

    /**
     * How a run ended: the consultation as the service holds it, and/or a message for the clinician
     * (the service's own, already in the consultation's language, or a console text looked up on the page
     * that shows it, in that user's language).
     */
    record Outcome(ConsultationRecord record, String messageKind, String message, String messageKey, Object[] args) {
        static Outcome of(ConsultationRecord record) {
            return new Outcome(record, "", "", null, new Object[0]);
        }

        static Outcome failed(String kind, String message) {
            return new Outcome(null, kind, message, null, new Object[0]);
        }

        static Outcome failedWith(String kind, String key, Object... args) {
            return new Outcome(null, kind, "", key, args);
        }

        boolean hasMessage() {
            return !messageKind.isEmpty();
        }

        /** The message; call on the page's UI thread (console texts are looked up in its language). */
        String text() {
            return messageKey == null ? message : Tr.t(messageKey, args);
        }
    }

    /** The page currently showing the run. */
    interface Viewer extends StandardQuestionsListener {
        void finished(Outcome outcome);
    }

    /** A section of the answer so far: its question and its text. */
    record Section(int index, String question, String text) {
    }

    private final List<String> questions = new ArrayList<>();
    private final List<StringBuilder> texts = new ArrayList<>();
    private final int firstSection;
    private int section;
    private Viewer viewer;
    private Outcome outcome;
    private volatile boolean cancelled;
    private volatile String consultationId;

    /**
     * @param firstSection the index the first text goes to (0 for the standard questions, the follow-up's
     *                     index otherwise)
     * @param question     the question of the first section when it is known now (a follow-up), or null
     */
    LiveRun(int firstSection, String question) {
        this.firstSection = firstSection;
        this.section = firstSection;
        if (question != null) {
            sectionAt(firstSection, question);
        }
    }

    @Override
    public void onQuestion(int index, String question) {
        Viewer v;
        synchronized (this) {
            section = index;
            sectionAt(index, question);
            v = viewer;
        }
        if (v != null) {
            v.onQuestion(index, question);
        }
    }

    @Override
    public void onText(String piece) {
        Viewer v;
        synchronized (this) {
            sectionAt(section, null).append(piece);
            v = viewer;
        }
        if (v != null) {
            v.onText(piece);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** The consultation the run answers in, once it is known (null before the service started it). */
    String consultationId() {
        return consultationId;
    }

    void consultationId(String id) {
        consultationId = id;
    }

    /** Whether the run answers the standard questions (not a follow-up). */
    boolean isStandardQuestions() {
        return firstSection == 0;
    }

    void cancel() {
        cancelled = true;
    }

    /** Ends the run and tells the page showing it, if any. */
    void finish(Outcome result) {
        Viewer v;
        synchronized (this) {
            outcome = result;
            v = viewer;
        }
        if (v != null) {
            v.finished(result);
        }
    }

    synchronized boolean isFinished() {
        return outcome != null;
    }

    /**
     * Shows the run on a page from now on. The page gets what was generated so far in {@code showSoFar}
     * before any later text (both under this run's lock, so nothing is lost or shown twice), and the
     * outcome at once if the run has ended meanwhile.
     */
    void attach(Viewer newViewer, Consumer<List<Section>> showSoFar) {
        Outcome ended;
        synchronized (this) {
            List<Section> sections = new ArrayList<>();
            for (int i = firstSection; i < firstSection + texts.size(); i++) {
                sections.add(new Section(i, questions.get(i - firstSection), texts.get(i - firstSection).toString()));
            }
            showSoFar.accept(sections);
            viewer = newViewer;
            ended = outcome;
        }
        if (ended != null) {
            newViewer.finished(ended);
        }
    }

    /** The page is gone (or another page took the run over): it is told nothing more. */
    synchronized void detach(Viewer oldViewer) {
        if (viewer == oldViewer) {
            viewer = null;
        }
    }

    synchronized int currentSection() {
        return section;
    }

    private StringBuilder sectionAt(int index, String question) {
        int slot = index - firstSection;
        while (texts.size() <= slot) {
            texts.add(new StringBuilder());
            questions.add("");
        }
        if (question != null) {
            questions.set(slot, question);
        }
        return texts.get(slot);
    }
}
