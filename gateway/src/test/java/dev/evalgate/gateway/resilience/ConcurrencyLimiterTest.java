package dev.evalgate.gateway.resilience;

import static dev.evalgate.gateway.resilience.ConcurrencyLimiter.Outcome.GRANTED;
import static dev.evalgate.gateway.resilience.ConcurrencyLimiter.Outcome.QUEUED;
import static dev.evalgate.gateway.resilience.ConcurrencyLimiter.Outcome.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.evalgate.gateway.resilience.ConcurrencyLimiter.Permit;
import dev.evalgate.gateway.resilience.ConcurrencyLimiter.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    private static final Executor DIRECT = Runnable::run;

    private final AtomicLong nanos = new AtomicLong(1_000);

    /** Grants collected in order, so a test can release them when it chooses. */
    private static final class Holder {
        final List<String> order = new CopyOnWriteArrayList<>();
        final List<Permit> permits = new CopyOnWriteArrayList<>();

        java.util.function.Consumer<Permit> as(String name) {
            return permit -> {
                order.add(name);
                permits.add(permit);
            };
        }

        Permit permit(int index) {
            return permits.get(index);
        }
    }

    private static void shutdown(ExecutorService... pools) {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
        }
    }

    @Test
    void grantsInlineWhilePermitsAreFree() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(2, 10, nanos::get);
        Holder holder = new Holder();
        Executor unused =
                task -> {
                    throw new AssertionError("an immediate grant runs inline");
                };

        Ticket first = limiter.acquire(unused, holder.as("a"));
        Ticket second = limiter.acquire(unused, holder.as("b"));

        assertThat(first.outcome()).isEqualTo(GRANTED);
        assertThat(second.outcome()).isEqualTo(GRANTED);
        assertThat(holder.order).containsExactly("a", "b");
        assertThat(holder.permit(0).queueWaitNanos()).isZero();
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.queued()).isZero();
    }

    @Test
    void handsReleasedPermitsToWaitersInArrivalOrder() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);
        Holder holder = new Holder();
        limiter.acquire(DIRECT, holder.as("holder"));
        for (String name : List.of("w1", "w2", "w3")) {
            assertThat(limiter.acquire(DIRECT, holder.as(name)).outcome()).isEqualTo(QUEUED);
        }
        assertThat(limiter.queued()).isEqualTo(3);

        for (int i = 0; i < 4; i++) {
            holder.permit(i).release();
        }

        assertThat(holder.order).containsExactly("holder", "w1", "w2", "w3");
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.queued()).isZero();
    }

    @Test
    void newcomerDoesNotOvertakeTheQueue() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);
        Holder holder = new Holder();
        limiter.acquire(DIRECT, holder.as("holder"));
        limiter.acquire(DIRECT, holder.as("waiter"));

        holder.permit(0).release();
        Ticket late = limiter.acquire(DIRECT, holder.as("late"));

        assertThat(late.outcome()).isEqualTo(QUEUED);
        assertThat(holder.order).containsExactly("holder", "waiter");
    }

    @Test
    void reportsHowLongTheWaiterQueued() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);
        Holder holder = new Holder();
        limiter.acquire(DIRECT, holder.as("holder"));
        limiter.acquire(DIRECT, holder.as("waiter"));

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
        holder.permit(0).release();

        assertThat(holder.permit(1).queueWaitNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    }

    @Test
    void runsTheGrantOnTheWaitersOwnExecutor() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);
        Holder holder = new Holder();
        List<Runnable> loopA = new ArrayList<>();
        List<Runnable> loopB = new ArrayList<>();
        limiter.acquire(DIRECT, holder.as("holder"));
        limiter.acquire(loopA::add, holder.as("a"));
        limiter.acquire(loopB::add, holder.as("b"));

        holder.permit(0).release();

        assertThat(loopA).hasSize(1);
        assertThat(loopB).isEmpty();
        assertThat(holder.order).containsExactly("holder");
        loopA.get(0).run();
        assertThat(holder.order).containsExactly("holder", "a");
    }

    @Test
    void rejectsWhenPermitsAndQueueAreFull() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 2, nanos::get);
        Holder holder = new Holder();
        limiter.acquire(DIRECT, holder.as("holder"));
        limiter.acquire(DIRECT, holder.as("w1"));
        limiter.acquire(DIRECT, holder.as("w2"));

        Ticket rejected = limiter.acquire(DIRECT, holder.as("w3"));

        assertThat(rejected.outcome()).isEqualTo(REJECTED);
        assertThat(rejected.cancel()).isFalse();
        assertThat(limiter.inFlight()).isEqualTo(1);
        assertThat(limiter.queued()).isEqualTo(2);
        holder.permit(0).release();
        holder.permit(1).release();
        holder.permit(2).release();
        assertThat(holder.order).containsExactly("holder", "w1", "w2");
    }

    @Test
    void withoutAQueueRejectsAsSoonAsPermitsRunOut() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 0, nanos::get);
        Holder holder = new Holder();
        limiter.acquire(DIRECT, holder.as("holder"));

        assertThat(limiter.acquire(DIRECT, holder.as("w")).outcome()).isEqualTo(REJECTED);
    }

    @Test
    void cancelledWaiterNeverGetsAPermit() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);
        Holder holder = new Holder();
        limiter.acquire(DIRECT, holder.as("holder"));
        limiter.acquire(DIRECT, holder.as("w1"));
        Ticket gone = limiter.acquire(DIRECT, holder.as("gone"));
        limiter.acquire(DIRECT, holder.as("w3"));

        assertThat(gone.cancel()).isTrue();
        assertThat(gone.cancel()).isFalse();
        assertThat(limiter.queued()).isEqualTo(2);
        holder.permit(0).release();
        holder.permit(1).release();
        holder.permit(2).release();

        assertThat(holder.order).containsExactly("holder", "w1", "w3");
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void cancellingAfterTheGrantKeepsThePermitWithItsOwner() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);
        Holder holder = new Holder();
        Ticket granted = limiter.acquire(DIRECT, holder.as("holder"));

        assertThat(granted.cancel()).isFalse();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void releaseIsIdempotent() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);
        Holder holder = new Holder();
        limiter.acquire(DIRECT, holder.as("holder"));
        limiter.acquire(DIRECT, holder.as("w1"));
        limiter.acquire(DIRECT, holder.as("w2"));

        holder.permit(0).release();
        holder.permit(0).release();

        assertThat(holder.order).containsExactly("holder", "w1");
        assertThat(limiter.inFlight()).isEqualTo(1);
        assertThat(limiter.queued()).isEqualTo(1);
        holder.permit(1).release();
        holder.permit(2).release();
        holder.permit(2).release();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void throwingCallbackGivesItsPermitBack() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);

        assertThatThrownBy(
                        () ->
                                limiter.acquire(
                                        DIRECT,
                                        permit -> {
                                            throw new IllegalStateException("handler bug");
                                        }))
                .hasMessage("handler bug");
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void permitRefusedByAClosedExecutorMovesToTheNextWaiter() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1, 10, nanos::get);
        Holder holder = new Holder();
        limiter.acquire(DIRECT, holder.as("holder"));
        limiter.acquire(
                task -> {
                    throw new RejectedExecutionException("event loop shut down");
                },
                holder.as("closed"));
        limiter.acquire(DIRECT, holder.as("next"));

        holder.permit(0).release();

        assertThat(holder.order).containsExactly("holder", "next");
        assertThat(limiter.inFlight()).isEqualTo(1);
        assertThat(limiter.queued()).isZero();
    }

    @Test
    void neverHandsOutMoreThanTheLimitAmongManyConcurrentRequests() throws Exception {
        int limit = 4;
        int requests = 200;
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(limit, requests);
        ExecutorService acquirers = Executors.newFixedThreadPool(8);
        ExecutorService releasers = Executors.newFixedThreadPool(2);
        ExecutorService[] loops = new ExecutorService[4];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = Executors.newSingleThreadExecutor();
        }
        try {
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch allReleased = new CountDownLatch(requests);
            AtomicInteger out = new AtomicInteger();
            AtomicInteger maxOut = new AtomicInteger();
            Set<Integer> granted = ConcurrentHashMap.newKeySet();
            AtomicReference<String> wrongThread = new AtomicReference<>();
            List<Future<Ticket>> tickets = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int id = i;
                ExecutorService loop = loops[i % loops.length];
                tickets.add(
                        acquirers.submit(
                                () -> {
                                    Thread caller = Thread.currentThread();
                                    Thread loopThread = loop.submit(Thread::currentThread).get();
                                    start.await();
                                    return limiter.acquire(
                                            loop,
                                            permit -> {
                                                Thread t = Thread.currentThread();
                                                if (t != caller && t != loopThread) {
                                                    wrongThread.set(id + " ran on " + t.getName());
                                                }
                                                maxOut.accumulateAndGet(
                                                        out.incrementAndGet(), Math::max);
                                                granted.add(id);
                                                releasers.execute(
                                                        () -> {
                                                            out.decrementAndGet();
                                                            permit.release();
                                                            allReleased.countDown();
                                                        });
                                            });
                                }));
            }
            start.countDown();

            for (Future<Ticket> ticket : tickets) {
                assertThat(ticket.get(30, TimeUnit.SECONDS).outcome()).isNotEqualTo(REJECTED);
            }
            assertThat(allReleased.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(granted).hasSize(requests);
            assertThat(maxOut.get()).isBetween(1, limit);
            assertThat(wrongThread).hasValue(null);
            assertThat(limiter.inFlight()).isZero();
            assertThat(limiter.queued()).isZero();
        } finally {
            shutdown(acquirers, releasers);
            shutdown(loops);
        }
    }

    @Test
    void cancelRacingReleasesEitherRemovesTheWaiterOrGrantsItOnce() throws Exception {
        int waiters = 200;
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(2, waiters);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        ExecutorService cancellers = Executors.newFixedThreadPool(2);
        try {
            Holder holder = new Holder();
            limiter.acquire(DIRECT, holder.as("h0"));
            limiter.acquire(DIRECT, holder.as("h1"));
            AtomicInteger grants = new AtomicInteger();
            Set<Integer> granted = ConcurrentHashMap.newKeySet();
            List<Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                int id = i;
                tickets.add(
                        limiter.acquire(
                                loop,
                                permit -> {
                                    grants.incrementAndGet();
                                    granted.add(id);
                                    permit.release();
                                }));
            }
            Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int half = 0; half < 2; half++) {
                int from = half;
                work.add(
                        cancellers.submit(
                                () -> {
                                    start.await();
                                    for (int i = from; i < waiters; i += 2) {
                                        if (tickets.get(i).cancel()) {
                                            cancelled.add(i);
                                        }
                                    }
                                    return null;
                                }));
            }
            start.countDown();
            holder.permit(0).release();
            holder.permit(1).release();
            for (Future<?> w : work) {
                w.get(30, TimeUnit.SECONDS);
            }

            await().atMost(30, TimeUnit.SECONDS)
                    .untilAsserted(() -> assertThat(limiter.inFlight()).isZero());
            assertThat(limiter.queued()).isZero();
            assertThat(grants).hasValue(granted.size());
            assertThat(granted).noneMatch(cancelled::contains);
            assertThat(granted.size() + cancelled.size()).isEqualTo(waiters);
        } finally {
            shutdown(loop, cancellers);
        }
    }
}
