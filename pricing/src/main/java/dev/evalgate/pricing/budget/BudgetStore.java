package dev.evalgate.pricing.budget;

import java.util.concurrent.CompletionStage;

/**
 * Budgets enforced before dispatch: a call reserves its worst-case cost and is let through only if
 * {@code spent + reserved + worstCase <= budget}, atomically, so concurrent calls and gateway
 * replicas cannot together overshoot. After the call, {@link #reconcile} replaces the reservation
 * with the real cost. A budget can then be exceeded only by calls whose real cost exceeds their
 * worst case, which a worst case from the prompt's tokens plus {@code max_tokens} at the catalog's
 * highest rates does not.
 *
 * <p>A reservation whose holder never reconciles (a replica died mid-call) lapses after the store's
 * reservation timeout. Every method returns at once.
 */
public interface BudgetStore {

    /**
     * Reserves {@code worstCaseMicros} against the scope's budget if it fits.
     *
     * @param scopeKey the scope, such as {@code run:<id>} or {@code pipeline:<name>:<yyyy-mm-dd>}
     * @param budgetMicros the budget of the scope, as configured or as the caller asked
     */
    CompletionStage<Reservation> reserve(String scopeKey, long budgetMicros, long worstCaseMicros);

    /**
     * Releases the reservation, if still held, and adds the call's real cost to the scope's spend.
     * Call it once per reservation, granted or denied (a denied call that went ahead anyway, under
     * a {@code warn} or {@code downgrade} action, still spends), with zero for a call that cost
     * nothing.
     */
    CompletionStage<Void> reconcile(Reservation reservation, long actualMicros);

    /** The scope's reconciled spend; zero for a scope never charged or expired. */
    CompletionStage<Long> spent(String scopeKey);
}
