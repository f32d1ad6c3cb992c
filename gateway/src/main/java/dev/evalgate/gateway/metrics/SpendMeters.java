package dev.evalgate.gateway.metrics;

import dev.evalgate.pricing.usage.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/** Spend, savings, tokens and priced calls, by bounded labels. */
final class SpendMeters {

    /*
     * Threading: spend() runs on every event loop at once. A label tuple's meters are built once
     * (computeIfAbsent) and kept in a ConcurrentHashMap keyed by a small record; after that a call
     * is a few lock-free map gets (get before computeIfAbsent, which may lock a bin) and
     * LongAdder/Counter increments: no tag building, no registry lookup.
     *
     * Money: integer micro-dollars accumulate in a LongAdder per series, and a FunctionCounter with
     * base unit usd reads sum / 1e6 at scrape time. The exposed dollars are the ledger's micros
     * divided once (the double nearest the exact amount), never a running sum of doubles.
     */

    /** Token shares, in {@link Usage} order, as the {@code kind} label spells them. */
    private static final String[] KINDS = {
        "input", "cached_input", "output", "cache_write", "cache_read"
    };

    private record MoneyKey(String provider, String model, String traffic, String pipeline) {}

    private record TokenKey(String provider, String model, String traffic, boolean billed) {}

    private record CallKey(String provider, String traffic, String usage) {}

    /** A series' spend and savings, in micro-dollars. */
    private static final class Money {
        final LongAdder spentMicros = new LongAdder();
        final LongAdder savedMicros = new LongAdder();
    }

    private final MeterRegistry registry;
    private final BoundedLabel pipelines;
    private final BoundedLabel models;
    private final ConcurrentHashMap<MoneyKey, Money> money = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TokenKey, AtomicReferenceArray<Counter>> tokens =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CallKey, Counter> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> unknownModels = new ConcurrentHashMap<>();

    SpendMeters(MeterRegistry registry, BoundedLabel pipelines, BoundedLabel models) {
        this.registry = registry;
        this.pipelines = pipelines;
        this.models = models;
    }

    void record(SpendSample s) {
        String model = models.of(s.model());
        MoneyKey key = new MoneyKey(s.provider(), model, s.traffic(), pipelines.of(s.pipeline()));
        Money m = money.get(key);
        if (m == null) {
            m = money.computeIfAbsent(key, this::registerMoney);
        }
        m.spentMicros.add(s.costMicros());
        m.savedMicros.add(s.savedMicros());

        Usage u = s.usage();
        if (u.totalTokens() > 0) {
            TokenKey tokenKey = new TokenKey(s.provider(), model, s.traffic(), s.billed());
            AtomicReferenceArray<Counter> byKind = tokens.get(tokenKey);
            if (byKind == null) {
                byKind =
                        tokens.computeIfAbsent(
                                tokenKey, k -> new AtomicReferenceArray<>(KINDS.length));
            }
            addTokens(byKind, 0, tokenKey, u.input());
            addTokens(byKind, 1, tokenKey, u.cachedInput());
            addTokens(byKind, 2, tokenKey, u.output());
            addTokens(byKind, 3, tokenKey, u.cacheWrite());
            addTokens(byKind, 4, tokenKey, u.cacheRead());
        }

        String usage = u.estimated() ? "estimated" : u.totalTokens() == 0 ? "none" : "reported";
        CallKey callKey = new CallKey(s.provider(), s.traffic(), usage);
        Counter priced = calls.get(callKey);
        if (priced == null) {
            priced = calls.computeIfAbsent(callKey, this::registerCalls);
        }
        priced.increment();
    }

    /** A call to a model the price catalog does not know. */
    void unknownModel(String provider) {
        unknownModelCounter(provider).increment();
    }

    private Counter unknownModelCounter(String provider) {
        Counter c = unknownModels.get(provider);
        if (c == null) {
            c =
                    unknownModels.computeIfAbsent(
                            provider,
                            p ->
                                    Counter.builder(MeterNames.UNKNOWN_MODEL_CALLS)
                                            .description(
                                                    "Calls to a model the price catalog does not"
                                                            + " know, priced at zero")
                                            .tag("provider", p)
                                            .register(registry));
        }
        return c;
    }

    private Money registerMoney(MoneyKey k) {
        // A provider's unknown-model series starts at zero with its first priced call, so
        // increase() and the alert see the first unknown model too.
        unknownModelCounter(k.provider());
        Money m = new Money();
        FunctionCounter.builder(MeterNames.SPEND, m.spentMicros, SpendMeters::usd)
                .description("What calls cost, in US dollars (exact to the micro-dollar)")
                .baseUnit("usd")
                .tags(moneyTags(k))
                .register(registry);
        FunctionCounter.builder(MeterNames.SAVED, m.savedMicros, SpendMeters::usd)
                .description(
                        "What cache hits and coalesced requests saved, in US dollars (exact to"
                                + " the micro-dollar)")
                .baseUnit("usd")
                .tags(moneyTags(k))
                .register(registry);
        return m;
    }

    private static String[] moneyTags(MoneyKey k) {
        return new String[] {
            "provider", k.provider(), "model", k.model(),
            "traffic", k.traffic(), "pipeline", k.pipeline()
        };
    }

    /** Adds {@code count} tokens of one kind, registering its counter on its first non-zero. */
    private void addTokens(AtomicReferenceArray<Counter> byKind, int kind, TokenKey k, long count) {
        if (count == 0) {
            return;
        }
        Counter c = byKind.get(kind);
        if (c == null) {
            // Registering twice is harmless: the registry hands back the meter it already has.
            c =
                    Counter.builder(MeterNames.TOKENS)
                            .description(
                                    "Tokens served, by share; billed=true the provider billed"
                                            + " them, billed=false the cache served them again")
                            .tag("provider", k.provider())
                            .tag("model", k.model())
                            .tag("kind", KINDS[kind])
                            .tag("traffic", k.traffic())
                            .tag("billed", Boolean.toString(k.billed()))
                            .register(registry);
            byKind.set(kind, c);
        }
        c.increment(count);
    }

    private Counter registerCalls(CallKey k) {
        return Counter.builder(MeterNames.CALLS_PRICED)
                .description(
                        "Calls priced, by where their usage came from: reported by the provider,"
                                + " estimated by a tokenizer, or none known")
                .tag("provider", k.provider())
                .tag("traffic", k.traffic())
                .tag("usage", k.usage())
                .register(registry);
    }

    private static double usd(LongAdder micros) {
        return micros.sum() / 1e6;
    }
}
