package dev.evalgate.gateway.meter;

import static dev.evalgate.gateway.meter.MeteringTest.bytes;
import static dev.evalgate.gateway.meter.MeteringTest.openAiAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.config.BudgetConfig.Action;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.http.GatewayHeaders;
import dev.evalgate.gateway.metrics.GatewayMetrics;
import dev.evalgate.pricing.ledger.CacheOutcome;
import dev.evalgate.pricing.ledger.RunTotals;
import dev.evalgate.pricing.ledger.TrafficKind;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One request's spend: priced once, recorded once, saved when it was a hit. */
class CallSpendTest {

    private static final RequestContext CONTEXT =
            new RequestContext("req-1", "team-a", "run-1", "nightly", null, TrafficKind.EVAL);

    /** gpt-4o: 2006 prompt (1920 cached) and 300 completion tokens cost 5615 µ$. */
    private static final byte[] ANSWER = bytes(openAiAnswer(2006, 1920, 300));

    private static final long ANSWER_MICROS = 5615;
    private static final long ANSWER_TOKENS = 2306;

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final GatewayConfig config = MeteringTest.config(MeteringTest.YAML);
    private final Metering metering = Metering.create(config, null, metrics, MeteringTest.CLOCK);

    @AfterEach
    void close() {
        metrics.close();
    }

    private ProviderConfig provider(String name) {
        return config.providers().get(name);
    }

    private CallSpend spend(String provider, String model) {
        return new CallSpend(
                metering,
                CONTEXT,
                "eval/semantic",
                ProviderKind.OPENAI,
                provider(provider),
                model,
                "frontier");
    }

    private RunTotals run() {
        Optional<RunTotals> run = metering.ledger().run("run-1").toCompletableFuture().join();
        assertThat(run).as("run-1 in the ledger").isPresent();
        return run.get();
    }

    @Test
    void missRecordsItsCostOnce() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.answered(ANSWER, null);

        spend.finish(CacheOutcome.MISS, 200);

        RunTotals run = run();
        assertThat(run.calls()).isEqualTo(1);
        assertThat(run.misses()).isEqualTo(1);
        assertThat(run.costMicros()).isEqualTo(ANSWER_MICROS);
        assertThat(run.savedMicros()).isZero();
        assertThat(run.billedTokens()).isEqualTo(ANSWER_TOKENS);
        assertThat(run.servedTokens()).isEqualTo(ANSWER_TOKENS);
        assertThat(run.pipeline()).isEqualTo("nightly");
        assertThat(run.catalogVersion()).isEqualTo(metering.catalogVersion());
        assertThat(run.byModel()).containsOnlyKeys("openai/gpt-4o");
        assertThat(run.byTier()).containsOnlyKeys("frontier");
        assertThat(run.lastAtMillis()).isEqualTo(MeteringTest.CLOCK.millis());
    }

    @Test
    void bypassIsBilledLikeAMiss() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.answered(ANSWER, null);

        spend.finish(CacheOutcome.BYPASS, 200);

        assertThat(run().bypassed()).isEqualTo(1);
        assertThat(run().costMicros()).isEqualTo(ANSWER_MICROS);
    }

    @Test
    void hitRecordsWhatItSavedAndBillsNothing() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.replayed(ANSWER, null);

        spend.finish(CacheOutcome.HIT, 200);

        RunTotals run = run();
        assertThat(run.hits()).isEqualTo(1);
        assertThat(run.costMicros()).isZero();
        assertThat(run.savedMicros()).isEqualTo(ANSWER_MICROS);
        assertThat(run.billedTokens()).isZero();
        assertThat(run.servedTokens()).isEqualTo(ANSWER_TOKENS);
    }

    @Test
    void coalescedCallIsSavedLikeAHit() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.replayed(ANSWER, null);

        spend.finish(CacheOutcome.COALESCED, 200);

        RunTotals run = run();
        assertThat(run.coalesced()).isEqualTo(1);
        assertThat(run.costMicros()).isZero();
        assertThat(run.savedMicros()).isEqualTo(ANSWER_MICROS);
        assertThat(run.billedTokens()).isZero();
        assertThat(run.servedTokens()).isEqualTo(ANSWER_TOKENS);
    }

    @Test
    void errorAnswerCostsNothing() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.answered(ANSWER, null);

        spend.finish(CacheOutcome.MISS, 502);

        RunTotals run = run();
        assertThat(run.calls()).isEqualTo(1);
        assertThat(run.costMicros()).isZero();
        assertThat(run.billedTokens()).isZero();
    }

    @Test
    void finishingTwiceRecordsOnce() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.answered(ANSWER, null);

        spend.finish(CacheOutcome.MISS, 200);
        spend.finish(CacheOutcome.MISS, 200);
        spend.finish(CacheOutcome.HIT, 200);

        assertThat(run().calls()).isEqualTo(1);
        assertThat(run().costMicros()).isEqualTo(ANSWER_MICROS);
    }

    @Test
    void retargetedCallIsPricedAtItsNewTargetsRates() {
        CallSpend spend = spend("openai", "gpt-4o");
        assertThat(spend.rates().label()).isEqualTo("openai/gpt-4o");

        spend.retarget(provider("house"), "gpt-4o", "proxy");
        spend.answered(ANSWER, null);
        spend.finish(CacheOutcome.MISS, 200);

        assertThat(spend.rates().label()).isEqualTo("house/gpt-4o");
        // house prices gpt-4o at $1/M for every prompt token and $2/M output: 2006 + 600.
        RunTotals run = run();
        assertThat(run.costMicros()).isEqualTo(2006 + 600);
        assertThat(run.byModel()).containsOnlyKeys("house/gpt-4o");
        assertThat(run.byTier()).containsOnlyKeys("proxy");
    }

    @Test
    void retargetToAnotherModelOfTheSameProviderChangesTheRates() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.rates();

        spend.retarget(provider("openai"), "gpt-4o-mini", "proxy");

        assertThat(spend.rates().label()).isEqualTo("openai/gpt-4o-mini");
        assertThat(spend.answered(ANSWER, null).micros())
                // 86 × $0.15/M + 1920 × $0.075/M + 300 × $0.60/M = 12.9 + 144 + 180
                .isEqualTo(337);
    }

    @Test
    void unknownModelIsFlaggedInTheLedgerAndTheMetrics() {
        CallSpend spend = spend("openai", "gpt-9-turbo");
        spend.answered(ANSWER, null);

        spend.finish(CacheOutcome.MISS, 200);

        RunTotals run = run();
        assertThat(run.costMicros()).isZero();
        assertThat(run.unknownModels())
                .containsExactly(java.util.Map.entry("openai/gpt-9-turbo", 1L));
        assertThat(metrics.scrape())
                .contains("evalgate_unknown_model_calls_total{provider=\"openai\"} 1.0");
    }

    @Test
    void knownModelLeavesTheUnknownCounterAtZero() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.answered(ANSWER, null);

        spend.finish(CacheOutcome.MISS, 200);

        assertThat(run().unknownModels()).isEmpty();
        assertThat(metrics.scrape())
                .contains("evalgate_unknown_model_calls_total{provider=\"openai\"} 0.0");
    }

    @Test
    void missHeadersCarryTheCost() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.answered(ANSWER, null);
        HttpHeaders h = new DefaultHttpHeaders();

        spend.addHeaders(h, false);

        assertThat(h.get(GatewayHeaders.EVAL_COST_USD)).isEqualTo("0.005615");
        assertThat(h.contains(GatewayHeaders.EVAL_SAVED_USD)).isFalse();
    }

    @Test
    void hitHeadersCarryZeroCostAndTheSaving() {
        CallSpend spend = spend("openai", "gpt-4o");
        spend.replayed(ANSWER, null);
        HttpHeaders h = new DefaultHttpHeaders();

        spend.addHeaders(h, true);

        assertThat(h.get(GatewayHeaders.EVAL_COST_USD)).isEqualTo("0.000000");
        assertThat(h.get(GatewayHeaders.EVAL_SAVED_USD)).isEqualTo("0.005615");
    }

    @Test
    void finishReconcilesTheBudgetHoldWithTheRealCost() {
        Budgets budgets = metering.budgets();
        Budgets.Hold hold =
                budgets.reserve(
                                new Budgets.Limits("run-1", 1_000_000L, null, null, Action.REJECT),
                                100_000)
                        .toCompletableFuture()
                        .join();
        CallSpend spend = spend("openai", "gpt-4o");
        spend.hold(hold);
        spend.answered(ANSWER, null);

        spend.finish(CacheOutcome.MISS, 200);
        spend.release();

        assertThat(metering.budgetStore().spent("run:run-1").toCompletableFuture().join())
                .isEqualTo(ANSWER_MICROS);
    }

    @Test
    void releaseFreesTheHoldWithoutSpend() {
        Budgets.Limits limits = new Budgets.Limits("run-1", 1_000L, null, null, Action.REJECT);
        Budgets.Hold hold = metering.budgets().reserve(limits, 1_000).toCompletableFuture().join();
        CallSpend spend = spend("openai", "gpt-4o");
        spend.hold(hold);

        spend.release();

        assertThat(metering.budgetStore().spent("run:run-1").toCompletableFuture().join()).isZero();
        Budgets.Hold next = metering.budgets().reserve(limits, 1_000).toCompletableFuture().join();
        assertThat(next.denied()).isNull();
    }
}
