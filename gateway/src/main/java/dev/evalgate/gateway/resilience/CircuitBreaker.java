package dev.evalgate.gateway.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops sending calls to a provider that keeps failing, so requests fail over at once instead of
 * waiting on a dead upstream, and lets one trial call through after a cooldown to find out whether
 * it has recovered.
 *
 * <p>{@link State#CLOSED} opens after {@code failureThreshold} consecutive failures; any success
 * resets the count. Consecutive failures rather than a failure rate over a sliding window: one
 * counter, no window to size, and a provider that is down fails every call anyway. {@link
 * State#OPEN} refuses calls for {@code cooldown}, then the next {@link #tryAcquire()} moves to
 * {@link State#HALF_OPEN} and is the single trial call; others are refused while it runs. The
 * trial's success closes the breaker, its failure opens it for another cooldown, and {@link
 * #onCancel()} (no verdict, e.g. the client went away) lets the next caller try instead. A trial
 * that has reported nothing for a whole cooldown is presumed lost and replaced, so a caller that
 * forgets to report cannot keep a provider out of rotation forever.
 *
 * <p>Outcomes are not tied to the {@link #tryAcquire()} that admitted them: a late failure of a
 * call admitted before the breaker opened is ignored while {@link State#OPEN}, and any outcome
 * reported while {@link State#HALF_OPEN} settles the trial.
 *
 * <p>Thread-safe and lock-free: the state is one immutable snapshot swapped by compare-and-set, so
 * admission while closed is a single volatile read and allocates nothing. The {@link Listener} runs
 * on the thread that made the transition, after it is published, exactly once per transition.
 */
public final class CircuitBreaker {

    /** Where the breaker stands. */
    public enum State {
        /** Calls flow; consecutive failures are counted. */
        CLOSED,
        /** Calls are refused until the cooldown has passed. */
        OPEN,
        /** One trial call is allowed to decide between {@link #CLOSED} and {@link #OPEN}. */
        HALF_OPEN
    }

    /** Told about every state change, for metrics and logs; must be quick and must not block. */
    @FunctionalInterface
    public interface Listener {
        /** The breaker named {@code name} moved from {@code from} to {@code to}. */
        void onStateChange(String name, State from, State to);
    }

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

    /**
     * One consistent view: the state, consecutive failures (CLOSED), and since when (OPEN: opened
     * at; HALF_OPEN: trial started at) with whether a trial is out.
     */
    private record Snapshot(State state, int failures, long since, boolean trialOut) {}

    private static final Snapshot CLOSED_CLEAN = new Snapshot(State.CLOSED, 0, 0, false);

    private final String name;
    private final int failureThreshold;
    private final long cooldownNanos;
    private final LongSupplier nanoTime;
    private final Listener listener;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(CLOSED_CLEAN);

    private CircuitBreaker(
            String name,
            int failureThreshold,
            Duration cooldown,
            LongSupplier nanoTime,
            Listener listener) {
        this.name = Objects.requireNonNull(name, "name");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException(
                    "failureThreshold: " + failureThreshold + " (expected: >= 1)");
        }
        if (cooldown.isNegative() || cooldown.isZero()) {
            throw new IllegalArgumentException("cooldown: " + cooldown + " (expected: > 0)");
        }
        this.failureThreshold = failureThreshold;
        this.cooldownNanos = cooldown.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A breaker for the provider {@code name}.
     *
     * @param failureThreshold consecutive failures that open it; at least 1
     * @param cooldown how long it stays open before a trial call; positive
     * @param nanoTime the time source, {@code System::nanoTime} outside tests
     * @param listener told about each state change
     */
    public static CircuitBreaker of(
            String name,
            int failureThreshold,
            Duration cooldown,
            LongSupplier nanoTime,
            Listener listener) {
        return new CircuitBreaker(name, failureThreshold, cooldown, nanoTime, listener);
    }

    /** A breaker on the system clock with no listener. */
    public static CircuitBreaker of(String name, int failureThreshold, Duration cooldown) {
        return of(name, failureThreshold, cooldown, System::nanoTime, (n, from, to) -> {});
    }

    /** The provider this breaker guards. */
    public String name() {
        return name;
    }

    /** The current state. */
    public State state() {
        return snapshot.get().state;
    }

    /**
     * Whether a call may go to the provider now; false means fail over. A true answer must be
     * followed by exactly one of {@link #onSuccess()}, {@link #onFailure()} or {@link #onCancel()}.
     */
    public boolean tryAcquire() {
        while (true) {
            Snapshot s = snapshot.get();
            if (s.state == State.CLOSED) {
                return true;
            }
            long now = nanoTime.getAsLong();
            boolean trialAllowed =
                    s.state == State.OPEN
                            ? now - s.since >= cooldownNanos
                            : !s.trialOut || now - s.since >= cooldownNanos;
            if (!trialAllowed) {
                return false;
            }
            if (snapshot.compareAndSet(s, new Snapshot(State.HALF_OPEN, 0, now, true))) {
                notify(s.state, State.HALF_OPEN);
                return true;
            }
        }
    }

    /** The admitted call succeeded: resets the failure count, or closes after a trial. */
    public void onSuccess() {
        while (true) {
            Snapshot s = snapshot.get();
            if (s == CLOSED_CLEAN || s.state == State.OPEN) {
                return;
            }
            if (snapshot.compareAndSet(s, CLOSED_CLEAN)) {
                notify(s.state, State.CLOSED);
                return;
            }
        }
    }

    /** The admitted call failed: counts towards opening, or reopens after a trial. */
    public void onFailure() {
        while (true) {
            Snapshot s = snapshot.get();
            if (s.state == State.OPEN) {
                return;
            }
            int failures = s.state == State.CLOSED ? s.failures + 1 : failureThreshold;
            Snapshot next =
                    failures >= failureThreshold
                            ? new Snapshot(State.OPEN, 0, nanoTime.getAsLong(), false)
                            : new Snapshot(State.CLOSED, failures, 0, false);
            if (snapshot.compareAndSet(s, next)) {
                notify(s.state, next.state);
                return;
            }
        }
    }

    /**
     * The admitted call ended without a verdict (the client went away before the upstream
     * answered): a trial in progress is handed to the next caller; otherwise nothing changes.
     */
    public void onCancel() {
        while (true) {
            Snapshot s = snapshot.get();
            if (s.state != State.HALF_OPEN || !s.trialOut) {
                return;
            }
            if (snapshot.compareAndSet(s, new Snapshot(State.HALF_OPEN, 0, s.since, false))) {
                return;
            }
        }
    }

    private void notify(State from, State to) {
        if (from == to) {
            return;
        }
        try {
            listener.onStateChange(name, from, to);
        } catch (RuntimeException e) {
            log.warn("circuit breaker listener failed for {} ({} -> {})", name, from, to, e);
        }
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + state() + "]";
    }
}
