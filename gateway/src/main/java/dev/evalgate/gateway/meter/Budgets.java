package dev.evalgate.gateway.meter;

import dev.evalgate.cache.redis.RateLimitedLog;
import dev.evalgate.gateway.config.BudgetConfig;
import dev.evalgate.pricing.budget.BudgetStore;
import dev.evalgate.pricing.budget.Reservation;
import dev.evalgate.pricing.cost.Micros;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budgets a call must fit before it goes upstream: its run's ({@code X-Eval-Budget-Usd}, else
 * its pipeline's {@code run_usd}) and its pipeline's for the UTC day ({@code daily_usd}). A call
 * reserves its worst-case cost in every scope that applies, atomically per scope, and reconciles
 * the real cost when it is done.
 *
 * <p>Fails open: a budget store that cannot be reached lets calls through (logged and counted),
 * since refusing every call because Redis blinked would stop every pipeline.
 */
public final class Budgets {

    /** Largest {@code max_tokens} a worst case counts (guards the arithmetic). */
    public static final long MAX_OUTPUT_TOKENS = 100_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(Budgets.class);

    private final BudgetStore store;
    private final BudgetConfig config;
    private final Clock clock;
    private final RateLimitedLog warnings =
            new RateLimitedLog(LOG, "budget store", Duration.ofSeconds(30), System::nanoTime);

    Budgets(BudgetStore store, BudgetConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** The budget settings. */
    public BudgetConfig config() {
        return config;
    }

    /**
     * The output tokens a call's worst case counts: its {@code max_tokens} (at most {@link
     * #MAX_OUTPUT_TOKENS}), or {@code budgets.assumed_max_tokens} when it sets none.
     *
     * @param maxTokens the request's output bound, or -1 when it has none
     */
    public long worstCaseOutputTokens(long maxTokens) {
        return maxTokens >= 0 ? Math.min(maxTokens, MAX_OUTPUT_TOKENS) : config.assumedMaxTokens();
    }

    /**
     * The limits of a call, or null when none applies.
     *
     * @param runId the call's run, or null (a run budget needs one)
     * @param pipeline the call's pipeline, or null (a daily budget needs one)
     * @param requestedRunMicros the run budget the request asked for ({@code X-Eval-Budget-Usd}),
     *     or null for the pipeline's
     */
    public Limits limitsFor(String runId, String pipeline, Long requestedRunMicros) {
        BudgetConfig.PipelineBudget configured = config.forPipeline(pipeline);
        Long run = requestedRunMicros;
        if (run == null && configured != null) {
            run = configured.runMicros();
        }
        if (runId == null) {
            run = null;
        }
        Long daily = configured == null || pipeline == null ? null : configured.dailyMicros();
        if (run == null && daily == null) {
            return null;
        }
        return new Limits(runId, run, pipeline, daily, config.actionFor(pipeline));
    }

    /**
     * What bounds a call.
     *
     * @param runId the run, or null
     * @param runMicros the run's budget, or null
     * @param pipeline the pipeline, or null
     * @param dailyMicros the pipeline's budget for today, or null
     * @param action what to do when the call does not fit
     */
    public record Limits(
            String runId,
            Long runMicros,
            String pipeline,
            Long dailyMicros,
            BudgetConfig.Action action) {}

    /**
     * Reserves {@code worstCaseMicros} in every scope of {@code limits}. A reservation the store
     * could not make is left out (fail-open).
     */
    public CompletionStage<Hold> reserve(Limits limits, long worstCaseMicros) {
        List<CompletableFuture<Reservation>> asks = new ArrayList<>(2);
        if (limits.runMicros() != null) {
            asks.add(ask("run:" + limits.runId(), limits.runMicros(), worstCaseMicros));
        }
        if (limits.dailyMicros() != null) {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            asks.add(
                    ask(
                            "pipeline:" + limits.pipeline() + ":" + today,
                            limits.dailyMicros(),
                            worstCaseMicros));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenApply(
                        done -> {
                            List<Reservation> made = new ArrayList<>(asks.size());
                            for (CompletableFuture<Reservation> a : asks) {
                                Reservation r = a.join();
                                if (r != null) {
                                    made.add(r);
                                }
                            }
                            return new Hold(limits, made, worstCaseMicros);
                        });
    }

    private CompletableFuture<Reservation> ask(String scope, long budget, long worstCase) {
        return store.reserve(scope, budget, worstCase)
                .toCompletableFuture()
                .exceptionally(
                        e -> {
                            warnings.warn("reserve", e + " (calls go ahead without a reservation)");
                            return null;
                        });
    }

    /** Replaces a call's reservations with its real cost (zero for a call that was refused). */
    public void reconcile(Hold hold, long actualMicros, Runnable onFailure) {
        for (Reservation r : hold.reservations()) {
            store.reconcile(r, actualMicros)
                    .whenComplete(
                            (ok, e) -> {
                                if (e != null) {
                                    onFailure.run();
                                    warnings.warn("reconcile", e.toString());
                                }
                            });
        }
    }

    /**
     * A call's reservations.
     *
     * @param limits the limits they were made against
     * @param reservations one per scope the store answered for
     * @param worstCaseMicros what each reserved
     */
    public record Hold(Limits limits, List<Reservation> reservations, long worstCaseMicros) {

        /** The first scope the call did not fit, or null when it fit them all. */
        public Reservation denied() {
            for (Reservation r : reservations) {
                if (!r.granted()) {
                    return r;
                }
            }
            return null;
        }

        /** Which budget the denied reservation is of: {@code run} or {@code daily}. */
        public static String scopeOf(Reservation r) {
            return r.scopeKey().startsWith("run:") ? "run" : "daily";
        }

        /** A sentence naming the budget, its spend and the call's worst case. */
        public String describe(Reservation r) {
            String subject =
                    r.scopeKey().startsWith("run:")
                            ? "Run '" + limits.runId() + "' has spent $"
                            : "Pipeline '" + limits.pipeline() + "' has spent today (UTC) $";
            String budget = r.scopeKey().startsWith("run:") ? " budget" : " daily budget";
            return subject
                    + Micros.format(r.spentMicros())
                    + " of its $"
                    + Micros.format(r.budgetMicros())
                    + budget
                    + (r.reservedMicros() > 0
                            ? " ($"
                                    + Micros.format(r.reservedMicros())
                                    + " more is reserved by calls"
                                    + " in flight)"
                            : "")
                    + ", and this call could cost up to $"
                    + Micros.format(r.amountMicros())
                    + ".";
        }
    }
}
