package dev.evalgate.pricing.budget;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Budgets of a single gateway without Redis, with the semantics of {@link RedisBudgetStore}: each
 * method decides under the store's monitor, timed by the injected clock, and returns a completed
 * stage.
 */
public final class InMemoryBudgetStore implements BudgetStore {

    private final BudgetSettings settings;
    private final Clock clock;
    private final Map<String, Scope> scopes = new HashMap<>();

    private static final class Scope {
        long spent;
        long touchedMillis;
        final Map<String, Held> held = new HashMap<>();
    }

    private record Held(long micros, long expiresAtMillis) {}

    /** A store with the default settings on the system clock. */
    public InMemoryBudgetStore() {
        this(BudgetSettings.DEFAULTS, Clock.systemUTC());
    }

    /** A store with these settings, timed by {@code clock}. */
    public InMemoryBudgetStore(BudgetSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized CompletionStage<Reservation> reserve(
            String scopeKey, long budgetMicros, long worstCaseMicros) {
        ReservationIds.requireArguments(budgetMicros, worstCaseMicros);
        long now = clock.millis();
        dropIdleScopes(now);
        Scope scope = scopes.computeIfAbsent(scopeKey, k -> new Scope());
        scope.touchedMillis = now;
        scope.held.values().removeIf(held -> held.expiresAtMillis() <= now);
        long reserved = scope.held.values().stream().mapToLong(Held::micros).sum();
        boolean granted = scope.spent + reserved + worstCaseMicros <= budgetMicros;
        String id = ReservationIds.next();
        if (granted) {
            scope.held.put(
                    id, new Held(worstCaseMicros, now + settings.reservationTimeout().toMillis()));
        }
        return CompletableFuture.completedFuture(
                new Reservation(
                        scopeKey,
                        id,
                        granted,
                        worstCaseMicros,
                        scope.spent,
                        reserved,
                        budgetMicros));
    }

    @Override
    public synchronized CompletionStage<Void> reconcile(
            Reservation reservation, long actualMicros) {
        requireActual(actualMicros);
        Scope scope = scopes.computeIfAbsent(reservation.scopeKey(), k -> new Scope());
        scope.touchedMillis = clock.millis();
        scope.held.remove(reservation.id());
        scope.spent = Math.addExact(scope.spent, actualMicros);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Long> spent(String scopeKey) {
        dropIdleScopes(clock.millis());
        Scope scope = scopes.get(scopeKey);
        return CompletableFuture.completedFuture(scope == null ? 0L : scope.spent);
    }

    private void dropIdleScopes(long now) {
        long oldest = now - settings.scopeRetention().toMillis();
        scopes.values().removeIf(scope -> scope.touchedMillis < oldest);
    }

    static void requireActual(long actualMicros) {
        if (actualMicros < 0) {
            throw new IllegalArgumentException(
                    "actualMicros: " + actualMicros + " (expected: >= 0)");
        }
    }
}
