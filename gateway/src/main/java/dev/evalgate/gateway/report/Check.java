package dev.evalgate.gateway.report;

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
}
