package dev.evalgate.pricing.ratio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.pricing.TestClock;
import dev.evalgate.pricing.ledger.InMemoryLedger;
import dev.evalgate.pricing.ledger.LedgerEntry;
import dev.evalgate.pricing.ledger.LedgerSettings;
import dev.evalgate.pricing.ledger.TrafficKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestingRatioTest {

    private static final RatioBands BANDS = RatioBands.DEFAULTS;

    @ParameterizedTest
    @CsvSource({
        "0, 0, HEALTHY",
        "0, 100, HEALTHY",
        "4999, 95001, HEALTHY",
        "5, 95, ELEVATED",
        "14999, 85001, ELEVATED",
        "15, 85, WARNING",
        "29999, 70001, WARNING",
        "30, 70, CRITICAL",
        "1, 0, CRITICAL",
        "100, 0, CRITICAL",
    })
    void bandsTheRatioAtExactThresholds(long eval, long production, RatioBand band) {
        assertThat(BANDS.bandOf(eval, production)).isEqualTo(band);
    }

    @Test
    void noSpendAtAllIsHealthyWithRatioZero() {
        TestingRatio ratio = new TestingRatio(day(1), day(31), 0, 0, BANDS.bandOf(0, 0));
        assertThat(ratio.band()).isEqualTo(RatioBand.HEALTHY);
        assertThat(ratio.ratio(6)).isEqualByComparingTo("0");
    }

    @Test
    void acceptsConfiguredThresholdsAndRejectsDisorderedOnes() {
        RatioBands strict =
                new RatioBands(
                        new BigDecimal("0.01"), new BigDecimal("0.02"), new BigDecimal("0.03"));
        assertThat(strict.bandOf(2, 98)).isEqualTo(RatioBand.WARNING);
        assertThatThrownBy(
                        () ->
                                new RatioBands(
                                        new BigDecimal("0.2"),
                                        new BigDecimal("0.1"),
                                        new BigDecimal("0.3")))
                .hasMessageContaining("expected: 0 < elevated < warning < critical <= 1");
        assertThatThrownBy(() -> new RatioBands(BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The exact band agrees with a rational comparison in integers for random spend. */
    @ParameterizedTest
    @ValueSource(longs = {7, 11, 42, 1234, 99991})
    void bandAgreesWithIntegerComparison(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            long eval = random.nextLong(0, 1L << 40);
            long production = random.nextLong(0, 1L << 40);
            long total = eval + production;
            // eval / total >= p / 100  <=>  100 * eval >= p * total
            RatioBand expected =
                    total == 0 || eval == 0
                            ? RatioBand.HEALTHY
                            : 100 * eval >= 30 * total
                                    ? RatioBand.CRITICAL
                                    : 100 * eval >= 15 * total
                                            ? RatioBand.WARNING
                                            : 100 * eval >= 5 * total
                                                    ? RatioBand.ELEVATED
                                                    : RatioBand.HEALTHY;
            assertThat(BANDS.bandOf(eval, production)).isEqualTo(expected);
        }
    }

    @Test
    void movesAsProductionAndEvalSpendAreRecordedOverTheRollingWindow() {
        TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
        InMemoryLedger ledger = new InMemoryLedger(LedgerSettings.DEFAULTS, clock);
        assertThat(measure(ledger, clock).band()).isEqualTo(RatioBand.HEALTHY);

        ledger.record(spend(TrafficKind.EVAL, 100, clock));
        TestingRatio onlyEval = measure(ledger, clock);
        assertThat(onlyEval.band()).isEqualTo(RatioBand.CRITICAL);
        assertThat(onlyEval.percent()).isEqualByComparingTo("100");

        ledger.recordProduction(day(1), day(31), 1900);
        TestingRatio fivePercent = measure(ledger, clock);
        assertThat(fivePercent.evalMicros()).isEqualTo(100);
        assertThat(fivePercent.productionMicros()).isEqualTo(1900);
        assertThat(fivePercent.band()).isEqualTo(RatioBand.ELEVATED);
        assertThat(fivePercent.percent()).isEqualByComparingTo("5.00");

        ledger.record(spend(TrafficKind.PRODUCTION, 100, clock));
        ledger.record(spend(TrafficKind.SHADOW, 1_000_000, clock));
        assertThat(measure(ledger, clock).band()).isEqualTo(RatioBand.HEALTHY);

        // Ten days on, November 1-10 have left the window: 1900 spread over 30 days is 64 on
        // each of the first ten days and 63 on the rest.
        clock.advance(Duration.ofDays(10));
        TestingRatio later = measure(ledger, clock);
        assertThat(later.from()).isEqualTo(LocalDate.of(2026, 11, 11));
        assertThat(later.productionMicros()).isEqualTo(1900 - 10 * 64 + 100);
    }

    private static TestingRatio measure(InMemoryLedger ledger, TestClock clock) {
        return TestingRatio.measure(ledger, clock, TestingRatio.DEFAULT_WINDOW_DAYS, BANDS)
                .toCompletableFuture()
                .join();
    }

    private static LedgerEntry spend(TrafficKind kind, long micros, TestClock clock) {
        return LedgerEntry.builder()
                .traffic(kind)
                .model("openai", "gpt-4o")
                .micros(micros, 0)
                .atMillis(clock.millis())
                .build();
    }

    private static LocalDate day(int dayOfNovember) {
        return LocalDate.of(2026, 11, 1).plusDays(dayOfNovember - 1L);
    }
}
