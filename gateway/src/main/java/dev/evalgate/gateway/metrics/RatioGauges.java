package dev.evalgate.gateway.metrics;

import dev.evalgate.pricing.ratio.RatioBand;
import dev.evalgate.pricing.ratio.TestingRatio;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The Testing-to-Inference ratio gauges, read at scrape time from the latest measured {@link
 * TestingRatio}. Before the first measurement (the supplier returns null) every one reads NaN: not
 * yet known is not the same as healthy or as zero spend, and NaN compares false in any alert.
 */
final class RatioGauges {

    private RatioGauges() {}

    /** Registers the four gauges on {@code registry}, each reading {@code latest}. */
    static void register(MeterRegistry registry, Supplier<TestingRatio> latest) {
        gauge(
                registry,
                latest,
                MeterNames.TESTING_RATIO,
                "Testing-to-Inference ratio: eval spend / (eval + production spend) over the"
                        + " ratio window, 0..1; NaN until first measured",
                null,
                r -> r.ratio(6).doubleValue());
        gauge(
                registry,
                latest,
                MeterNames.TESTING_RATIO_BAND,
                "Band of the Testing-to-Inference ratio: 0 healthy, 1 elevated, 2 warning,"
                        + " 3 critical; NaN until first measured",
                null,
                r -> bandNumber(r.band()));
        gauge(
                registry,
                latest,
                MeterNames.EVAL_SPEND_WINDOW,
                "Eval spend over the Testing-to-Inference ratio window, in US dollars; NaN until"
                        + " first measured",
                "usd",
                r -> r.evalMicros() / 1e6);
        gauge(
                registry,
                latest,
                MeterNames.PRODUCTION_SPEND_WINDOW,
                "Production spend over the Testing-to-Inference ratio window, in US dollars; NaN"
                        + " until first measured",
                "usd",
                r -> r.productionMicros() / 1e6);
    }

    /** The band as the gauge reports it: healthy 0, elevated 1, warning 2, critical 3. */
    static int bandNumber(RatioBand band) {
        return switch (band) {
            case HEALTHY -> 0;
            case ELEVATED -> 1;
            case WARNING -> 2;
            case CRITICAL -> 3;
        };
    }

    private static void gauge(
            MeterRegistry registry,
            Supplier<TestingRatio> latest,
            String name,
            String description,
            String baseUnit,
            ToDoubleFunction<TestingRatio> value) {
        Gauge.builder(
                        name,
                        latest,
                        s -> {
                            TestingRatio r = s.get();
                            return r == null ? Double.NaN : value.applyAsDouble(r);
                        })
                .description(description)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry);
    }
}
