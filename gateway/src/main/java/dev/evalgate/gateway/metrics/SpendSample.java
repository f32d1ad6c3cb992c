package dev.evalgate.gateway.metrics;

import dev.evalgate.pricing.usage.Usage;
import java.util.Objects;

/**
 * One finished call's spend, as the metering step hands it to {@link GatewayMetrics#spend}.
 *
 * @param provider gateway provider name
 * @param model the catalog model id the call was priced as, or {@code other} when unknown/not in
 *     catalog
 * @param traffic {@code eval}, {@code production} or {@code shadow}
 * @param pipeline {@code X-Eval-Pipeline} value, or null/empty when none was given
 * @param cache {@code hit}, {@code miss}, {@code coalesced} or {@code bypass}
 * @param usage the tokens served; {@link Usage#NONE} when unknown
 * @param billed true when the provider billed these tokens (misses, bypass), false for hits and
 *     coalesced requests
 * @param costMicros what the call cost, integer micro-dollars
 * @param savedMicros what the cache saved, integer micro-dollars
 */
public record SpendSample(
        String provider,
        String model,
        String traffic,
        String pipeline,
        String cache,
        Usage usage,
        boolean billed,
        long costMicros,
        long savedMicros) {

    /** Rejects missing labels and usage, and negative amounts (counters only go up). */
    public SpendSample {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(usage, "usage");
        if (costMicros < 0 || savedMicros < 0) {
            throw new IllegalArgumentException(
                    "costMicros, savedMicros: "
                            + costMicros
                            + ", "
                            + savedMicros
                            + " (expected: >= 0)");
        }
    }
}
