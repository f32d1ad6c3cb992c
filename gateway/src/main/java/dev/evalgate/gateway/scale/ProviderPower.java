package dev.evalgate.gateway.scale;

import dev.evalgate.cache.redis.RateLimitedLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's scale-to-zero state machine: it counts the requests in flight, scales the model
 * server down once it has been idle long enough (or at once outside its schedule), and wakes it for
 * the next request, holding that request and every later one until the health URL answers.
 *
 * <p>A request calls {@link #enter}: while the provider is up it is admitted at once; otherwise it
 * waits, and its callback later says whether the provider woke (the request is then admitted and
 * goes upstream) or not (it goes to its fallback or gets a 503). Either way it calls {@link
 * Entry#release} when it is done with the provider.
 */
public final class ProviderPower {

    /*
     * States (PowerState):
     *   UP -> SCALING_DOWN    tick: nothing in flight and idle >= the threshold, or outside the
     *                         schedule; the scale-down action runs once
     *   SCALING_DOWN -> DOWN  the action succeeded; straight on to WAKING if a request waits
     *   SCALING_DOWN -> UP    the action failed; waiting requests are admitted; no new try before
     *                         RETRY_BACKOFF
     *   DOWN -> WAKING        a request arrives: the scale-up action runs once, however many follow
     *   WAKING -> UP          the scale-up succeeded and a health probe answered 2xx: every waiting
     *                         request is admitted together
     *   WAKING -> DOWN        the scale-up failed or the wake timeout passed: waiting requests are
     *                         refused; the next request starts a new wake
     * Waiting requests that arrived while SCALING_DOWN are refused too if the wake timeout passes
     * before the scale-down ends.
     *
     * Threading: one lock guards every mutable field; it is held only for bookkeeping. Actions,
     * probes and callbacks run after it is released. enter() and release() run on event loops,
     * tick() on the scheduler thread (or a test's), action and probe completions on the HTTP
     * client's threads (or inline, when a stage is already complete). A waiter's callback runs on
     * the executor it entered with: its own event loop.
     *
     * Staleness: every transition bumps epoch; an action or probe that completes for an older epoch
     * (a wake that already timed out) changes nothing but the scale event counts.
     *
     * Time: all from the injected Clock, in epoch milliseconds: tests drive idleness, schedules,
     * probe intervals and wake timeouts by setting the clock and calling tick().
     */

    /** How long after a failed scale-down the next one may be tried. */
    public static final Duration RETRY_BACKOFF = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(ProviderPower.class);
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final String provider;
    private final ScaleToZeroConfig config;
    private final ScaleAction down;
    private final ScaleAction up;
    private final HealthCheck health;
    private final Clock clock;
    private final RateLimitedLog failures;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile LongConsumer wakeDurations = nanos -> {};

    private PowerState state = PowerState.UP;
    private final LinkedHashSet<Entry> waiters = new LinkedHashSet<>();
    private final PowerCosts costs;
    private int inFlight;
    private long lastActive;
    private long epoch;
    private long wakeDeadline = NO_DEADLINE;
    private long scaleUpStarted;
    private boolean upAccepted;
    private boolean probing;
    private long nextProbe;
    private long retryDownAt;
    private long lastWakeMillis = -1;
    private long downOk;
    private long downFailed;
    private long upOk;
    private long upFailed;
    private long wakeTimeouts;

    /**
     * A provider that starts UP, idle since now.
     *
     * @param down scales the model server to zero
     * @param up scales it back up
     * @param health tells when it is ready after a scale-up
     * @param clock the time every threshold, window and timeout is measured with
     */
    public ProviderPower(
            String provider,
            ScaleToZeroConfig config,
            ScaleAction down,
            ScaleAction up,
            HealthCheck health,
            Clock clock) {
        this.provider = provider;
        this.config = config;
        this.down = down;
        this.up = up;
        this.health = health;
        this.clock = clock;
        this.lastActive = clock.millis();
        this.costs = new PowerCosts(config.hourlyCostMicros(), lastActive);
        this.failures =
                new RateLimitedLog(
                        LOG,
                        "provider '" + provider + "'",
                        Duration.ofMinutes(1),
                        System::nanoTime);
    }

    /** Where to record each wake's duration, in nanoseconds. */
    public void recordWakesWith(LongConsumer wakeDurations) {
        this.wakeDurations = wakeDurations;
    }

    /**
     * A request wants the provider. Never blocks. While the provider is up the entry is admitted at
     * once ({@link Entry#admittedAtOnce()}) and {@code onWake} never runs; otherwise the request
     * waits (starting a wake if the provider is down) and {@code onWake} later runs on {@code
     * executor} with true (woken: admitted) or false (not woken in time: refused).
     */
    public Entry enter(Executor executor, Consumer<Boolean> onWake) {
        Entry entry;
        long wakeEpoch = -1;
        ScaleContext wake = null;
        lock.lock();
        try {
            long now = clock.millis();
            accrue(now);
            if (state == PowerState.UP) {
                inFlight++;
                return new Entry(executor, onWake, Entry.ADMITTED);
            }
            entry = new Entry(executor, onWake, Entry.WAITING);
            if (waiters.isEmpty() && wakeDeadline == NO_DEADLINE) {
                wakeDeadline = now + config.wakeTimeout().toMillis();
            }
            waiters.add(entry);
            if (state == PowerState.DOWN) {
                wake = startWake(now);
                wakeEpoch = epoch;
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            scaleUp(wakeEpoch, wake);
        }
        return entry;
    }

    /**
     * Moves the state machine on: a scale-down when idle, a health probe when one is due, the end
     * of a wake that took too long. The scheduler calls it every second or so; tests call it after
     * setting their clock.
     */
    public void tick() {
        List<Entry> refused = null;
        ScaleContext scaleDown = null;
        boolean probe = false;
        long tickEpoch;
        lock.lock();
        try {
            long now = clock.millis();
            accrue(now);
            switch (state) {
                case UP -> {
                    String reason = inFlight == 0 && now >= retryDownAt ? downReason(now) : null;
                    if (reason != null) {
                        state = PowerState.SCALING_DOWN;
                        epoch++;
                        scaleDown =
                                new ScaleContext(
                                        provider,
                                        ScaleContext.Direction.DOWN,
                                        0,
                                        reason,
                                        idleMillis(now) / 1000);
                    }
                }
                case SCALING_DOWN -> {
                    if (now >= wakeDeadline) {
                        refused = takeWaiters(false);
                    }
                }
                case WAKING -> {
                    if (now >= wakeDeadline) {
                        wakeTimeouts++;
                        toDown();
                        refused = takeWaiters(false);
                    } else if (upAccepted && !probing && now >= nextProbe) {
                        probing = true;
                        nextProbe = now + config.healthInterval().toMillis();
                        probe = true;
                    }
                }
                case DOWN -> {}
            }
            tickEpoch = epoch;
        } finally {
            lock.unlock();
        }
        if (refused != null && !refused.isEmpty()) {
            failures.warn(
                    "wake timeout",
                    "no healthy answer within "
                            + config.wakeTimeout().toSeconds()
                            + " s; "
                            + refused.size()
                            + " waiting requests fall back or get 503");
        }
        tell(refused, false);
        if (scaleDown != null) {
            LOG.info(
                    "provider '{}': scaling down ({}, idle {} s) via {}",
                    provider,
                    scaleDown.reason(),
                    scaleDown.idleSeconds(),
                    down.describe());
            long e = tickEpoch;
            run(down, scaleDown).whenComplete((v, err) -> scaledDown(e, err));
        }
        if (probe) {
            probe(tickEpoch);
        }
    }

    /** The state right now. */
    public PowerState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Every figure at once, consistent with each other. */
    public PowerSnapshot snapshot() {
        lock.lock();
        try {
            long now = clock.millis();
            accrue(now);
            return new PowerSnapshot(
                    provider,
                    state,
                    idleMillis(now) / 1000,
                    inFlight,
                    waiters.size(),
                    downOk,
                    downFailed,
                    upOk,
                    upFailed,
                    wakeTimeouts,
                    lastWakeMillis,
                    costs.idleMicros(),
                    costs.downMicros());
        } finally {
            lock.unlock();
        }
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }

    /** The configuration this state machine follows. */
    public ScaleToZeroConfig config() {
        return config;
    }

    // ---- transitions; the caller holds the lock unless the method says otherwise ----

    /** Why to scale down now ({@code idle} or {@code schedule}), or null not to. */
    private String downReason(long now) {
        boolean idleEnough = idleMillis(now) >= config.idle().toMillis();
        ScaleSchedule schedule = config.schedule();
        if (schedule == null || schedule.activeAt(Instant.ofEpochMilli(now))) {
            return idleEnough ? "idle" : null;
        }
        return "schedule";
    }

    private ScaleContext startWake(long now) {
        state = PowerState.WAKING;
        epoch++;
        scaleUpStarted = now;
        upAccepted = false;
        probing = false;
        return new ScaleContext(
                provider,
                ScaleContext.Direction.UP,
                config.scaleUp().upReplicas(),
                "request",
                Math.max(0, now - lastActive) / 1000);
    }

    private void toDown() {
        state = PowerState.DOWN;
        epoch++;
        wakeDeadline = NO_DEADLINE;
        upAccepted = false;
        probing = false;
    }

    /** Empties the queue, admitting (counted in flight) or refusing every waiter. */
    private List<Entry> takeWaiters(boolean admit) {
        List<Entry> taken = new ArrayList<>(waiters);
        waiters.clear();
        wakeDeadline = NO_DEADLINE;
        for (Entry e : taken) {
            e.state = admit ? Entry.ADMITTED : Entry.REFUSED;
        }
        if (admit) {
            inFlight += taken.size();
        }
        return taken;
    }

    private long idleMillis(long now) {
        return inFlight > 0 || !waiters.isEmpty() ? 0 : Math.max(0, now - lastActive);
    }

    private void accrue(long now) {
        PowerCosts.Kind kind;
        if (state == PowerState.DOWN) {
            kind = PowerCosts.Kind.DOWN;
        } else if ((state == PowerState.UP || state == PowerState.SCALING_DOWN)
                && inFlight == 0
                && waiters.isEmpty()) {
            kind = PowerCosts.Kind.IDLE;
        } else {
            kind = PowerCosts.Kind.NONE;
        }
        costs.accrue(now, kind);
    }

    // ---- completions; called without the lock ----

    private void scaledDown(long actionEpoch, Throwable error) {
        List<Entry> admitted = null;
        ScaleContext wake = null;
        long wakeEpoch = -1;
        lock.lock();
        try {
            long now = clock.millis();
            accrue(now);
            if (error == null) {
                downOk++;
            } else {
                downFailed++;
            }
            if (actionEpoch != epoch || state != PowerState.SCALING_DOWN) {
                return;
            }
            if (error == null) {
                state = PowerState.DOWN;
                epoch++;
                if (!waiters.isEmpty()) {
                    wake = startWake(now);
                    wakeEpoch = epoch;
                }
            } else {
                state = PowerState.UP;
                epoch++;
                retryDownAt = now + RETRY_BACKOFF.toMillis();
                admitted = takeWaiters(true);
            }
        } finally {
            lock.unlock();
        }
        if (error != null) {
            failures.warn("scale-down failed", down.describe() + ": " + message(error));
        } else {
            LOG.info("provider '{}': scaled down", provider);
        }
        tell(admitted, true);
        if (wake != null) {
            scaleUp(wakeEpoch, wake);
        }
    }

    private void scaleUp(long wakeEpoch, ScaleContext context) {
        LOG.info(
                "provider '{}': waking for a request (down {} s) via {}",
                provider,
                context.idleSeconds(),
                up.describe());
        run(up, context).whenComplete((v, err) -> scaledUp(wakeEpoch, err));
    }

    private void scaledUp(long actionEpoch, Throwable error) {
        List<Entry> refused = null;
        boolean probe = false;
        lock.lock();
        try {
            long now = clock.millis();
            accrue(now);
            if (error == null) {
                upOk++;
            } else {
                upFailed++;
            }
            if (actionEpoch != epoch || state != PowerState.WAKING) {
                return;
            }
            if (error == null) {
                upAccepted = true;
                probing = true;
                nextProbe = now + config.healthInterval().toMillis();
                probe = true;
            } else {
                toDown();
                refused = takeWaiters(false);
            }
        } finally {
            lock.unlock();
        }
        if (error != null) {
            failures.warn("scale-up failed", up.describe() + ": " + message(error));
        }
        tell(refused, false);
        if (probe) {
            probe(actionEpoch);
        }
    }

    private void probe(long probeEpoch) {
        CompletionStage<Boolean> answer;
        try {
            answer = health.check();
        } catch (RuntimeException e) {
            probed(probeEpoch, false);
            return;
        }
        answer.whenComplete((healthy, err) -> probed(probeEpoch, err == null && healthy));
    }

    private void probed(long probeEpoch, boolean healthy) {
        List<Entry> admitted = null;
        long wakeMillis = -1;
        lock.lock();
        try {
            if (probeEpoch != epoch || state != PowerState.WAKING) {
                return;
            }
            long now = clock.millis();
            accrue(now);
            probing = false;
            if (healthy) {
                state = PowerState.UP;
                epoch++;
                wakeMillis = Math.max(0, now - scaleUpStarted);
                lastWakeMillis = wakeMillis;
                lastActive = now;
                admitted = takeWaiters(true);
            }
        } finally {
            lock.unlock();
        }
        if (admitted != null) {
            LOG.info(
                    "provider '{}': up after {} ms; {} waiting requests proceed",
                    provider,
                    wakeMillis,
                    admitted.size());
            wakeDurations.accept(wakeMillis * 1_000_000);
            tell(admitted, true);
        }
    }

    /** Runs an action; one that throws instead of failing its stage fails the stage. */
    private static CompletionStage<Void> run(ScaleAction action, ScaleContext context) {
        try {
            return action.execute(context);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void tell(List<Entry> entries, boolean woken) {
        if (entries != null) {
            for (Entry e : entries) {
                e.notifyOwner(woken);
            }
        }
    }

    /** One request's claim on the provider: admitted, waiting, or refused. */
    public final class Entry {
        static final int WAITING = 0;
        static final int ADMITTED = 1;
        static final int REFUSED = 2;
        static final int RELEASED = 3;

        private final Executor executor;
        private final Consumer<Boolean> onWake;
        private final boolean admittedAtOnce;
        private int state; // guarded by the provider's lock

        private Entry(Executor executor, Consumer<Boolean> onWake, int state) {
            this.executor = executor;
            this.onWake = onWake;
            this.state = state;
            this.admittedAtOnce = state == ADMITTED;
        }

        /** True when the provider was up at {@link #enter}: go ahead, no callback follows. */
        public boolean admittedAtOnce() {
            return admittedAtOnce;
        }

        /**
         * Done with the provider: an admitted request's answer ended, or a waiting one gave up.
         * Idempotent; safe from any thread.
         */
        public void release() {
            lock.lock();
            try {
                long now = clock.millis();
                accrue(now);
                if (state == ADMITTED) {
                    inFlight--;
                    lastActive = now;
                } else if (state == WAITING) {
                    waiters.remove(this);
                    if (waiters.isEmpty() && ProviderPower.this.state == PowerState.SCALING_DOWN) {
                        wakeDeadline = NO_DEADLINE;
                    }
                }
                state = RELEASED;
            } finally {
                lock.unlock();
            }
        }

        private void notifyOwner(boolean woken) {
            try {
                executor.execute(() -> onWake.accept(woken));
            } catch (RejectedExecutionException e) {
                release();
            }
        }
    }
}
