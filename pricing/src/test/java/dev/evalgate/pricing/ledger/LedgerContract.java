package dev.evalgate.pricing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link Ledger} must do; subclasses supply the ledger. */
abstract class LedgerContract {

    static final long DAY1 = Instant.parse("2026-11-01T10:00:00Z").toEpochMilli();
    static final long DAY2 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    static final long DAY3 = Instant.parse("2026-11-03T23:59:59Z").toEpochMilli();

    abstract Ledger ledger();

    static LedgerEntry.Builder call(String runId) {
        return LedgerEntry.builder()
                .runId(runId)
                .pipeline("nightly")
                .tenant("team-a")
                .route("eval/semantic")
                .tier("frontier")
                .model("openai", "gpt-4o")
                .catalogVersion("2026-11-01")
                .atMillis(DAY1);
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void sumsARunsCallsByOutcomeModelAndTier() {
        Ledger ledger = ledger();
        await(ledger.record(call("r1").tokens(2306, 2306).micros(5615, 0).build()));
        await(
                ledger.record(
                        call("r1")
                                .cache(CacheOutcome.HIT)
                                .tokens(2306, 0)
                                .micros(0, 5615)
                                .atMillis(DAY1 + 5)
                                .build()));
        await(
                ledger.record(
                        call("r1")
                                .cache(CacheOutcome.COALESCED)
                                .tokens(2306, 0)
                                .micros(0, 5615)
                                .atMillis(DAY1 - 5)
                                .build()));
        await(
                ledger.record(
                        call("r1")
                                .cache(CacheOutcome.BYPASS)
                                .tier("proxy")
                                .model("groq", "llama-3.1-8b-instant")
                                .tokens(100, 100)
                                .micros(7, 0)
                                .estimated(true)
                                .build()));
        await(
                ledger.record(
                        call("r1")
                                .model("openai", "ft:gpt-4o:acme::x1")
                                .tokens(50, 50)
                                .unknownModel(true)
                                .catalogVersion("2026-11-01+overrides")
                                .build()));

        RunTotals run = await(ledger.run("r1")).orElseThrow();
        assertThat(run.runId()).isEqualTo("r1");
        assertThat(run.pipeline()).isEqualTo("nightly");
        assertThat(run.calls()).isEqualTo(5);
        assertThat(run.hits()).isEqualTo(1);
        assertThat(run.coalesced()).isEqualTo(1);
        assertThat(run.misses()).isEqualTo(2);
        assertThat(run.bypassed()).isEqualTo(1);
        assertThat(run.servedTokens()).isEqualTo(2306 * 3 + 100 + 50);
        assertThat(run.billedTokens()).isEqualTo(2306 + 100 + 50);
        assertThat(run.costMicros()).isEqualTo(5615 + 7);
        assertThat(run.savedMicros()).isEqualTo(5615 * 2);
        assertThat(run.estimatedCalls()).isEqualTo(1);
        assertThat(run.byModel())
                .containsEntry("openai/gpt-4o", new Tally(3, 2, 2306 * 3, 2306, 5615, 5615 * 2))
                .containsEntry("groq/llama-3.1-8b-instant", new Tally(1, 0, 100, 100, 7, 0))
                .containsEntry("openai/ft:gpt-4o:acme::x1", new Tally(1, 0, 50, 50, 0, 0));
        assertThat(run.byTier())
                .containsEntry("frontier", new Tally(4, 2, 2306 * 3 + 50, 2356, 5615, 5615 * 2))
                .containsEntry("proxy", new Tally(1, 0, 100, 100, 7, 0));
        assertThat(run.unknownModels()).isEqualTo(Map.of("openai/ft:gpt-4o:acme::x1", 1L));
        assertThat(run.catalogVersion()).isEqualTo("2026-11-01+overrides");
        assertThat(run.firstAtMillis()).isEqualTo(DAY1 - 5);
        assertThat(run.lastAtMillis()).isEqualTo(DAY1 + 5);
    }

    @Test
    void anUnknownRunIsEmpty() {
        assertThat(await(ledger().run("never-recorded"))).isEmpty();
    }

    @Test
    void listsAPipelinesRunsNewestFirst() {
        Ledger ledger = ledger();
        await(ledger.record(call("old").atMillis(DAY1).build()));
        await(ledger.record(call("new").atMillis(DAY3).build()));
        await(ledger.record(call("mid").atMillis(DAY2).build()));
        await(ledger.record(call("old").atMillis(DAY3 + 1).build()));
        await(ledger.record(call("other").pipeline("weekly").atMillis(DAY3).build()));

        List<RunTotals> runs = await(ledger.runs("nightly", 2));
        assertThat(runs).extracting(RunTotals::runId).containsExactly("new", "mid");
        assertThat(await(ledger.runs("nightly", 10)))
                .extracting(RunTotals::runId)
                .containsExactly("new", "mid", "old");
        assertThat(await(ledger.runs("nobody", 10))).isEmpty();
        assertThatThrownBy(() -> ledger.runs("nightly", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sumsSpendByTrafficKindOverWholeUtcDays() {
        Ledger ledger = ledger();
        await(ledger.record(call("r").micros(100, 0).atMillis(DAY1).build()));
        await(
                ledger.record(
                        call("r").micros(0, 40).cache(CacheOutcome.HIT).atMillis(DAY2).build()));
        await(
                ledger.record(
                        call("").traffic(TrafficKind.PRODUCTION)
                                .micros(1000, 0)
                                .atMillis(DAY2)
                                .build()));
        await(
                ledger.record(
                        call("").traffic(TrafficKind.SHADOW).micros(10, 0).atMillis(DAY3).build()));

        SpendTotals all = await(ledger.spend(day(1), day(4)));
        assertThat(all).isEqualTo(new SpendTotals(day(1), day(4), 100, 1000, 0, 10, 40));
        SpendTotals second = await(ledger.spend(day(2), day(3)));
        assertThat(second).isEqualTo(new SpendTotals(day(2), day(3), 0, 1000, 0, 0, 40));
        assertThat(await(ledger.spend(day(4), day(9))).evalMicros()).isZero();
    }

    @Test
    void callsWithoutARunCountTowardSpendOnly() {
        Ledger ledger = ledger();
        await(ledger.record(call("").micros(5, 0).build()));
        assertThat(await(ledger.run(""))).isEmpty();
        assertThat(await(ledger.spend(day(1), day(2))).evalMicros()).isEqualTo(5);
    }

    @Test
    void spreadsReportedProductionSpendExactlyOverItsDays() {
        Ledger ledger = ledger();
        await(ledger.recordProduction(day(1), day(4), 100));
        assertThat(await(ledger.spend(day(1), day(2))).productionMicros()).isEqualTo(34);
        assertThat(await(ledger.spend(day(2), day(4))).productionMicros()).isEqualTo(66);
        SpendTotals all = await(ledger.spend(day(1), day(8)));
        assertThat(all.productionMicros()).isEqualTo(100);
        assertThat(all.productionReportedMicros()).isEqualTo(100);
    }

    @Test
    void rejectsEmptyReversedAndOverlongRanges() {
        Ledger ledger = ledger();
        assertThatThrownBy(() -> ledger.spend(day(2), day(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.spend(day(3), day(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.recordProduction(day(1), day(1).plusYears(5), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.recordProduction(day(1), day(2), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static LocalDate day(int dayOfNovember) {
        return LocalDate.of(2026, 11, 1).plusDays(dayOfNovember - 1L);
    }
}
