package dev.evalgate.gateway.report;

import dev.evalgate.pricing.cost.Micros;
import dev.evalgate.pricing.ratio.RatioBand;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The limits a CI job sets on a run. A check that cannot be decided because the report lacks its
 * figure fails: a gate that was asked for never passes by default.
 *
 * @param maxCostUsd fail when the cost is above this many dollars (exact), or null for no limit
 * @param failAtBand fail when the Testing-to-Inference ratio is in this band or worse, or null
 * @param failOnUnknownModels fail when a model was priced at $0 because the catalog lacks it
 */
public record Thresholds(BigDecimal maxCostUsd, RatioBand failAtBand, boolean failOnUnknownModels) {

    /** Rejects a negative budget. */
    public Thresholds {
        if (maxCostUsd != null && maxCostUsd.signum() < 0) {
            throw new IllegalArgumentException(
                    "maxCostUsd: " + maxCostUsd.toPlainString() + " (expected: >= 0)");
        }
    }

    /** No limits: every check passes, {@code unknown-models} only notes what it found. */
    public static Thresholds none() {
        return new Thresholds(null, null, false);
    }

    /** Whether any limit was set. */
    public boolean any() {
        return maxCostUsd != null || failAtBand != null || failOnUnknownModels;
    }

    /**
     * The checks of {@code report}: {@code cost-budget} and {@code ratio-band} when their limit is
     * set, {@code unknown-models} always.
     */
    public List<Check> evaluate(RunReport report) {
        List<Check> checks = new ArrayList<>();
        if (maxCostUsd != null) {
            checks.add(costBudget(report));
        }
        if (failAtBand != null) {
            checks.add(ratioBand(report));
        }
        checks.add(unknownModels(report));
        return checks;
    }

    private Check costBudget(RunReport report) {
        String budget = "$" + maxCostUsd.toPlainString();
        Long cost = report.costMicros();
        if (cost == null) {
            return new Check(
                    Check.COST_BUDGET,
                    false,
                    "the report carries no cost, so the budget of "
                            + budget
                            + " cannot be checked");
        }
        BigDecimal costUsd = Micros.toUsd(cost);
        if (costUsd.compareTo(maxCostUsd) > 0) {
            return new Check(
                    Check.COST_BUDGET,
                    false,
                    "cost $"
                            + costUsd.toPlainString()
                            + " is over the budget of "
                            + budget
                            + " by $"
                            + costUsd.subtract(maxCostUsd).toPlainString());
        }
        return new Check(
                Check.COST_BUDGET,
                true,
                "cost $" + costUsd.toPlainString() + " is within the budget of " + budget);
    }

    private Check ratioBand(RunReport report) {
        String limit = failAtBand.label();
        RunReport.Ratio ratio = report.ratio;
        if (ratio == null || ratio.bandLabel() == null) {
            return new Check(
                    Check.RATIO_BAND,
                    false,
                    "the report carries no Testing-to-Inference ratio, so the limit '"
                            + limit
                            + "' cannot be checked");
        }
        Optional<RatioBand> band = ratio.band();
        if (band.isEmpty()) {
            return new Check(
                    Check.RATIO_BAND,
                    false,
                    "unknown ratio band '"
                            + ratio.bandLabel()
                            + "', so the limit cannot be checked");
        }
        String figure = ratio.percent() == null ? "" : " (" + ratio.percent() + "%)";
        if (band.get().atLeast(failAtBand)) {
            return new Check(
                    Check.RATIO_BAND,
                    false,
                    "ratio band "
                            + band.get().label()
                            + figure
                            + " is at or above the limit '"
                            + limit
                            + "'");
        }
        return new Check(
                Check.RATIO_BAND,
                true,
                "ratio band "
                        + band.get().label()
                        + figure
                        + " is below the limit '"
                        + limit
                        + "'");
    }

    private Check unknownModels(RunReport report) {
        Map<String, Long> unknown = report.unknownModels;
        if (unknown.isEmpty()) {
            return new Check(Check.UNKNOWN_MODELS, true, "every model has a price");
        }
        String found =
                unknown.size()
                        + (unknown.size() == 1 ? " model" : " models")
                        + " priced at $0: "
                        + String.join(", ", unknown.keySet())
                        + "; add prices to pricing.models";
        if (failOnUnknownModels) {
            return new Check(Check.UNKNOWN_MODELS, false, found);
        }
        return new Check(
                Check.UNKNOWN_MODELS,
                true,
                found + " (not gating without --fail-on-unknown-models)");
    }
}
