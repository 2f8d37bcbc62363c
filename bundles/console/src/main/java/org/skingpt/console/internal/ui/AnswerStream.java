package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import org.skingpt.api.consultation.StandardQuestionsListener;

/**
 * Carries an answer from the generating thread to the page while it is generated. Pieces are
 * gathered and pushed at most every {@value #PUSH_INTERVAL_MILLIS} ms (one push per token would
 * flood the long-polling connection); cancelling, or the page going away, stops generation within
 * one token.
 */
final class AnswerStream implements StandardQuestionsListener {

    static final long PUSH_INTERVAL_MILLIS = 75;

    private final UI ui;
    private final IntConsumer sectionStarted;
    private final BiConsumer<Integer, String> textArrived;
    private final StringBuilder pending = new StringBuilder();
    private volatile boolean cancelled;
    private int section;
    private long lastPush;

    /**
     * @param ui             the page to update
     * @param firstSection   section the first text goes to when no question start is announced
     * @param sectionStarted runs in the UI when a standard question starts (its index)
     * @param textArrived    runs in the UI with a section index and the text that arrived for it
     */
    AnswerStream(UI ui, int firstSection, IntConsumer sectionStarted, BiConsumer<Integer, String> textArrived) {
        this.ui = ui;
        this.section = firstSection;
        this.sectionStarted = sectionStarted;
        this.textArrived = textArrived;
    }

    @Override
    public synchronized void onQuestion(int index, String question) {
        flush();
        section = index;
        push(() -> sectionStarted.accept(index));
    }

    @Override
    public synchronized void onText(String piece) {
        pending.append(piece);
        long now = System.nanoTime();
        if (now - lastPush >= PUSH_INTERVAL_MILLIS * 1_000_000) {
            flush();
            lastPush = now;
        }
    }

    /** Sends what has not been shown yet. */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        String text = pending.toString();
        pending.setLength(0);
        int target = section;
        push(() -> textArrived.accept(target, text));
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    private void push(Runnable command) {
        try {
            ui.access(command::run);
        } catch (UIDetachedException e) {
            // The clinician left the page: nobody reads this answer any more.
            cancelled = true;
        }
    }
}
