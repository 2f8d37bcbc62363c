package org.skingpt.console.internal.ui;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The consultations the console's pages hold open on this server, by identifier, with the page that
 * holds each and the answer run in progress. A reloaded page claims its consultation again (same user
 * only) and reattaches to the run; a consultation whose page is gone is closed when nothing more is
 * being written to it (at once, or when its run ends). Closed consultations stay readable and can be
 * reopened from the clinical record (the History page).
 */
public final class LiveConsultations {

    /** What the console holds of one consultation. */
    static final class Held {
        final String id;
        final String user;
        private Object holder;
        private LiveRun run;

        private Held(String id, String user, Object holder) {
            this.id = id;
            this.user = user;
            this.holder = holder;
        }

        synchronized LiveRun run() {
            return run;
        }
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Consumer<String> close;

    /** @param close closes a consultation in the consultation service (identifiers of held consultations only) */
    public LiveConsultations(Consumer<String> close) {
        this.close = close;
    }

    /** A page started (or reopened) a consultation and holds it. */
    void hold(String id, String user, Object page) {
        held.put(id, new Held(id, user, page));
    }

    /** An answer run starts in a held consultation. */
    void running(String id, LiveRun run) {
        Held h = held.get(id);
        if (h != null) {
            synchronized (h) {
                h.run = run;
            }
        }
    }

    /**
     * An answer run ended. If no page holds the consultation any more it is closed now: nobody is
     * looking, and its answers are in the clinical record.
     */
    void runEnded(String id, LiveRun run) {
        Held h = held.get(id);
        if (h == null) {
            return;
        }
        boolean closeNow;
        synchronized (h) {
            if (h.run == run) {
                h.run = null;
            }
            closeNow = h.holder == null && h.run == null;
        }
        if (closeNow && held.remove(id, h)) {
            close.accept(id);
        }
    }

    /**
     * A page takes over a consultation held on this server: the same user's reloaded page (or second tab).
     *
     * @return what is held, or empty when this server holds no such consultation for this user
     */
    Optional<Held> claim(String id, String user, Object page) {
        Held h = id == null ? null : held.get(id);
        if (h == null || !h.user.equals(user)) {
            return Optional.empty();
        }
        synchronized (h) {
            h.holder = page;
        }
        return Optional.of(h);
    }

    /**
     * A page lets go of a consultation (it was left, or the clinician started a new one). Closes it now
     * unless another page took it over or an answer is still being written (then {@link #runEnded} closes it).
     */
    void release(String id, Object page) {
        Held h = id == null ? null : held.get(id);
        if (h == null) {
            return;
        }
        boolean closeNow;
        synchronized (h) {
            if (h.holder != page) {
                return;
            }
            h.holder = null;
            closeNow = h.run == null;
        }
        if (closeNow && held.remove(id, h)) {
            close.accept(id);
        }
    }

    /** Ends a consultation at once (cancel): forgets it and closes it. */
    void closeNow(String id) {
        if (id != null) {
            held.remove(id);
            close.accept(id);
        }
    }

    /** How many consultations the console holds open (for tests and status). */
    public int size() {
        return held.size();
    }
}
