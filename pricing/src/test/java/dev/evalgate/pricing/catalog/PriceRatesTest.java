package dev.evalgate.pricing.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceRatesTest {

    @Test
    void buildsEveryFigureExactly() {
        Map<String, BigDecimal> figures = new LinkedHashMap<>();
        figures.put("input", new BigDecimal("0.05"));
        figures.put("output", new BigDecimal("0.08"));
        figures.put("cached_input", new BigDecimal("0.01"));
        figures.put("cache_write", new BigDecimal("0.1"));
        figures.put("cache_read", new BigDecimal("0.000001"));
        figures.put("per_request", new BigDecimal("0"));
        figures.put("gpu_hour", new BigDecimal("1.20"));

        assertThat(PriceRates.toPrice(figures))
                .isEqualTo(
                        new ModelPrice(
                                new BigDecimal("0.05"),
                                new BigDecimal("0.01"),
                                new BigDecimal("0.08"),
                                new BigDecimal("0.1"),
                                new BigDecimal("0.000001"),
                                new BigDecimal("0"),
                                new BigDecimal("1.20")));
    }

    @Test
    void unsetCacheRatesFollowTheBuilderDefaults() {
        ModelPrice price =
                PriceRates.toPrice(
                        Map.of(
                                "input", new BigDecimal("2.50"),
                                "output", new BigDecimal("10.00"),
                                "cached_input", new BigDecimal("1.25")));

        assertThat(price)
                .isEqualTo(
                        ModelPrice.builder()
                                .input(new BigDecimal("2.50"))
                                .output(new BigDecimal("10.00"))
                                .cachedInput(new BigDecimal("1.25"))
                                .build());
        assertThat(price.cacheWrite()).isEqualByComparingTo("2.50");
        assertThat(price.cacheRead()).isEqualByComparingTo("1.25");
        assertThat(price.perRequest()).isZero();
        assertThat(price.gpuHour()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "-0.01, >= 0",
        "1000000.000001, at most 1000000",
        "0.0000001, at most 6 decimals",
    })
    void namesWhatAFigureFailsToBe(String figure, String expected) {
        assertThat(PriceRates.problemWith(new BigDecimal(figure))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.000001", "1000000", "2.500000000", "1E+3"})
    void acceptsFiguresInRange(String figure) {
        assertThat(PriceRates.problemWith(new BigDecimal(figure))).isNull();
    }

    @Test
    void rejectsUnknownMissingAndInvalidFigures() {
        BigDecimal one = BigDecimal.ONE;
        assertThatThrownBy(() -> PriceRates.toPrice(Map.of("input", one, "output", one, "x", one)))
                .hasMessage(
                        "x: unknown (expected: one of input, cached_input, output, cache_write,"
                                + " cache_read, per_request, gpu_hour)");
        assertThatThrownBy(() -> PriceRates.toPrice(Map.of("input", one)))
                .hasMessage("output: missing (expected: a rate)");
        assertThatThrownBy(
                        () ->
                                PriceRates.toPrice(
                                        Map.of("input", one, "output", new BigDecimal("1e-7"))))
                .hasMessage("output: 0.0000001 (expected: at most 6 decimals)");
    }
}
