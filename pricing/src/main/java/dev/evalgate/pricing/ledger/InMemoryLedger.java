package dev.evalgate.pricing.ledger;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The ledger of a single gateway without Redis: the same figures and retention as {@link
 * RedisLedger}, kept in this process and lost with it.
 *
 * <p>Every method holds the ledger's monitor for a few map operations and returns a completed
 * stage. A run is forgotten {@link LedgerSettings#runRetention()} after its latest record and a
 * day's totals {@link LedgerSettings#dayRetention()} after that day, by the injected clock.
 */
public final class InMemoryLedger implements Ledger {

    private static final int PRUNE_EVERY = 256;

    private final LedgerSettings settings;
    private final Clock clock;
    private final Map<String, Map<String, String>> runs = new HashMap<>();
    private final Map<String, Long> runTouchedMillis = new HashMap<>();
    private final Map<String, Map<String, Long>> pipelines = new HashMap<>();
    private final Map<LocalDate, Map<String, String>> days = new HashMap<>();
    private int recordsSincePrune;

    /** A ledger with the default settings on the system clock. */
    public InMemoryLedger() {
        this(LedgerSettings.DEFAULTS, Clock.systemUTC());
    }

    /** A ledger with these retentions, timed by {@code clock}. */
    public InMemoryLedger(LedgerSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized CompletionStage<Void> record(LedgerEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (++recordsSincePrune >= PRUNE_EVERY) {
            prune();
        }
        if (!entry.runId().isEmpty()) {
            LedgerFields.runUpdate(entry)
                    .applyTo(runs.computeIfAbsent(entry.runId(), id -> new HashMap<>()));
            runTouchedMillis.put(entry.runId(), clock.millis());
            if (!entry.pipeline().isEmpty()) {
                pipelines
                        .computeIfAbsent(entry.pipeline(), p -> new HashMap<>())
                        .putIfAbsent(entry.runId(), entry.atMillis());
            }
        }
        LedgerFields.dayUpdate(entry)
                .applyTo(
                        days.computeIfAbsent(
                                LedgerFields.dayOf(entry.atMillis()), d -> new HashMap<>()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Optional<RunTotals>> run(String runId) {
        prune();
        return CompletableFuture.completedFuture(
                Optional.ofNullable(LedgerFields.parseRun(runId, runs.get(runId))));
    }

    @Override
    public synchronized CompletionStage<List<RunTotals>> runs(String pipeline, int limit) {
        requirePositive(limit);
        prune();
        List<RunTotals> out = new ArrayList<>();
        pipelines.getOrDefault(pipeline, Map.of()).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .filter(runs::containsKey)
                .limit(limit)
                .forEach(id -> out.add(LedgerFields.parseRun(id, runs.get(id))));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletionStage<SpendTotals> spend(LocalDate from, LocalDate to) {
        List<Map<String, String>> hashes = new ArrayList<>();
        for (LocalDate day : LedgerFields.days(from, to)) {
            hashes.add(days.getOrDefault(day, Map.of()));
        }
        return CompletableFuture.completedFuture(LedgerFields.sumDays(from, to, hashes));
    }

    @Override
    public synchronized CompletionStage<Void> recordProduction(
            LocalDate from, LocalDate to, long micros) {
        List<LocalDate> period = LedgerFields.days(from, to);
        requireNonNegative(micros);
        long[] shares = LedgerFields.spread(micros, period.size());
        for (int i = 0; i < shares.length; i++) {
            LedgerFields.reportedUpdate(shares[i])
                    .applyTo(days.computeIfAbsent(period.get(i), d -> new HashMap<>()));
        }
        return CompletableFuture.completedFuture(null);
    }

    private void prune() {
        recordsSincePrune = 0;
        long oldest = clock.millis() - settings.runRetention().toMillis();
        runTouchedMillis
                .entrySet()
                .removeIf(
                        touched -> {
                            if (touched.getValue() >= oldest) {
                                return false;
                            }
                            runs.remove(touched.getKey());
                            return true;
                        });
        pipelines.values().forEach(index -> index.keySet().retainAll(runs.keySet()));
        pipelines.values().removeIf(Map::isEmpty);
        LocalDate firstKept =
                LedgerFields.dayOf(clock.millis() - settings.dayRetention().toMillis());
        days.keySet().removeIf(day -> day.isBefore(firstKept));
    }

    static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
    }

    static void requireNonNegative(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("micros: " + micros + " (expected: >= 0)");
        }
    }
}
