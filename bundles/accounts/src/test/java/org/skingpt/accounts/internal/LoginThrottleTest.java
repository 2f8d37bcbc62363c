package org.skingpt.accounts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final LoginThrottle.Policy DEFAULT =
            new LoginThrottle.Policy(5, Duration.ofMinutes(15), Duration.ofMinutes(15));

    private final MutableClock clock = new MutableClock(T0);
    private final LoginThrottle throttle = new LoginThrottle(DEFAULT, 100, clock);

    @Test
    void fifthFailureWithinTheWindowLocksTheName() {
        for (int i = 1; i <= 4; i++) {
            LoginThrottle.Failure f = throttle.failed("alice", true);
            assertEquals(i, f.failures());
            assertFalse(f.lockedNow());
            assertTrue(throttle.lockOf("alice").isEmpty(), "not locked after " + i);
            clock.advance(Duration.ofMinutes(1));
        }
        LoginThrottle.Failure fifth = throttle.failed("alice", true);
        assertTrue(fifth.lockedNow());
        assertEquals(5, fifth.failures());
        assertEquals(clock.instant().plus(Duration.ofMinutes(15)), fifth.lockedUntil());
        LoginThrottle.Lock lock = throttle.lockOf("alice").orElseThrow();
        assertEquals(fifth.lockedUntil(), lock.until());
        assertEquals(5, lock.failures());
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", true);
        }
        clock.advance(Duration.ofMinutes(15)); // the four are exactly a window old: forgotten
        LoginThrottle.Failure f = throttle.failed("alice", true);
        assertEquals(1, f.failures());
        assertFalse(f.lockedNow());
    }

    @Test
    void slidingWindowCountsOnlyTheRecentFailures() {
        throttle.failed("alice", true); // 09:00
        clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", true); // 09:10
        }
        clock.advance(Duration.ofMinutes(6)); // 09:16: the 09:00 failure has left the window
        LoginThrottle.Failure f = throttle.failed("alice", true);
        assertEquals(4, f.failures());
        assertFalse(f.lockedNow());
        assertTrue(throttle.failed("alice", true).lockedNow());
    }

    @Test
    void lockExpiresAndTheNameStartsAfresh() {
        lock("alice");
        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertTrue(throttle.lockOf("alice").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(throttle.lockOf("alice").isEmpty(), "the lock ends after lockMinutes");
        assertEquals(1, throttle.failed("alice", true).failures(), "the failures before the lock are forgotten");
        assertEquals(1, throttle.trackedNames());
    }

    @Test
    void failuresWhileLockedAreNotCountedAndDoNotExtendTheLock() {
        Instant until = lock("alice");
        clock.advance(Duration.ofMinutes(5));
        LoginThrottle.Failure f = throttle.failed("alice", true);
        assertFalse(f.lockedNow());
        assertEquals(until, throttle.lockOf("alice").orElseThrow().until());
    }

    @Test
    void aGoodSignInClearsTheFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", true);
        }
        throttle.succeeded("alice");
        assertEquals(0, throttle.state("alice").recentFailures());
        for (int i = 0; i < 4; i++) {
            assertFalse(throttle.failed("alice", true).lockedNow());
        }
    }

    @Test
    void namesAreCountedApart() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", true);
            throttle.failed("bob", true);
        }
        assertTrue(throttle.failed("alice", true).lockedNow());
        assertTrue(throttle.lockOf("bob").isEmpty());
        assertTrue(throttle.lockOf("Alice").isEmpty(), "user names are case-sensitive, as in users.properties");
        assertEquals(4, throttle.state("bob").recentFailures());
    }

    @Test
    void unlockLiftsTheLockAndClearsTheFailures() {
        Instant until = lock("alice");
        LoginThrottle.Lock lifted = throttle.unlock("alice").orElseThrow();
        assertEquals(until, lifted.until());
        assertTrue(throttle.lockOf("alice").isEmpty());
        assertEquals(1, throttle.failed("alice", true).failures());
        assertTrue(throttle.unlock("nobody").isEmpty());
    }

    @Test
    void unknownNamesAreLockedTooSoTheMessageDoesNotTellWhichNamesExist() {
        Instant until = lock("no-such-user", false);
        assertEquals(until, throttle.lockOf("no-such-user").orElseThrow().until());
    }

    @Test
    void unknownNamesTakeBoundedMemoryAndNeverPushOutAccounts() {
        LoginThrottle small = new LoginThrottle(DEFAULT, 10, clock);
        for (int i = 0; i < 4; i++) {
            small.failed("alice", true);
        }
        for (int i = 0; i < 10_000; i++) {
            small.failed("guess-" + i, false);
        }
        assertEquals(11, small.trackedNames(), "10 unknown names at most, plus the account");
        assertEquals(4, small.state("alice").recentFailures(), "a flood of other names must not reset an account");
        assertTrue(small.failed("alice", true).lockedNow());
    }

    @Test
    void namesWithOnlyOldFailuresAreDropped() {
        throttle.failed("alice", true);
        throttle.failed("someone", false);
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("bob", true);
        assertEquals(1, throttle.trackedNames());
        assertEquals(List.of("bob"), throttle.states().stream().map(LoginThrottle.State::user).toList());
    }

    @Test
    void statesListLockedNamesFirst() {
        throttle.failed("aaron", true);
        lock("zoe");
        List<LoginThrottle.State> states = throttle.states();
        assertEquals("zoe", states.get(0).user());
        assertTrue(states.get(0).locked());
        assertEquals(5, states.get(0).recentFailures());
        assertEquals("aaron", states.get(1).user());
        assertFalse(states.get(1).locked());
    }

    @Test
    void aStricterPolicyAppliesToTheNextFailure() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", true);
        }
        throttle.policy(new LoginThrottle.Policy(3, Duration.ofMinutes(15), Duration.ofMinutes(60)));
        LoginThrottle.Failure f = throttle.failed("alice", true);
        assertTrue(f.lockedNow());
        assertEquals(clock.instant().plus(Duration.ofMinutes(60)), f.lockedUntil());
    }

    @Test
    void policyIsChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> new LoginThrottle.Policy(0, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new LoginThrottle.Policy(5, Duration.ZERO, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new LoginThrottle.Policy(5, Duration.ofMinutes(1), Duration.ofMinutes(-1)));
    }

    private Instant lock(String user) {
        return lock(user, true);
    }

    private Instant lock(String user, boolean isAccount) {
        LoginThrottle.Failure f = null;
        for (int i = 0; i < 5; i++) {
            f = throttle.failed(user, isAccount);
        }
        assertTrue(f.lockedNow());
        return f.lockedUntil();
    }
}
