package dev.evalgate.gateway.meter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.config.BudgetConfig;
import dev.evalgate.gateway.config.BudgetConfig.Action;
import dev.evalgate.pricing.budget.BudgetSettings;
import dev.evalgate.pricing.budget.BudgetStore;
import dev.evalgate.pricing.budget.InMemoryBudgetStore;
import dev.evalgate.pricing.budget.Reservation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which budgets bound a call, and how its worst case is reserved and reconciled. */
class BudgetsTest {

    private static final String DAY_SCOPE = "pipeline:nightly:2026-11-20";

    private final InMemoryBudgetStore store =
            new InMemoryBudgetStore(BudgetSettings.DEFAULTS, MeteringTest.CLOCK);

    private static BudgetConfig budgetConfig(String section) {
        return MeteringTest.config(
                        """
                        providers:
                          openai: {kind: openai, base_url: "https://api.openai.com/v1", models: [gpt-*]}
                        """
                                + section)
                .budgets();
    }

    private Budgets budgets(String section) {
        return new Budgets(store, budgetConfig(section), MeteringTest.CLOCK);
    }

    private static final String NIGHTLY =
            """
            budgets:
              pipelines:
                nightly: {run_usd: 25, daily_usd: 100}
            """;

    @Test
    void budgetHeaderOverridesThePipelinesRunBudget() {
        Budgets.Limits limits = budgets(NIGHTLY).limitsFor("r1", "nightly", 2_000_000L);

        assertThat(limits)
                .isEqualTo(
                        new Budgets.Limits(
                                "r1", 2_000_000L, "nightly", 100_000_000L, Action.REJECT));
    }

    @Test
    void pipelinesRunBudgetAppliesWithoutAHeader() {
        assertThat(budgets(NIGHTLY).limitsFor("r1", "nightly", null).runMicros())
                .isEqualTo(25_000_000L);
    }

    @Test
    void callWithoutRunHasNoRunScope() {
        Budgets b = budgets(NIGHTLY);

        Budgets.Limits limits = b.limitsFor(null, "nightly", 2_000_000L);

        assertThat(limits.runMicros()).isNull();
        assertThat(limits.dailyMicros()).isEqualTo(100_000_000L);
        assertThat(b.limitsFor(null, null, 2_000_000L)).isNull();
    }

    @Test
    void dailyBudgetNeedsAPipeline() {
        Budgets b = budgets("budgets: {pipelines: {\"*\": {daily_usd: 1}}}\n");

        assertThat(b.limitsFor("r1", null, null)).isNull();
        Budgets.Limits onlyRun = b.limitsFor("r1", null, 500_000L);
        assertThat(onlyRun.runMicros()).isEqualTo(500_000L);
        assertThat(onlyRun.dailyMicros()).isNull();
        assertThat(b.limitsFor("r1", "any", null).dailyMicros()).isEqualTo(1_000_000L);
    }

    @Test
    void firstMatchingPipelineGlobWins() {
        Budgets b =
                budgets(
                        """
                        budgets:
                          pipelines:
                            nightly-main: {run_usd: 1}
                            "nightly-*": {run_usd: 2}
                            "*": {run_usd: 3}
                        """);

        assertThat(b.limitsFor("r", "nightly-main", null).runMicros()).isEqualTo(1_000_000L);
        assertThat(b.limitsFor("r", "nightly-pr", null).runMicros()).isEqualTo(2_000_000L);
        assertThat(b.limitsFor("r", "smoke", null).runMicros()).isEqualTo(3_000_000L);
    }

    @Test
    void noLimitsMeansNone() {
        Budgets b = budgets("");

        assertThat(b.limitsFor("r1", "nightly", null)).isNull();
        assertThat(b.limitsFor(null, null, null)).isNull();
    }

    @Test
    void actionComesFromThePipelineElseTheDefault() {
        Budgets b =
                budgets(
                        """
                        budgets:
                          action: warn
                          pipelines:
                            strict: {run_usd: 1, action: reject}
                            loose: {run_usd: 1}
                        """);

        assertThat(b.limitsFor("r", "strict", null).action()).isEqualTo(Action.REJECT);
        assertThat(b.limitsFor("r", "loose", null).action()).isEqualTo(Action.WARN);
        assertThat(b.limitsFor("r", "unlisted", 1L).action()).isEqualTo(Action.WARN);
    }

    private static Budgets.Limits runOf(long budgetMicros) {
        return new Budgets.Limits("r1", budgetMicros, null, null, Action.REJECT);
    }

    private static Budgets.Hold reserve(Budgets b, Budgets.Limits limits, long worstCase) {
        return b.reserve(limits, worstCase).toCompletableFuture().join();
    }

    private long spent(String scope) {
        return store.spent(scope).toCompletableFuture().join();
    }

    @Test
    void callThatFitsIsGranted() {
        Budgets.Hold hold = reserve(budgets(""), runOf(1_000), 1_000);

        assertThat(hold.reservations()).singleElement().satisfies(r -> assertThat(r.granted()));
        assertThat(hold.denied()).isNull();
        assertThat(hold.reservations().get(0).scopeKey()).isEqualTo("run:r1");
    }

    @Test
    void callIsDeniedOnceSpentReservedAndWorstCaseExceedTheBudget() {
        Budgets b = budgets("");
        Budgets.Hold first = reserve(b, runOf(1_000), 400);
        reserve(b, runOf(1_000), 400);

        Budgets.Hold third = reserve(b, runOf(1_000), 300);

        Reservation denied = third.denied();
        assertThat(denied).isNotNull();
        assertThat(denied.reservedMicros()).isEqualTo(800);
        assertThat(denied.spentMicros()).isZero();

        // The first call cost less than its worst case: its reservation gives way to 100 spent.
        b.reconcile(first, 100, () -> {});
        assertThat(reserve(b, runOf(1_000), 300).denied()).isNull();
    }

    @Test
    void runAndDailyScopesAreBothReserved() {
        Budgets b = budgets("");
        Budgets.Limits both = new Budgets.Limits("r1", 1_000L, "nightly", 5_000L, Action.REJECT);

        Budgets.Hold hold = reserve(b, both, 600);

        assertThat(hold.reservations())
                .extracting(Reservation::scopeKey)
                .containsExactly("run:r1", DAY_SCOPE);
        assertThat(hold.reservations()).allMatch(Reservation::granted);
        assertThat(hold.worstCaseMicros()).isEqualTo(600);

        Budgets.Hold second = reserve(b, both, 600);
        Reservation denied = second.denied();
        assertThat(Budgets.Hold.scopeOf(denied)).isEqualTo("run");
        assertThat(second.reservations().get(1).granted()).isTrue();
    }

    @Test
    void reconcileReplacesReservationsWithTheRealCost() {
        Budgets b = budgets("");
        Budgets.Limits both = new Budgets.Limits("r1", 1_000L, "nightly", 5_000L, Action.REJECT);
        Budgets.Hold hold = reserve(b, both, 900);

        b.reconcile(hold, 250, () -> {});

        assertThat(spent("run:r1")).isEqualTo(250);
        assertThat(spent(DAY_SCOPE)).isEqualTo(250);
        // Nothing is left reserved: 250 spent + 750 fits a budget of 1000 exactly.
        Reservation next = reserve(b, both, 750).reservations().get(0);
        assertThat(next.granted()).isTrue();
        assertThat(next.reservedMicros()).isZero();
    }

    @Test
    void describesARunBudgetInDollars() {
        Budgets b = budgets("");
        Budgets.Hold spender = reserve(b, runOf(1_000), 1_000);
        b.reconcile(spender, 100, () -> {});
        reserve(b, runOf(1_000), 400);

        Budgets.Hold hold = reserve(b, runOf(1_000), 700);

        assertThat(hold.describe(hold.denied()))
                .isEqualTo(
                        "Run 'r1' has spent $0.000100 of its $0.001000 budget ($0.000400 more is"
                                + " reserved by calls in flight), and this call could cost up to"
                                + " $0.000700.");
    }

    @Test
    void describesADailyBudgetInDollars() {
        Budgets b = budgets("");
        Budgets.Limits daily = new Budgets.Limits(null, null, "nightly", 2_500_000L, Action.WARN);

        Budgets.Hold hold = reserve(b, daily, 3_000_000L);

        Reservation denied = hold.denied();
        assertThat(Budgets.Hold.scopeOf(denied)).isEqualTo("daily");
        assertThat(hold.describe(denied))
                .isEqualTo(
                        "Pipeline 'nightly' has spent today (UTC) $0.000000 of its $2.500000 daily"
                                + " budget, and this call could cost up to $3.000000.");
    }

    @Test
    void storeThatFailsLetsTheCallThrough() {
        AtomicInteger failures = new AtomicInteger();
        Budgets b = new Budgets(new FailingStore(), budgetConfig(""), MeteringTest.CLOCK);
        Budgets.Limits both = new Budgets.Limits("r1", 1L, "nightly", 1L, Action.REJECT);

        Budgets.Hold hold = reserve(b, both, 1_000_000);

        assertThat(hold.reservations()).isEmpty();
        assertThat(hold.denied()).isNull();
        b.reconcile(hold, 5, failures::incrementAndGet);
        assertThat(failures).hasValue(0);
    }

    @Test
    void reconcileThatFailsIsReportedNotThrown() {
        AtomicInteger failures = new AtomicInteger();
        Reservation r = new Reservation("run:r1", "id", true, 10, 0, 0, 100);
        Budgets b = new Budgets(new FailingStore(), budgetConfig(""), MeteringTest.CLOCK);

        b.reconcile(
                new Budgets.Hold(runOf(100), java.util.List.of(r), 10),
                5,
                failures::incrementAndGet);

        assertThat(failures).hasValue(1);
    }

    /** A store whose every answer fails, as Redis does when it cannot be reached. */
    static final class FailingStore implements BudgetStore {
        @Override
        public CompletionStage<Reservation> reserve(
                String scopeKey, long budgetMicros, long worstCaseMicros) {
            return CompletableFuture.failedFuture(new IllegalStateException("redis is down"));
        }

        @Override
        public CompletionStage<Void> reconcile(Reservation reservation, long actualMicros) {
            return CompletableFuture.failedFuture(new IllegalStateException("redis is down"));
        }

        @Override
        public CompletionStage<Long> spent(String scopeKey) {
            return CompletableFuture.failedFuture(new IllegalStateException("redis is down"));
        }
    }
}
