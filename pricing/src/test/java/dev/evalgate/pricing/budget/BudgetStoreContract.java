package dev.evalgate.pricing.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.pricing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link BudgetStore} must do; subclasses supply stores sharing one state. */
abstract class BudgetStoreContract {

    static final BudgetSettings SETTINGS =
            new BudgetSettings("unused:", Duration.ofMinutes(10), Duration.ofDays(1));

    final TestClock clock = new TestClock(Instant.parse("2026-11-01T00:00:00Z"));

    /** A store; every store one test creates shares the same budgets (like replicas). */
    abstract BudgetStore store();

    static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void grantsWhatFitsAndDeniesWhatWouldOvershootNamingTheFigures() {
        BudgetStore store = store();
        Reservation first = await(store.reserve("run:a", 1000, 600));
        assertThat(first.granted()).isTrue();
        Reservation second = await(store.reserve("run:a", 1000, 401));
        assertThat(second.granted()).isFalse();
        assertThat(second.spentMicros()).isZero();
        assertThat(second.reservedMicros()).isEqualTo(600);
        assertThat(second.budgetMicros()).isEqualTo(1000);
        assertThat(second.remainingMicros()).isEqualTo(400);
        assertThat(await(store.reserve("run:a", 1000, 400)).granted()).isTrue();
        assertThat(await(store.reserve("run:b", 1000, 1000)).granted()).isTrue();
    }

    @Test
    void reconcileReplacesTheReservationWithTheRealCost() {
        BudgetStore store = store();
        Reservation worst = await(store.reserve("run:a", 1000, 900));
        assertThat(await(store.reserve("run:a", 1000, 200)).granted()).isFalse();
        await(store.reconcile(worst, 150));
        assertThat(await(store.spent("run:a"))).isEqualTo(150);
        Reservation next = await(store.reserve("run:a", 1000, 850));
        assertThat(next.granted()).isTrue();
        assertThat(next.spentMicros()).isEqualTo(150);
        assertThat(next.reservedMicros()).isZero();
    }

    @Test
    void aDeniedCallThatWentAheadStillSpends() {
        BudgetStore store = store();
        Reservation denied = await(store.reserve("run:a", 100, 500));
        assertThat(denied.granted()).isFalse();
        await(store.reconcile(denied, 450));
        assertThat(await(store.spent("run:a"))).isEqualTo(450);
        Reservation after = await(store.reserve("run:a", 100, 0));
        assertThat(after.granted()).isFalse();
        assertThat(after.remainingMicros()).isEqualTo(-350);
    }

    @Test
    void anUnreconciledReservationLapsesAfterTheTimeout() {
        BudgetStore store = store();
        assertThat(await(store.reserve("run:a", 1000, 1000)).granted()).isTrue();
        clock.advance(Duration.ofMinutes(9));
        assertThat(await(store.reserve("run:a", 1000, 1)).granted()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(await(store.reserve("run:a", 1000, 1000)).granted()).isTrue();
    }

    @Test
    void aScopeNeverChargedHasSpentNothing() {
        assertThat(await(store().spent("run:none"))).isZero();
    }

    @Test
    void rejectsNegativeFigures() {
        BudgetStore store = store();
        assertThatThrownBy(() -> store.reserve("run:a", -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        Reservation r = await(store.reserve("run:a", 10, 1));
        assertThatThrownBy(() -> store.reconcile(r, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentReservationsOnTwoStoresNeverExceedTheBudget() throws Exception {
        List<BudgetStore> replicas = List.of(store(), store());
        long budget = 7_000;
        long worst = 7;
        List<Reservation> all = reserveConcurrently(replicas, "run:race", budget, worst, 8, 200);
        long granted = all.stream().filter(Reservation::granted).count();
        assertThat(granted).isEqualTo(budget / worst);
    }

    /** Reserve, then reconcile at or below the worst case: spend never passes the budget. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void concurrentCallsReconciledBelowTheirWorstCaseNeverOvershoot(long seed) throws Exception {
        List<BudgetStore> replicas = List.of(store(), store());
        long budget = 50_000;
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> spends = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(seed * 100 + t);
            BudgetStore store = replicas.get(t % 2);
            spends.add(
                    pool.submit(
                            () -> {
                                long spent = 0;
                                for (int i = 0; i < 150; i++) {
                                    long worst = random.nextLong(1, 1_000);
                                    long actual = random.nextLong(0, worst + 1);
                                    Reservation r =
                                            await(store.reserve("run:calls", budget, worst));
                                    if (r.granted()) {
                                        await(store.reconcile(r, actual));
                                        spent += actual;
                                    }
                                }
                                return spent;
                            }));
        }
        long total = 0;
        for (Future<Long> spend : spends) {
            total += spend.get();
        }
        pool.shutdown();
        assertThat(total).isLessThanOrEqualTo(budget);
        assertThat(await(replicas.get(0).spent("run:calls"))).isEqualTo(total);
    }

    static List<Reservation> reserveConcurrently(
            List<BudgetStore> replicas,
            String scope,
            long budget,
            long worst,
            int threads,
            int perThread)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Reservation>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            BudgetStore store = replicas.get(t % replicas.size());
            results.add(
                    pool.submit(
                            () -> {
                                List<CompletableFuture<Reservation>> stages = new ArrayList<>();
                                for (int i = 0; i < perThread; i++) {
                                    stages.add(
                                            store.reserve(scope, budget, worst)
                                                    .toCompletableFuture());
                                }
                                List<Reservation> out = new ArrayList<>();
                                stages.forEach(stage -> out.add(stage.join()));
                                return out;
                            }));
        }
        List<Reservation> all = new ArrayList<>();
        for (Future<List<Reservation>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();
        return all;
    }
}
