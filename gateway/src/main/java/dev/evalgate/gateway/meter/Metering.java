package dev.evalgate.gateway.meter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evalgate.cache.redis.RateLimitedLog;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.config.PricingConfig;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.metrics.GatewayMetrics;
import dev.evalgate.pricing.budget.BudgetSettings;
import dev.evalgate.pricing.budget.BudgetStore;
import dev.evalgate.pricing.budget.InMemoryBudgetStore;
import dev.evalgate.pricing.budget.RedisBudgetStore;
import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.catalog.PriceCatalog;
import dev.evalgate.pricing.catalog.PriceMatch;
import dev.evalgate.pricing.cost.CostCalculator;
import dev.evalgate.pricing.ledger.InMemoryLedger;
import dev.evalgate.pricing.ledger.Ledger;
import dev.evalgate.pricing.ledger.LedgerEntry;
import dev.evalgate.pricing.ledger.LedgerSettings;
import dev.evalgate.pricing.ledger.RedisLedger;
import dev.evalgate.pricing.ratio.TestingRatio;
import dev.evalgate.pricing.usage.TokenEstimator;
import dev.evalgate.pricing.usage.Usage;
import dev.evalgate.pricing.usage.UsageExtractor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices calls and keeps their spend: the catalog (shipped or configured, plus {@code
 * pricing.models}), the ledger and the budget store (in Redis when the cache has Redis, so every
 * replica shares them; in memory otherwise), and the Testing-to-Inference ratio.
 *
 * <p>Threading: thread-safe. Pricing runs on the caller's thread (an event loop: it parses one
 * answer); ledger and budget calls return at once and complete on Redis threads. A ledger or budget
 * store that fails is logged and counted, never fails a request (fail-open).
 */
public final class Metering {

    private static final Logger LOG = LoggerFactory.getLogger(Metering.class);

    /**
     * How long records gather before they go to Redis together: a few script calls per interval
     * instead of several per request; at most this much is lost if the process dies.
     */
    static final Duration LEDGER_FLUSH = Duration.ofMillis(250);

    private static final long RATIO_REFRESH_NANOS = Duration.ofSeconds(15).toNanos();

    private final PriceCatalog catalog;
    private final Ledger ledger;
    private final BudgetStore budgetStore;
    private final Budgets budgets;
    private final GatewayMetrics metrics;
    private final PricingConfig config;
    private final Clock clock;
    private final String storeDescription;
    private final TokenEstimator estimator = new TokenEstimator();
    private final Cache<RateKey, Rates> rates = Caffeine.newBuilder().maximumSize(10_000).build();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final RateLimitedLog warnings =
            new RateLimitedLog(LOG, "spend ledger", Duration.ofSeconds(30), System::nanoTime);

    /** Usage of stored answers by body identity (weak keys: gone with the body). */
    private final Cache<byte[], Usage> storedUsage =
            Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

    private volatile TestingRatio latestRatio;
    private volatile long measuredAtNanos;

    private record RateKey(String provider, String model) {}

    Metering(
            PriceCatalog catalog,
            Ledger ledger,
            BudgetStore budgetStore,
            GatewayConfig config,
            GatewayMetrics metrics,
            Clock clock,
            String storeDescription) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.budgetStore = budgetStore;
        this.budgets = new Budgets(budgetStore, config.budgets(), clock);
        this.metrics = metrics;
        this.config = config.pricing();
        this.clock = clock;
        this.storeDescription = storeDescription;
    }

    /**
     * Metering as configured: in Redis when {@code redis} is given (the cache's string commands),
     * else in memory.
     *
     * @param redis the shared store's string commands (asked again per operation, so a connection
     *     that failed is retried), or null
     * @throws UncheckedIOException if the configured catalog file cannot be read
     */
    public static Metering create(
            GatewayConfig config,
            Supplier<CompletionStage<RedisClusterAsyncCommands<String, String>>> redis,
            GatewayMetrics metrics,
            Clock clock) {
        PriceCatalog catalog = loadCatalog(config.pricing());
        LedgerSettings ledgerSettings =
                LedgerSettings.DEFAULTS.withRunRetention(config.pricing().runRetention());
        BudgetSettings budgetSettings =
                new BudgetSettings(
                        BudgetSettings.DEFAULTS.keyPrefix(),
                        config.budgets().reservationTimeout(),
                        BudgetSettings.DEFAULTS.scopeRetention());
        Ledger ledger;
        BudgetStore store;
        String description;
        if (redis != null) {
            ledger =
                    new DeferredLedger(
                            new OnConnection<>(
                                    redis,
                                    c -> RedisLedger.batched(c, ledgerSettings, LEDGER_FLUSH)));
            store =
                    new DeferredBudgetStore(
                            new OnConnection<>(
                                    redis, c -> RedisBudgetStore.create(c, budgetSettings, clock)));
            description = "Redis";
        } else {
            ledger = new InMemoryLedger(ledgerSettings, clock);
            store = new InMemoryBudgetStore(budgetSettings, clock);
            description = "in memory (no Redis configured: figures are lost on restart)";
        }
        Metering m = new Metering(catalog, ledger, store, config, metrics, clock, description);
        metrics.ratioGauges(m::latestRatio);
        return m;
    }

    private static PriceCatalog loadCatalog(PricingConfig pricing) {
        PriceCatalog base;
        if (pricing.catalog() == null) {
            base = PriceCatalog.loadDefault();
        } else {
            try (InputStream in = Files.newInputStream(pricing.catalog())) {
                base = PriceCatalog.load(in, pricing.catalog().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return base.withOverrides(pricing.models());
    }

    /** Writes what the ledger has gathered (at shutdown); completes at once without Redis. */
    public CompletionStage<Void> flush() {
        return ledger instanceof DeferredLedger d
                ? d.flush()
                : java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** One line for the start-up log. */
    public String description() {
        return "prices "
                + catalog.version()
                + ", ledger and budgets "
                + storeDescription
                + ", ratio window "
                + config.ratioWindowDays()
                + " days";
    }

    /** The catalog version calls are priced with. */
    public String catalogVersion() {
        return catalog.version();
    }

    /** The ledger every call is recorded in. */
    public Ledger ledger() {
        return ledger;
    }

    /** The budgets. */
    public Budgets budgets() {
        return budgets;
    }

    /** The budget store. */
    BudgetStore budgetStore() {
        return budgetStore;
    }

    /** The metrics calls are counted in. */
    GatewayMetrics metrics() {
        return metrics;
    }

    /** The ratio's window in days and bands. */
    public PricingConfig config() {
        return config;
    }

    /**
     * The rates of {@code model} at {@code provider}: the provider's own catalog entries (or {@code
     * pricing.models} under its name) first, then its {@code price_as} catalog provider (default:
     * its kind). An unknown model is priced at zero, flagged, and logged once.
     */
    public Rates ratesOf(ProviderConfig provider, String model) {
        return rates.get(new RateKey(provider.name(), model), k -> resolve(provider, model));
    }

    private Rates resolve(ProviderConfig provider, String model) {
        Optional<PriceMatch> own = catalog.resolve(provider.name(), model);
        if (own.isPresent()) {
            return new Rates(provider.name(), own.get().matchedId(), own.get().price(), false);
        }
        String as = priceAs(provider);
        Optional<PriceMatch> match = catalog.resolve(as, model);
        if (match.isPresent()) {
            return new Rates(as, match.get().matchedId(), match.get().price(), false);
        }
        LOG.warn(
                "no price for model '{}' of provider '{}' (catalog {}, priced as '{}'): its calls"
                        + " are priced at $0 and flagged; add it under pricing.models",
                model,
                provider.name(),
                catalog.version(),
                as);
        return new Rates(as, model, ModelPrice.ZERO, true);
    }

    static String priceAs(ProviderConfig provider) {
        if (provider.priceAs() != null) {
            return provider.priceAs();
        }
        return provider.kind() == ProviderKind.ANTHROPIC ? "anthropic" : "openai";
    }

    /**
     * Prices a complete answer: its own {@code usage} when it has one, else tokens counted by
     * jtokkit from {@code request} and the answer (marked estimated).
     *
     * @param protocol the protocol the answer is written in
     * @param request the request body, read only when usage must be estimated
     * @param gpuTime the call's duration, for models priced per GPU-hour
     */
    public Priced price(
            Rates rates,
            ProviderKind protocol,
            String model,
            byte[] answer,
            Supplier<byte[]> request,
            Duration gpuTime) {
        return price(rates, model, usageOf(protocol, answer), answer, request, gpuTime);
    }

    /**
     * Prices a stored answer served from the cache: like {@link #price}, but its usage is read once
     * per stored body (the in-process cache serves the same array to every hit) and kept while the
     * body lives.
     */
    public Priced priceStored(
            Rates rates,
            ProviderKind protocol,
            String model,
            byte[] answer,
            Supplier<byte[]> request) {
        Usage usage =
                storedUsage.get(
                        answer,
                        a ->
                                usageOf(protocol, a)
                                        .orElseGet(
                                                () ->
                                                        estimator.estimate(
                                                                model,
                                                                request == null
                                                                        ? null
                                                                        : request.get(),
                                                                a)));
        return new Priced(usage, CostCalculator.costOf(rates.price(), usage, Duration.ZERO));
    }

    private static Optional<Usage> usageOf(ProviderKind protocol, byte[] answer) {
        return protocol == ProviderKind.ANTHROPIC
                ? UsageExtractor.fromAnthropic(answer)
                : UsageExtractor.fromOpenAi(answer);
    }

    private Priced price(
            Rates rates,
            String model,
            Optional<Usage> reported,
            byte[] answer,
            Supplier<byte[]> request,
            Duration gpuTime) {
        Usage usage =
                reported.isPresent()
                        ? reported.get()
                        : estimator.estimate(model, request == null ? null : request.get(), answer);
        return new Priced(usage, CostCalculator.costOf(rates.price(), usage, gpuTime));
    }

    /** The prompt tokens of a request body, by jtokkit (for a budget's worst case). */
    public long promptTokens(String model, byte[] request) {
        return estimator.countPrompt(model, request);
    }

    /** Records a call in the ledger; a failure is logged and counted, never thrown. */
    public void record(LedgerEntry entry) {
        ledger.record(entry)
                .whenComplete(
                        (ok, e) -> {
                            if (e != null) {
                                metrics.meteringFailure("record");
                                warnings.warn("record", e.toString());
                            }
                        });
    }

    /** The ratio over the configured window, measured now. */
    public CompletionStage<TestingRatio> measureRatio() {
        return TestingRatio.measure(ledger, clock, config.ratioWindowDays(), config.ratioBands())
                .whenComplete(
                        (r, e) -> {
                            if (r != null) {
                                latestRatio = r;
                                measuredAtNanos = System.nanoTime();
                            } else {
                                metrics.meteringFailure("ratio");
                            }
                        });
    }

    /**
     * The ratio last measured (for gauges), starting a new measurement in the background when it is
     * older than 15 seconds; null until one completed.
     */
    public TestingRatio latestRatio() {
        if ((latestRatio == null || System.nanoTime() - measuredAtNanos > RATIO_REFRESH_NANOS)
                && measuring.compareAndSet(false, true)) {
            measureRatio().whenComplete((r, e) -> measuring.set(false));
        }
        return latestRatio;
    }

    /** The clock days and runs are dated by. */
    public Clock clock() {
        return clock;
    }
}
