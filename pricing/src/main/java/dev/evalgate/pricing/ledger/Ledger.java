package dev.evalgate.pricing.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Spend per run and per day, shared by every gateway replica that records into it.
 *
 * <p>All figures are integer micro-dollars and token counts, summed with atomic increments, so
 * concurrent records from many replicas add up exactly. Every method returns at once; stages may
 * complete on the store's threads, so callers come back to their own executor.
 */
public interface Ledger {

    /**
     * Adds a call to its run (unless {@link LedgerEntry#runId()} is empty) and to its UTC day's
     * spend by traffic kind; the run is indexed under its pipeline.
     */
    CompletionStage<Void> record(LedgerEntry entry);

    /** A run's totals, or empty if no call was recorded for it within the retention. */
    CompletionStage<Optional<RunTotals>> run(String runId);

    /** A pipeline's most recently started runs, newest first, at most {@code limit}. */
    CompletionStage<List<RunTotals>> runs(String pipeline, int limit);

    /** Spend by traffic kind over UTC days {@code [from, to)}. */
    CompletionStage<SpendTotals> spend(LocalDate from, LocalDate to);

    /**
     * Adds reported production spend (from a billing export, say) for UTC days {@code [from, to)},
     * spread evenly over those days in whole micro-dollars, the remainder on the earliest days, so
     * every window sums exactly. Reporting the same period twice counts it twice.
     */
    CompletionStage<Void> recordProduction(LocalDate from, LocalDate to, long micros);
}
