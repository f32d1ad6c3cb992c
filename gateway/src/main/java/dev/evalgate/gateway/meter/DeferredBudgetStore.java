package dev.evalgate.gateway.meter;

import dev.evalgate.pricing.budget.BudgetStore;
import dev.evalgate.pricing.budget.Reservation;
import java.util.concurrent.CompletionStage;

/** A Redis budget store reached through a connection that may still be opening. */
final class DeferredBudgetStore implements BudgetStore {

    private final OnConnection<? extends BudgetStore> store;

    DeferredBudgetStore(OnConnection<? extends BudgetStore> store) {
        this.store = store;
    }

    @Override
    public CompletionStage<Reservation> reserve(
            String scopeKey, long budgetMicros, long worstCaseMicros) {
        return store.get().thenCompose(s -> s.reserve(scopeKey, budgetMicros, worstCaseMicros));
    }

    @Override
    public CompletionStage<Void> reconcile(Reservation reservation, long actualMicros) {
        return store.get().thenCompose(s -> s.reconcile(reservation, actualMicros));
    }

    @Override
    public CompletionStage<Long> spent(String scopeKey) {
        return store.get().thenCompose(s -> s.spent(scopeKey));
    }
}
