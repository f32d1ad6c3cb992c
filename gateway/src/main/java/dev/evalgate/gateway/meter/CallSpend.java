package dev.evalgate.gateway.meter;

import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.http.GatewayHeaders;
import dev.evalgate.gateway.metrics.SpendSample;
import dev.evalgate.pricing.cost.Micros;
import dev.evalgate.pricing.ledger.CacheOutcome;
import dev.evalgate.pricing.ledger.LedgerEntry;
import dev.evalgate.pricing.ledger.TrafficKind;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The spend of one request: priced from the answer it got (a miss's cost) or replayed (a hit's
 * saving), recorded in the ledger and the metrics once, when the request is done, and reconciled
 * with the budgets it reserved.
 *
 * <p>Threading: the request's event loop only.
 */
public final class CallSpend {

    private final Metering metering;
    private final RequestContext context;
    private final String route;
    private final ProviderKind protocol;
    private final long startNanos = System.nanoTime();
    private ProviderConfig provider;
    private String model;
    private String tier;
    private Rates rates;
    private Priced priced = Priced.NONE;
    private byte[] pricedBody;
    private Budgets.Hold hold;
    private boolean recorded;

    /**
     * @param protocol the protocol of the answers the client gets (and the cache stores)
     * @param provider the provider the request is routed to first
     * @param model the upstream model it is routed to first
     * @param tier the tier of that target, or null
     */
    public CallSpend(
            Metering metering,
            RequestContext context,
            String route,
            ProviderKind protocol,
            ProviderConfig provider,
            String model,
            String tier) {
        this.metering = metering;
        this.context = context;
        this.route = route;
        this.protocol = protocol;
        this.provider = provider;
        this.model = model;
        this.tier = tier;
    }

    /** The rates of the target the request is routed to now. */
    public Rates rates() {
        if (rates == null) {
            rates = metering.ratesOf(provider, model);
        }
        return rates;
    }

    /** The tier of the target the request is routed to now, or null when none named it. */
    public String tier() {
        return tier;
    }

    /** The request goes to another target (a fallback, or a budget's downgrade tier). */
    public void retarget(ProviderConfig provider, String model, String tier) {
        this.tier = tier;
        if (this.provider != provider || !this.model.equals(model)) {
            this.provider = provider;
            this.model = model;
            this.rates = null;
        }
    }

    /**
     * Prices the complete answer of the target the request is routed to now; the same answer is
     * priced once.
     *
     * @param request the request body, read only if the answer carries no usage
     */
    public Priced answered(byte[] answer, Supplier<byte[]> request) {
        if (answer != pricedBody) {
            pricedBody = answer;
            priced =
                    metering.price(
                            rates(),
                            protocol,
                            model,
                            answer,
                            request,
                            Duration.ofNanos(System.nanoTime() - startNanos));
        }
        return priced;
    }

    /**
     * Prices a stored answer served instead of a call: what the call would cost today.
     *
     * @param shared true when the array is the one every hit of this entry gets (the in-process
     *     tier): its usage is then read once and remembered
     */
    public Priced replayed(byte[] answer, Supplier<byte[]> request, boolean shared) {
        if (answer != pricedBody) {
            pricedBody = answer;
            priced =
                    shared
                            ? metering.priceStored(rates(), protocol, model, answer, request)
                            : metering.price(
                                    rates(), protocol, model, answer, request, Duration.ZERO);
        }
        return priced;
    }

    /** {@link #replayed(byte[], Supplier, boolean)} of an array shared by every hit. */
    public Priced replayed(byte[] answer, Supplier<byte[]> request) {
        return replayed(answer, request, true);
    }

    /** The budgets this call reserved, reconciled when it is recorded. */
    public void hold(Budgets.Hold hold) {
        this.hold = hold;
    }

    /** Sets {@code X-Eval-Cost-Usd} (and {@code X-Eval-Saved-Usd} for a hit) from the pricing. */
    public void addHeaders(HttpHeaders headers, boolean hit) {
        if (hit) {
            headers.set(GatewayHeaders.EVAL_COST_USD, Micros.format(0));
            headers.set(GatewayHeaders.EVAL_SAVED_USD, Micros.format(priced.micros()));
        } else {
            headers.set(GatewayHeaders.EVAL_COST_USD, Micros.format(priced.micros()));
        }
    }

    /**
     * Records the request once: in the ledger, in the metrics, and against its budgets.
     *
     * @param outcome how it was answered; a hit or coalesced answer is saved, anything else billed
     * @param status the status the client got; an error answer costs nothing
     */
    public void finish(CacheOutcome outcome, int status) {
        if (recorded) {
            return;
        }
        recorded = true;
        boolean saved = outcome == CacheOutcome.HIT || outcome == CacheOutcome.COALESCED;
        Priced p = status / 100 == 2 ? priced : Priced.NONE;
        long tokens = p.usage().totalTokens();
        long cost = saved ? 0 : p.micros();
        Rates r = rates();
        LedgerEntry entry =
                LedgerEntry.builder()
                        // A shadow call is the gateway's own comparison: its spend counts in
                        // the day's shadow figures, not among the run's calls.
                        .runId(
                                context.traffic() == TrafficKind.SHADOW
                                        ? ""
                                        : orEmpty(context.runId()))
                        .pipeline(orEmpty(context.pipeline()))
                        .tenant(orEmpty(context.tenant()))
                        .traffic(context.traffic())
                        .route(orEmpty(route))
                        .tier(orEmpty(tier))
                        .model(r.catalogProvider(), model)
                        .tokens(tokens, saved ? 0 : tokens)
                        .micros(cost, saved ? p.micros() : 0)
                        .cache(outcome)
                        .estimated(p.usage().estimated())
                        .unknownModel(r.unknown())
                        .catalogVersion(metering.catalogVersion())
                        .atMillis(metering.clock().millis())
                        .build();
        metering.record(entry);
        metering.metrics()
                .spend(
                        new SpendSample(
                                provider.name(),
                                r.unknown() ? "other" : r.catalogModel(),
                                context.traffic().label(),
                                context.pipeline(),
                                outcome.label(),
                                p.usage(),
                                !saved,
                                cost,
                                saved ? p.micros() : 0));
        if (r.unknown()) {
            metering.metrics().unknownModel(provider.name());
        }
        if (hold != null) {
            metering.budgets()
                    .reconcile(hold, cost, () -> metering.metrics().meteringFailure("reconcile"));
            hold = null;
        }
    }

    /** Releases the call's reservations without spend (it was refused before going upstream). */
    public void release() {
        if (hold != null) {
            metering.budgets()
                    .reconcile(hold, 0, () -> metering.metrics().meteringFailure("reconcile"));
            hold = null;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
