package dev.evalgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.pricing.ratio.RatioBand;
import dev.evalgate.pricing.ratio.RatioBands;
import dev.evalgate.pricing.ratio.TestingRatio;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RatioMetricsTest {

    private static final LocalDate FROM = LocalDate.of(2025, 1, 1);

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final AtomicReference<TestingRatio> latest = new AtomicReference<>();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void readsNaNUntilTheFirstMeasurement() {
        metrics.ratioGauges(latest::get);

        assertThat(metrics.scrape())
                .contains("evalgate_testing_ratio NaN")
                .contains("evalgate_testing_ratio_band NaN")
                .contains("evalgate_eval_spend_window_usd NaN")
                .contains("evalgate_production_spend_window_usd NaN");
    }

    @Test
    void readsTheLatestMeasuredRatioAtScrapeTime() {
        metrics.ratioGauges(latest::get);
        latest.set(ratio(150_000, 850_000));

        assertThat(metrics.scrape())
                .contains("evalgate_testing_ratio 0.15\n")
                .contains("evalgate_testing_ratio_band 2.0\n")
                .contains("evalgate_eval_spend_window_usd 0.15\n")
                .contains("evalgate_production_spend_window_usd 0.85\n")
                .contains("# HELP evalgate_testing_ratio_band Band of the Testing-to-Inference")
                .contains("0 healthy, 1 elevated, 2 warning, 3 critical");

        latest.set(ratio(1, 999_999));

        assertThat(metrics.scrape())
                .contains("evalgate_testing_ratio 1.0E-6\n")
                .contains("evalgate_testing_ratio_band 0.0\n");
    }

    @Test
    void keepsReadingASupplierNothingElseReferences() {
        metrics.ratioGauges(() -> ratio(400_000, 600_000));
        System.gc();

        assertThat(metrics.scrape())
                .contains("evalgate_testing_ratio 0.4\n")
                .contains("evalgate_testing_ratio_band 3.0\n");
    }

    @Test
    void numbersTheBandsMildestFirst() {
        assertThat(RatioGauges.bandNumber(RatioBand.HEALTHY)).isZero();
        assertThat(RatioGauges.bandNumber(RatioBand.ELEVATED)).isEqualTo(1);
        assertThat(RatioGauges.bandNumber(RatioBand.WARNING)).isEqualTo(2);
        assertThat(RatioGauges.bandNumber(RatioBand.CRITICAL)).isEqualTo(3);
    }

    private static TestingRatio ratio(long evalMicros, long productionMicros) {
        return new TestingRatio(
                FROM,
                FROM.plusDays(30),
                evalMicros,
                productionMicros,
                RatioBands.DEFAULTS.bandOf(evalMicros, productionMicros));
    }
}
