package dev.evalgate.gateway.resilience;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Caps the calls in flight to one provider and makes the excess wait in a bounded FIFO queue, so a
 * burst of thousands of parallel requests queues at the gateway instead of setting off a storm of
 * 429s upstream.
 *
 * <p>{@link #acquire} never blocks and returns a {@link Ticket} at once, in one of three shapes:
 *
 * <ul>
 *   <li>{@link Outcome#GRANTED}: a permit was free. {@code onGranted} has already run, inline on
 *       the calling thread, before {@code acquire} returned (the caller is on its own event loop,
 *       so a hop through the executor would only add latency).
 *   <li>{@link Outcome#QUEUED}: all permits are out. When one is released, it passes straight to
 *       the oldest waiter that has not cancelled, whose {@code onGranted} then runs on the executor
 *       that waiter passed (its event loop). {@link Ticket#cancel()} takes a waiter out of the
 *       queue; once it returns true the waiter will never hold a permit.
 *   <li>{@link Outcome#REJECTED}: the queue is full too; nothing was taken and {@code onGranted}
 *       never runs. The caller answers 429 or 503 with a {@code retry-after}.
 * </ul>
 *
 * <p>Every granted {@link Permit} must be released exactly once; further releases are ignored. If
 * {@code onGranted} throws, its permit is released and the exception propagates (to the caller of
 * {@code acquire}, or to the executor). If a waiter's executor refuses the task, the permit moves
 * on to the next waiter.
 */
public final class ConcurrencyLimiter {

    /*
     * Threading: one small lock guards inFlight and the waiter list; it is held only for O(1)
     * bookkeeping and no callback or executor runs under it. While anyone waits, inFlight equals
     * maxConcurrent: a release hands its permit to the head waiter instead of returning it, so a
     * newcomer can never overtake the queue.
     *
     * Ownership: a Lease is the ticket and, once granted, the permit. Its state moves QUEUED ->
     * GRANTED or CANCELLED under the lock, and GRANTED -> RELEASED by compare-and-set, which is
     * what makes release idempotent. Waiters form an intrusive doubly linked list, so cancelling
     * is O(1) however long the queue.
     */

    /** How an {@link #acquire} call ended. */
    public enum Outcome {
        /** A permit was free and {@code onGranted} has run. */
        GRANTED,
        /** The request waits; {@code onGranted} runs on its executor when a permit frees up. */
        QUEUED,
        /** Permits and queue are full; {@code onGranted} never runs. */
        REJECTED
    }

    /** The answer to {@link #acquire}: its outcome, and a way to leave the queue. */
    public interface Ticket {
        /** What {@link #acquire} did; fixed when it returns. */
        Outcome outcome();

        /**
         * Leaves the queue. True when the waiter was removed and will never be granted; false when
         * it was not waiting (granted now or earlier, rejected, already cancelled), in which case
         * any permit it was or will be granted still has to be released by {@code onGranted}.
         */
        boolean cancel();
    }

    /** The right to one call in flight to the provider. */
    public interface Permit {
        /** How long the request waited in the queue, in nanoseconds; 0 when granted at once. */
        long queueWaitNanos();

        /** Gives the permit back, or to the next waiter. Idempotent. */
        void release();
    }

    private static final Ticket REJECTED =
            new Ticket() {
                @Override
                public Outcome outcome() {
                    return Outcome.REJECTED;
                }

                @Override
                public boolean cancel() {
                    return false;
                }
            };

    private final int maxConcurrent;
    private final int maxQueue;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private Lease head;
    private Lease tail;
    private volatile int inFlight;
    private volatile int queued;

    private ConcurrencyLimiter(int maxConcurrent, int maxQueue, LongSupplier nanoTime) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrent: " + maxConcurrent + " (expected: >= 1)");
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("maxQueue: " + maxQueue + " (expected: >= 0)");
        }
        this.maxConcurrent = maxConcurrent;
        this.maxQueue = maxQueue;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * A limiter of {@code maxConcurrent} permits (at least 1) and up to {@code maxQueue} waiters (0
     * for none), measuring queue waits with {@code nanoTime}.
     */
    public static ConcurrencyLimiter of(int maxConcurrent, int maxQueue, LongSupplier nanoTime) {
        return new ConcurrencyLimiter(maxConcurrent, maxQueue, nanoTime);
    }

    /** A limiter measuring queue waits with {@link System#nanoTime()}. */
    public static ConcurrencyLimiter of(int maxConcurrent, int maxQueue) {
        return of(maxConcurrent, maxQueue, System::nanoTime);
    }

    /**
     * Asks for a permit without blocking; see the class comment for the three outcomes.
     *
     * @param callbackExecutor where {@code onGranted} runs if the request has to wait: the caller's
     *     event loop
     * @param onGranted receives the permit; it owns it from then on and must release it
     */
    public Ticket acquire(Executor callbackExecutor, Consumer<Permit> onGranted) {
        Lease lease = new Lease(this, callbackExecutor, onGranted);
        lock.lock();
        try {
            if (inFlight < maxConcurrent) {
                inFlight++;
                lease.outcome = Outcome.GRANTED;
                lease.state = Lease.GRANTED;
            } else if (queued < maxQueue) {
                lease.enqueuedAt = nanoTime.getAsLong();
                lease.outcome = Outcome.QUEUED;
                lease.state = Lease.QUEUED;
                link(lease);
            } else {
                return REJECTED;
            }
        } finally {
            lock.unlock();
        }
        if (lease.outcome == Outcome.GRANTED) {
            lease.run();
        }
        return lease;
    }

    /** Permits currently out. */
    public int inFlight() {
        return inFlight;
    }

    /** Requests currently waiting. */
    public int queued() {
        return queued;
    }

    /** Removes a waiter still in the queue; true when it was there. */
    boolean cancel(Lease lease) {
        lock.lock();
        try {
            if (lease.state != Lease.QUEUED) {
                return false;
            }
            lease.state = Lease.CANCELLED;
            unlink(lease);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Called once per permit: passes it to the next waiter that can take it, or returns it. */
    void release() {
        Lease next = handOff();
        while (next != null) {
            next.queueWaitNanos = Math.max(0, nanoTime.getAsLong() - next.enqueuedAt);
            try {
                next.executor.execute(next);
                return;
            } catch (RejectedExecutionException e) {
                next = next.markReleased() ? handOff() : null;
            }
        }
    }

    private Lease handOff() {
        lock.lock();
        try {
            Lease next = head;
            if (next == null) {
                inFlight--;
                return null;
            }
            unlink(next);
            next.state = Lease.GRANTED;
            return next;
        } finally {
            lock.unlock();
        }
    }

    private void link(Lease lease) {
        lease.prev = tail;
        if (tail == null) {
            head = lease;
        } else {
            tail.next = lease;
        }
        tail = lease;
        queued++;
    }

    private void unlink(Lease lease) {
        Lease prev = lease.prev;
        Lease next = lease.next;
        if (prev == null) {
            head = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.prev = prev;
        }
        lease.prev = null;
        lease.next = null;
        queued--;
    }

    /** A request's ticket, queue node and, once granted, its permit. */
    private static final class Lease implements Ticket, Permit, Runnable {
        static final int QUEUED = 0;
        static final int GRANTED = 1;
        static final int RELEASED = 2;
        static final int CANCELLED = 3;

        private static final AtomicIntegerFieldUpdater<Lease> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Lease.class, "state");

        final ConcurrencyLimiter limiter;
        final Executor executor;
        final Consumer<Permit> onGranted;
        volatile int state;
        Outcome outcome;
        long enqueuedAt;
        long queueWaitNanos;
        Lease prev;
        Lease next;

        Lease(ConcurrencyLimiter limiter, Executor executor, Consumer<Permit> onGranted) {
            this.limiter = limiter;
            this.executor = Objects.requireNonNull(executor, "callbackExecutor");
            this.onGranted = Objects.requireNonNull(onGranted, "onGranted");
        }

        @Override
        public Outcome outcome() {
            return outcome;
        }

        @Override
        public boolean cancel() {
            return limiter.cancel(this);
        }

        @Override
        public long queueWaitNanos() {
            return queueWaitNanos;
        }

        @Override
        public void release() {
            if (markReleased()) {
                limiter.release();
            }
        }

        boolean markReleased() {
            return STATE.compareAndSet(this, GRANTED, RELEASED);
        }

        /** Hands the permit to its owner; a throwing owner gives it back. */
        @Override
        public void run() {
            try {
                onGranted.accept(this);
            } catch (RuntimeException | Error e) {
                release();
                throw e;
            }
        }

        @Override
        public String toString() {
            return "Ticket[" + outcome + "]";
        }
    }
}
