package org.skingpt.console.internal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A reloaded page takes its consultation over; a consultation nobody looks at is closed once nothing is written. */
class LiveConsultationsTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final LiveConsultations live = new LiveConsultations(closed::add);
    private final Object oldPage = new Object();
    private final Object newPage = new Object();

    @Test
    void aReloadedPageTakesOverARunningConsultationAndTheOldPageClosesNothing() {
        LiveRun run = new LiveRun(0, null);
        live.hold("c1", "dr-a", oldPage);
        live.running("c1", run);

        LiveConsultations.Held held = live.claim("c1", "dr-a", newPage).orElseThrow();
        assertSame(run, held.run());
        // The old page's detach arrives after the new page attached (browsers do either order).
        live.release("c1", oldPage);
        live.runEnded("c1", run);
        assertEquals(List.of(), closed, "the new page holds it: it stays open for follow-ups");

        live.release("c1", newPage);
        assertEquals(List.of("c1"), closed);
        assertEquals(0, live.size());
    }

    @Test
    void aPageLeftInTheMiddleOfAnAnswerClosesTheConsultationWhenTheAnswerIsWritten() {
        LiveRun run = new LiveRun(0, null);
        live.hold("c2", "dr-a", oldPage);
        live.running("c2", run);
        live.release("c2", oldPage);
        assertEquals(List.of(), closed, "still writing its answer to the record");
        live.runEnded("c2", run);
        assertEquals(List.of("c2"), closed);
        assertTrue(live.claim("c2", "dr-a", newPage).isEmpty(), "closed: History shows it from the record");
    }

    @Test
    void anIdleConsultationIsClosedWhenItsPageIsLeft() {
        live.hold("c3", "dr-a", oldPage);
        live.release("c3", oldPage);
        assertEquals(List.of("c3"), closed);
    }

    @Test
    void onlyTheSameUserTakesAConsultationOver() {
        live.hold("c4", "dr-a", oldPage);
        assertTrue(live.claim("c4", "dr-b", newPage).isEmpty());
        assertTrue(live.claim("nope", "dr-a", newPage).isEmpty());
        assertTrue(live.claim(null, "dr-a", newPage).isEmpty());
        live.release("c4", newPage);
        assertEquals(List.of(), closed, "a page that never held it closes nothing");
    }

    @Test
    void cancellingClosesAtOnce() {
        LiveRun run = new LiveRun(0, null);
        live.hold("c5", "dr-a", oldPage);
        live.running("c5", run);
        live.closeNow("c5");
        assertEquals(List.of("c5"), closed);
        live.runEnded("c5", run);
        live.release("c5", oldPage);
        assertEquals(List.of("c5"), closed, "closed once");
    }

    @Test
    void aViewerAttachedMidAnswerGetsEveryPieceExactlyOnce() throws Exception {
        LiveRun run = new LiveRun(0, null);
        StringBuilder expected = new StringBuilder();
        CountDownLatch halfway = new CountDownLatch(1);
        Thread generator = new Thread(() -> {
            run.onQuestion(0, "q0");
            for (int i = 0; i < 20_000; i++) {
                if (i == 7_000) {
                    run.onQuestion(1, "q1");
                }
                run.onText(i % 10 == 0 ? " " : "x");
                if (i == 5_000) {
                    halfway.countDown();
                }
            }
            run.finish(LiveRun.Outcome.failed("info", "done"));
        });
        for (int i = 0; i < 20_000; i++) {
            expected.append(i % 10 == 0 ? " " : "x");
        }
        generator.start();
        halfway.await();
        List<StringBuilder> shown = new ArrayList<>(List.of(new StringBuilder(), new StringBuilder()));
        int[] section = {0};
        List<LiveRun.Outcome> ended = new ArrayList<>();
        LiveRun.Viewer viewer = new LiveRun.Viewer() {
            @Override
            public void onQuestion(int index, String question) {
                section[0] = index;
            }

            @Override
            public void onText(String piece) {
                shown.get(section[0]).append(piece);
            }

            @Override
            public void finished(LiveRun.Outcome outcome) {
                ended.add(outcome);
            }
        };
        run.attach(viewer, soFar -> {
            for (LiveRun.Section s : soFar) {
                shown.get(s.index()).append(s.text());
            }
            section[0] = run.currentSection();
        });
        generator.join();
        assertEquals(expected.toString(), shown.get(0).toString() + shown.get(1),
                "snapshot plus streamed pieces give the whole answer, nothing lost or doubled");
        assertEquals(7_000, shown.get(0).length());
        assertEquals(1, ended.size());
    }

    @Test
    void aDetachedViewerIsToldNothingMoreAndALateViewerGetsTheEnd() {
        LiveRun run = new LiveRun(4, "Is it contagious?");
        List<String> old = new ArrayList<>();
        LiveRun.Viewer oldViewer = viewer(old);
        run.attach(oldViewer, soFar -> { });
        run.onText("No");
        run.detach(oldViewer);
        run.onText(", it is not.");
        run.finish(LiveRun.Outcome.failed("info", "x"));
        assertEquals(List.of("No"), old);
        assertTrue(run.isFinished());

        List<String> late = new ArrayList<>();
        List<LiveRun.Section> soFar = new ArrayList<>();
        run.attach(viewer(late), soFar::addAll);
        assertEquals(List.of(new LiveRun.Section(4, "Is it contagious?", "No, it is not.")), soFar);
        assertEquals(List.of("<end>"), late);
        assertFalse(run.isStandardQuestions());
        assertNull(run.consultationId());
    }

    private static LiveRun.Viewer viewer(List<String> sink) {
        return new LiveRun.Viewer() {
            @Override
            public void onQuestion(int index, String question) {
            }

            @Override
            public void onText(String piece) {
                sink.add(piece);
            }

            @Override
            public void finished(LiveRun.Outcome outcome) {
                sink.add("<end>");
            }
        };
    }
}
