package dev.evalgate.gateway.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Spend limits enforced before a call goes upstream.
 *
 * @param action what happens to a call that would exceed a budget, unless its pipeline says
 *     otherwise
 * @param downgradeTier the tier {@code downgrade} sends calls to, a declared tier; null when not
 *     configured, in which case no action is {@code downgrade}
 * @param assumedMaxTokens the output tokens a call is assumed to produce at most when it sets no
 *     {@code max_tokens}, for its worst-case reservation
 * @param reservationTimeout how long a reservation holds budget when its call never reports back
 * @param pipelines budgets per {@code X-Eval-Pipeline} name or glob, first match wins
 */
public record BudgetConfig(
        Action action,
        String downgradeTier,
        long assumedMaxTokens,
        Duration reservationTimeout,
        Map<String, PipelineBudget> pipelines) {

    /** Default output-token bound for calls without {@code max_tokens}. */
    public static final long DEFAULT_ASSUMED_MAX_TOKENS = 4096;

    /** Creates the config; the map keeps its order. */
    public BudgetConfig {
        pipelines = Collections.unmodifiableMap(new LinkedHashMap<>(pipelines));
    }

    /** The defaults: reject, no downgrade tier, 4096 tokens, 15-minute reservations, none set. */
    public static BudgetConfig defaults() {
        return new BudgetConfig(
                Action.REJECT, null, DEFAULT_ASSUMED_MAX_TOKENS, Duration.ofMinutes(15), Map.of());
    }

    /** The budget of a pipeline: the first matching entry, or null. */
    public PipelineBudget forPipeline(String pipeline) {
        if (pipeline != null) {
            for (Map.Entry<String, PipelineBudget> e : pipelines.entrySet()) {
                if (ModelPattern.matches(e.getKey(), pipeline)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /** The action for a pipeline: its own, else the default. */
    public Action actionFor(String pipeline) {
        PipelineBudget b = forPipeline(pipeline);
        return b != null && b.action() != null ? b.action() : action;
    }

    /**
     * One pipeline's limits; each may be absent.
     *
     * @param runMicros the budget of each run of the pipeline, micro-dollars, or null
     * @param dailyMicros the pipeline's budget per UTC day, micro-dollars, or null
     * @param action this pipeline's action, or null for the default
     */
    public record PipelineBudget(Long runMicros, Long dailyMicros, Action action) {}

    /** What happens to a call that would exceed its budget. */
    public enum Action {
        /** HTTP 402 naming the run, its spend and its budget. */
        REJECT,
        /** Sent to the downgrade tier instead (its answer is not cached). */
        DOWNGRADE,
        /** Sent as asked, with an {@code X-Eval-Budget: exceeded} header and a metric. */
        WARN;

        /** The name in config and reports. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
