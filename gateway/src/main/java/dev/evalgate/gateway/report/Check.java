package dev.evalgate.gateway.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of one threshold check on a run's report or a suite's estimate.
 *
 * @param name {@code cost-budget}, {@code ratio-band}, {@code unknown-models} or {@code
 *     expected-cost}
 * @param passed whether the run is within the threshold
 * @param message the verdict in words, with the figures it was decided on
 */
public record Check(String name, boolean passed, String message) {

    /** The check behind {@code --fail-over-usd}. */
    public static final String COST_BUDGET = "cost-budget";

    /** The check behind {@code --fail-ratio-band}. */
    public static final String RATIO_BAND = "ratio-band";

    /** Models priced at $0; gating only with {@code --fail-on-unknown-models}. */
    public static final String UNKNOWN_MODELS = "unknown-models";

    /** The check behind {@code evalgate estimate --fail-over-usd}. */
    public static final String EXPECTED_COST = "expected-cost";

    /** {@code all 3 checks passed}, or {@code 1 of 3 checks failed: cost-budget}. */
    static String summary(List<Check> checks) {
        List<String> failed = new ArrayList<>();
        for (Check c : checks) {
            if (!c.passed()) {
                failed.add(c.name());
            }
        }
        return failed.isEmpty()
                ? "all " + checks.size() + " checks passed"
                : failed.size()
                        + " of "
                        + checks.size()
                        + " checks failed: "
                        + String.join(", ", failed);
    }
}
