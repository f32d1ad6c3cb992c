package dev.evalgate.gateway.config;

import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.ratio.RatioBands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How calls are priced and how long spend is kept.
 *
 * @param catalog a catalog file replacing the shipped one, or null for the shipped catalog
 * @param models prices added to or replacing catalog entries: by provider (a gateway provider name
 *     or a catalog provider), then by model id
 * @param runRetention how long a run's figures are kept after its latest call
 * @param ratioWindowDays the Testing-to-Inference ratio's rolling window, in UTC days
 * @param ratioBands where the ratio's bands start
 */
public record PricingConfig(
        Path catalog,
        Map<String, Map<String, ModelPrice>> models,
        Duration runRetention,
        int ratioWindowDays,
        RatioBands ratioBands) {

    /** Creates the config; the maps keep their order. */
    public PricingConfig {
        Map<String, Map<String, ModelPrice>> copy = new LinkedHashMap<>();
        models.forEach((p, m) -> copy.put(p, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        models = Collections.unmodifiableMap(copy);
    }

    /** The defaults: shipped catalog, no overrides, runs kept 30 days, 30-day ratio window. */
    public static PricingConfig defaults() {
        return new PricingConfig(null, Map.of(), Duration.ofDays(30), 30, RatioBands.DEFAULTS);
    }
}
