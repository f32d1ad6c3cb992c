package dev.evalgate.pricing.budget;

import java.util.Objects;

/**
 * The answer to {@link BudgetStore#reserve}: whether a call's worst-case cost fit its budget, and
 * the figures the decision was made on (enough for an error that names spend and budget).
 *
 * @param scopeKey the budget's scope (a run, or a pipeline and day)
 * @param id the reservation's id, unique per call
 * @param granted whether the amount was reserved
 * @param amountMicros the worst-case cost asked for
 * @param spentMicros the scope's reconciled spend when the decision was made
 * @param reservedMicros the scope's other outstanding reservations when the decision was made
 * @param budgetMicros the budget the decision was made against
 */
public record Reservation(
        String scopeKey,
        String id,
        boolean granted,
        long amountMicros,
        long spentMicros,
        long reservedMicros,
        long budgetMicros) {

    /** Rejects missing parts. */
    public Reservation {
        Objects.requireNonNull(scopeKey, "scopeKey");
        Objects.requireNonNull(id, "id");
    }

    /** What was left of the budget before this reservation; negative once overspent. */
    public long remainingMicros() {
        return budgetMicros - spentMicros - reservedMicros;
    }
}
