package org.skingpt.accounts.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts failed sign-ins per user name and locks a name for a while after too many of them within a
 * window. Thread-safe; state lives in memory only (a restart clears it).
 *
 * <p>Names that are accounts (in the users file) and names that are not are kept apart: accounts are few
 * and bounded by the users file, so they are always tracked; other names (typos, guesses, a script
 * trying random names) go into a small least-recently-used table of {@code unknownCapacity} entries, so
 * that they can neither grow memory without bound nor push out the counters of real accounts. Unknown
 * names are locked like accounts, so that the lockout message does not tell which names exist.
 */
final class LoginThrottle {

    /** The lockout policy: {@code maxFailures} failures within {@code window} lock the name for {@code lock}. */
    record Policy(int maxFailures, Duration window, Duration lock) {
        Policy {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("maxFailures must be at least 1: " + maxFailures);
            }
            if (window.isNegative() || window.isZero() || lock.isNegative() || lock.isZero()) {
                throw new IllegalArgumentException("window and lock must be positive: " + window + ", " + lock);
            }
        }
    }

    /** A lock in force: until when, and after how many failures. */
    record Lock(Instant until, int failures) {
    }

    /**
     * What a failure came to.
     *
     * @param failures failures of the name within the window, this one included (the number that locked it
     *     when {@code lockedNow})
     * @param lockedNow whether this failure locked the name
     * @param lockedUntil end of the lock when {@code lockedNow}, else null
     */
    record Failure(int failures, boolean lockedNow, Instant lockedUntil) {
    }

    /** One tracked name, for listings. */
    record State(String user, boolean known, int recentFailures, Instant lockedUntil) {
        boolean locked() {
            return lockedUntil != null;
        }
    }

    private static final class Entry {
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil;
        int lockFailures;
    }

    private final Clock clock;
    private final Map<String, Entry> known = new HashMap<>();
    private final LinkedHashMap<String, Entry> unknown;
    private Policy policy;

    /**
     * @param policy the lockout policy (can be changed later)
     * @param unknownCapacity how many names that are not accounts are tracked at most
     * @param clock the clock
     */
    LoginThrottle(Policy policy, int unknownCapacity, Clock clock) {
        if (unknownCapacity < 1) {
            throw new IllegalArgumentException("unknownCapacity must be at least 1");
        }
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unknown = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > unknownCapacity;
            }
        };
    }

    synchronized Policy policy() {
        return policy;
    }

    /** Changes the policy; failures and locks already counted stay (a lock keeps its end). */
    synchronized void policy(Policy newPolicy) {
        this.policy = Objects.requireNonNull(newPolicy, "policy");
    }

    /** The lock in force on a name, if any. An expired lock is forgotten here, with the failures before it. */
    synchronized Optional<Lock> lockOf(String user) {
        Entry e = find(user);
        if (e == null || e.lockedUntil == null) {
            return Optional.empty();
        }
        if (clock.instant().isBefore(e.lockedUntil)) {
            return Optional.of(new Lock(e.lockedUntil, e.lockFailures));
        }
        remove(user);
        return Optional.empty();
    }

    /**
     * Counts a failed sign-in.
     *
     * @param user the name as typed
     * @param isAccount whether the name is an account (decides which table keeps it)
     */
    synchronized Failure failed(String user, boolean isAccount) {
        Instant now = clock.instant();
        Policy p = policy;
        Entry e = find(user);
        if (e != null && e.lockedUntil != null) {
            if (now.isBefore(e.lockedUntil)) {
                // Refused before the password was checked; nothing more to count.
                return new Failure(e.lockFailures, false, null);
            }
            remove(user);
            e = null;
        }
        if (e == null) {
            e = new Entry();
            (isAccount ? known : unknown).put(user, e);
        }
        forgetOld(e, now, p.window());
        e.failures.addLast(now);
        if (e.failures.size() >= p.maxFailures()) {
            e.lockedUntil = now.plus(p.lock());
            e.lockFailures = e.failures.size();
            e.failures.clear();
            return new Failure(e.lockFailures, true, e.lockedUntil);
        }
        int count = e.failures.size();
        sweep(now, p.window());
        return new Failure(count, false, null);
    }

    /** A good sign-in: the name's failures are forgotten. */
    synchronized void succeeded(String user) {
        remove(user);
    }

    /**
     * Lifts a lock and forgets the failures of a name.
     *
     * @return the lock that was in force, if any
     */
    synchronized Optional<Lock> unlock(String user) {
        Optional<Lock> lock = lockOf(user);
        remove(user);
        return lock;
    }

    /** Every name with failures within the window or a lock in force, locked ones first, then by name. */
    synchronized List<State> states() {
        Instant now = clock.instant();
        sweep(now, policy.window());
        List<State> states = new ArrayList<>();
        known.forEach((user, e) -> states.add(state(user, true, e)));
        unknown.forEach((user, e) -> states.add(state(user, false, e)));
        states.sort(Comparator.comparing((State s) -> !s.locked()).thenComparing(State::user));
        return states;
    }

    /** The state of one name (no failures, no lock when it is not tracked). */
    synchronized State state(String user) {
        Instant now = clock.instant();
        Entry e = find(user);
        if (e == null) {
            return new State(user, false, 0, null);
        }
        if (e.lockedUntil != null && !now.isBefore(e.lockedUntil)) {
            remove(user);
            return new State(user, false, 0, null);
        }
        forgetOld(e, now, policy.window());
        return state(user, known.containsKey(user), e);
    }

    /** How many names are tracked (for tests and the listing's footer). */
    synchronized int trackedNames() {
        return known.size() + unknown.size();
    }

    private static State state(String user, boolean isAccount, Entry e) {
        return new State(user, isAccount, e.lockedUntil != null ? e.lockFailures : e.failures.size(), e.lockedUntil);
    }

    private Entry find(String user) {
        Entry e = known.get(user);
        return e != null ? e : unknown.get(user);
    }

    private void remove(String user) {
        known.remove(user);
        unknown.remove(user);
    }

    private static void forgetOld(Entry e, Instant now, Duration window) {
        Instant oldest = now.minus(window);
        while (!e.failures.isEmpty() && !e.failures.peekFirst().isAfter(oldest)) {
            e.failures.removeFirst();
        }
    }

    /** Drops names whose failures have all left the window and whose lock (if any) has ended. */
    private void sweep(Instant now, Duration window) {
        sweep(known.values().iterator(), now, window);
        sweep(unknown.values().iterator(), now, window);
    }

    private static void sweep(Iterator<Entry> entries, Instant now, Duration window) {
        while (entries.hasNext()) {
            Entry e = entries.next();
            if (e.lockedUntil != null) {
                if (!now.isBefore(e.lockedUntil)) {
                    entries.remove();
                }
                continue;
            }
            forgetOld(e, now, window);
            if (e.failures.isEmpty()) {
                entries.remove();
            }
        }
    }
}
