package dev.evalgate.pricing.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of run and day hashes, shared by the Redis and in-memory ledgers so both sum and read
 * figures the same way.
 *
 * <p>A run hash holds totals ({@code calls}, {@code hits}, {@code cost}…), per-model and per-tier
 * figures as {@code model:<provider>/<model>:<figure>} and {@code tier:<tier>:<figure>}, unknown
 * models as {@code unknown:<provider>/<model>}, and {@code pipeline}, {@code catalog}, {@code
 * first}, {@code last}. A day hash holds {@code <traffic>:cost}, {@code <traffic>:saved}, {@code
 * <traffic>:calls} and {@code production:reported}.
 */
final class LedgerFields {

    /** The widest range {@link Ledger#spend} and {@link Ledger#recordProduction} accept. */
    static final int MAX_DAYS = 800;

    private static final String MODEL = "model:";
    private static final String TIER = "tier:";
    private static final String UNKNOWN = "unknown:";
    private static final String REPORTED = "production:reported";

    private LedgerFields() {}

    static HashUpdate runUpdate(LedgerEntry e) {
        HashUpdate u = new HashUpdate();
        u.add("calls", 1).add(e.cache().label(), 1);
        u.add("served", e.servedTokens()).add("billed", e.billedTokens());
        u.add("cost", e.costMicros()).add("saved", e.savedMicros());
        u.add("estimated", e.estimated() ? 1 : 0);
        String model = e.provider() + "/" + e.model();
        tally(u, MODEL + model + ":", e);
        tally(u, TIER + e.tier() + ":", e);
        if (e.unknownModel()) {
            u.add(UNKNOWN + model, 1);
        }
        u.setIfAbsent("pipeline", e.pipeline());
        u.set("catalog", e.catalogVersion());
        u.min("first", e.atMillis()).max("last", e.atMillis());
        return u;
    }

    private static void tally(HashUpdate u, String prefix, LedgerEntry e) {
        u.add(prefix + "calls", 1).add(prefix + "hits", isSaving(e.cache()) ? 1 : 0);
        u.add(prefix + "served", e.servedTokens()).add(prefix + "billed", e.billedTokens());
        u.add(prefix + "cost", e.costMicros()).add(prefix + "saved", e.savedMicros());
    }

    private static boolean isSaving(CacheOutcome cache) {
        return cache == CacheOutcome.HIT || cache == CacheOutcome.COALESCED;
    }

    static HashUpdate dayUpdate(LedgerEntry e) {
        String kind = e.traffic().label();
        return new HashUpdate()
                .add(kind + ":calls", 1)
                .add(kind + ":cost", e.costMicros())
                .add(kind + ":saved", e.savedMicros());
    }

    static HashUpdate reportedUpdate(long micros) {
        return new HashUpdate().add(REPORTED, micros);
    }

    /** The run's totals, or null if the hash is empty (never recorded, or expired). */
    static RunTotals parseRun(String runId, Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return null;
        }
        Map<String, Map<String, Long>> models = new HashMap<>();
        Map<String, Map<String, Long>> tiers = new HashMap<>();
        Map<String, Long> unknown = new HashMap<>();
        hash.forEach(
                (field, value) -> {
                    if (field.startsWith(MODEL)) {
                        collect(models, field.substring(MODEL.length()), value);
                    } else if (field.startsWith(TIER)) {
                        collect(tiers, field.substring(TIER.length()), value);
                    } else if (field.startsWith(UNKNOWN)) {
                        unknown.put(field.substring(UNKNOWN.length()), Long.parseLong(value));
                    }
                });
        return new RunTotals(
                runId,
                hash.getOrDefault("pipeline", ""),
                number(hash, "calls"),
                number(hash, CacheOutcome.HIT.label()),
                number(hash, CacheOutcome.MISS.label()),
                number(hash, CacheOutcome.COALESCED.label()),
                number(hash, CacheOutcome.BYPASS.label()),
                number(hash, "served"),
                number(hash, "billed"),
                number(hash, "cost"),
                number(hash, "saved"),
                number(hash, "estimated"),
                tallies(models),
                tallies(tiers),
                unknown,
                hash.getOrDefault("catalog", ""),
                number(hash, "first"),
                number(hash, "last"));
    }

    /** Splits {@code key:figure} at the last colon; keys (model ids) may hold colons. */
    private static void collect(Map<String, Map<String, Long>> into, String rest, String value) {
        int colon = rest.lastIndexOf(':');
        into.computeIfAbsent(rest.substring(0, colon), k -> new HashMap<>())
                .put(rest.substring(colon + 1), Long.parseLong(value));
    }

    private static Map<String, Tally> tallies(Map<String, Map<String, Long>> raw) {
        Map<String, Tally> out = new HashMap<>();
        raw.forEach(
                (key, f) ->
                        out.put(
                                key,
                                new Tally(
                                        f.getOrDefault("calls", 0L),
                                        f.getOrDefault("hits", 0L),
                                        f.getOrDefault("served", 0L),
                                        f.getOrDefault("billed", 0L),
                                        f.getOrDefault("cost", 0L),
                                        f.getOrDefault("saved", 0L))));
        return out;
    }

    static SpendTotals sumDays(LocalDate from, LocalDate to, List<Map<String, String>> days) {
        long eval = 0;
        long production = 0;
        long reported = 0;
        long shadow = 0;
        long saved = 0;
        for (Map<String, String> day : days) {
            eval += number(day, "eval:cost");
            reported += number(day, REPORTED);
            production += number(day, "production:cost") + number(day, REPORTED);
            shadow += number(day, "shadow:cost");
            for (TrafficKind kind : TrafficKind.values()) {
                saved += number(day, kind.label() + ":saved");
            }
        }
        return new SpendTotals(from, to, eval, production, reported, shadow, saved);
    }

    private static long number(Map<String, String> hash, String field) {
        String value = hash.get(field);
        return value == null ? 0 : Long.parseLong(value);
    }

    static LocalDate dayOf(long atMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(atMillis), ZoneOffset.UTC);
    }

    /** The days {@code [from, to)}; rejects an empty, reversed or too wide range. */
    static List<LocalDate> days(LocalDate from, LocalDate to) {
        long count = ChronoUnit.DAYS.between(from, to);
        if (count < 1 || count > MAX_DAYS) {
            throw new IllegalArgumentException(
                    "days: [" + from + ", " + to + ") (expected: 1.." + MAX_DAYS + " days)");
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    /** {@code micros} in {@code parts} whole shares, the remainder on the first ones. */
    static long[] spread(long micros, int parts) {
        long[] shares = new long[parts];
        long base = micros / parts;
        long remainder = micros % parts;
        for (int i = 0; i < parts; i++) {
            shares[i] = base + (i < remainder ? 1 : 0);
        }
        return shares;
    }
}
