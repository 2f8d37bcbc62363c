package org.skingpt.consultation.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.BusyException;

class CapacityGateTest {

    private static Limits limits(int maxOpen, int maxConcurrent, int queueWaitMillis) {
        Limits d = Limits.DEFAULTS;
        return new Limits(maxOpen, maxConcurrent, queueWaitMillis, d.idleMinutes(), d.maxImages(),
                d.maxQuestionChars(), d.settings(), true);
    }

    @Test
    void admitsConsultationsUpToTheOpenLimitThenSaysBusyInTheConsultationsLanguage() {
        CapacityGate gate = new CapacityGate(limits(2, 1, 0));
        assertDoesNotThrow(() -> gate.admit(0, () -> "busy"));
        assertDoesNotThrow(() -> gate.admit(1, () -> "busy"));
        BusyException e = assertThrows(BusyException.class, () -> gate.admit(2, () -> "繁忙"));
        assertEquals("繁忙", e.getMessage());
    }

    @Test
    void givesOutTheConfiguredSlotsThenRefusesAfterTheQueueWaitInsteadOfQueueing() {
        CapacityGate gate = new CapacityGate(limits(64, 2, 50));
        CapacityGate.Slot a = gate.acquire(() -> "busy");
        CapacityGate.Slot b = gate.acquire(() -> "busy");
        long start = System.nanoTime();
        BusyException e = assertThrows(BusyException.class, () -> gate.acquire(() -> "the assistant is busy"));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("the assistant is busy", e.getMessage());
        assertTrue(waitedMillis >= 40, "waited the queue wait first: " + waitedMillis + " ms");
        a.close();
        assertDoesNotThrow(() -> gate.acquire(() -> "busy").close());
        b.close();
        assertEquals(2, gate.available());
    }

    @Test
    void aSlotIsGivenBackOnceHoweverOftenItIsClosed() {
        CapacityGate gate = new CapacityGate(limits(64, 1, 0));
        CapacityGate.Slot slot = gate.acquire(() -> "busy");
        slot.close();
        slot.close();
        assertEquals(1, gate.available(), "closing twice must not create a second slot");
    }

    @Test
    void aWaitingCallerGetsTheSlotThatComesFreeWithinTheQueueWait() throws Exception {
        CapacityGate gate = new CapacityGate(limits(64, 1, 10_000));
        CapacityGate.Slot held = gate.acquire(() -> "busy");
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<CapacityGate.Slot> next = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return gate.acquire(() -> "busy");
        });
        waiting.await();
        held.close();
        next.get(10, TimeUnit.SECONDS).close();
        assertEquals(1, gate.available());
    }

    @Test
    void anInterruptedWaitIsBusyAndKeepsTheInterrupt() {
        CapacityGate gate = new CapacityGate(limits(64, 1, 10_000));
        CapacityGate.Slot held = gate.acquire(() -> "busy");
        Thread.currentThread().interrupt();
        try {
            assertThrows(BusyException.class, () -> gate.acquire(() -> "busy"));
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
            held.close();
        }
    }

    @Test
    void aNewNumberOfSlotsAppliesToTheNextCallerAndOldSlotsGoBackWhereTheyCameFrom() {
        CapacityGate gate = new CapacityGate(limits(64, 1, 0));
        CapacityGate.Slot old = gate.acquire(() -> "busy");
        gate.configure(limits(64, 3, 0));
        assertEquals(3, gate.available());
        CapacityGate.Slot a = gate.acquire(() -> "busy");
        old.close(); // back to the old semaphore, not a fourth slot in the new one
        assertEquals(2, gate.available());
        a.close();
        gate.configure(limits(64, 3, 25)); // same number of slots: the semaphore (and slots taken) stay
        CapacityGate.Slot b = gate.acquire(() -> "busy");
        assertEquals(2, gate.available());
        b.close();
    }

    @Test
    void aNewOpenLimitAppliesAtOnce() {
        CapacityGate gate = new CapacityGate(limits(1, 1, 0));
        assertThrows(BusyException.class, () -> gate.admit(1, () -> "busy"));
        gate.configure(limits(5, 1, 0));
        assertDoesNotThrow(() -> gate.admit(4, () -> "busy"));
    }
}
