package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Carries an answer run from the generating thread to one page while it is generated. Pieces are
 * gathered and pushed at most every {@value #PUSH_INTERVAL_MILLIS} ms (one push per token would
 * flood the long-polling connection). The page going away does not stop generation (the answer is
 * being written to the clinical record, and a reloaded page reattaches to the {@link LiveRun}).
 */
final class AnswerStream implements LiveRun.Viewer {

    static final long PUSH_INTERVAL_MILLIS = 75;

    private final UI ui;
    private final IntConsumer sectionStarted;
    private final BiConsumer<Integer, String> textArrived;
    private final Consumer<LiveRun.Outcome> runEnded;
    private final StringBuilder pending = new StringBuilder();
    private int section;
    private long lastPush;

    /**
     * @param ui             the page to update
     * @param firstSection   section the first text goes to when no question start is announced
     * @param sectionStarted runs in the UI when a standard question starts (its index)
     * @param textArrived    runs in the UI with a section index and the text that arrived for it
     * @param runEnded       runs in the UI when the run has ended, after the last text
     */
    AnswerStream(UI ui, int firstSection, IntConsumer sectionStarted, BiConsumer<Integer, String> textArrived,
                 Consumer<LiveRun.Outcome> runEnded) {
        this.ui = ui;
        this.section = firstSection;
        this.sectionStarted = sectionStarted;
        this.textArrived = textArrived;
        this.runEnded = runEnded;
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
    public synchronized void finished(LiveRun.Outcome outcome) {
        flush();
        push(() -> runEnded.accept(outcome));
    }

    /** Only the run decides about cancelling; a viewer never stops it. */
    @Override
    public boolean isCancelled() {
        return false;
    }

    private void push(Runnable command) {
        try {
            ui.access(command::run);
        } catch (UIDetachedException e) {
            // The page is gone; a reloaded one reattaches to the run and gets the text from there.
        }
    }
}
