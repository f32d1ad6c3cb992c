package dev.evalgate.gateway.server;

import dev.evalgate.cache.CacheMode;
import dev.evalgate.cache.key.InvalidJsonException;
import dev.evalgate.cache.store.Lookup;
import dev.evalgate.gateway.cache.CacheDecision;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.estimate.CallEstimate;
import dev.evalgate.gateway.estimate.EstimateTotals;
import dev.evalgate.gateway.estimate.InvalidSuiteException;
import dev.evalgate.gateway.estimate.Suite;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.meter.Metering;
import dev.evalgate.gateway.meter.Rates;
import dev.evalgate.gateway.route.ModelRouter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One suite's estimate in the making: each request scanned, routed, keyed and counted as its real
 * call would be ({@link ApiRequests}, {@link CacheKeys}); then each distinct key looked up once;
 * then the tally, in suite order.
 *
 * <p>Threading: {@link #plan} and {@link #tally} run on the estimator's executor; the lookups
 * complete on any thread and hand hits back to that executor to be priced. Each step happens after
 * the previous one's stage completed, which publishes its state.
 */
final class SuitePlan {

    private static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

    private final GatewayServices services;
    private final Endpoint endpoint;
    private final long outputTokens;
    private final HttpHeaders headers;
    private final RequestContext context;
    private final CacheDecision decision;
    private final EstimateTotals totals = new EstimateTotals();
    private final List<Planned> planned = new ArrayList<>();
    private Map<String, Long> savings = Map.of();

    /** A valid, routed request: its model, its estimate and its key (null: the cache is off). */
    private record Planned(
            String model,
            boolean unknown,
            CallEstimate call,
            String storeKey,
            Rates rates,
            String upstreamModel,
            byte[] canonical) {}

    SuitePlan(
            GatewayServices services,
            Endpoint endpoint,
            long outputTokens,
            HttpHeaders headers,
            RequestContext context,
            CacheDecision decision) {
        this.services = services;
        this.endpoint = endpoint;
        this.outputTokens = outputTokens;
        this.headers = headers;
        this.context = context;
        this.decision = decision;
    }

    /** Plans every request of {@code body}; a request the gateway would refuse is a problem. */
    SuitePlan plan(byte[] body, int maxRequests) throws InvalidSuiteException {
        for (Suite.Request r : Suite.parse(body, maxRequests)) {
            if (r.body() == null) {
                totals.invalid(r.line(), r.problem());
                continue;
            }
            try {
                planned.add(planOne(r.body()));
            } catch (Rejection e) {
                if (e.error() == GatewayError.MODEL_NOT_FOUND) {
                    totals.unroutable(r.line(), e.getMessage());
                } else {
                    totals.invalid(r.line(), e.getMessage());
                }
            }
        }
        return this;
    }

    private Planned planOne(byte[] bytes) throws Rejection {
        ByteBuf content = Unpooled.wrappedBuffer(bytes);
        try {
            RequestBody body = ApiRequests.scan(content);
            ModelRouter.Target target =
                    ApiRequests.routeOf(services, headers, context, body, endpoint).primary();
            ApiRequests.checkTranslatable(content, endpoint, target, body);
            return planned(content, body, target);
        } finally {
            content.release();
        }
    }

    private Planned planned(ByteBuf content, RequestBody body, ModelRouter.Target target)
            throws Rejection {
        ByteBuf upstream = ApiRequests.upstreamBody(HEAP, content, target);
        try {
            byte[] canonical = null;
            String storeKey = null;
            if (decision.mode() != CacheMode.OFF) {
                try {
                    canonical = CacheKeys.canonicalOf(upstream);
                } catch (InvalidJsonException e) {
                    throw new Rejection(
                            GatewayError.INVALID_JSON,
                            "The request body is not valid JSON: " + e.getMessage());
                }
                storeKey =
                        CacheKeys.storeKey(
                                decision,
                                target,
                                CacheKeys.of(
                                        decision,
                                        context.tenant(),
                                        target,
                                        endpoint,
                                        headers,
                                        canonical));
            }
            Metering metering = services.metering();
            long prompt =
                    metering.promptTokens(
                            target.upstreamModel(),
                            canonical != null ? canonical : ByteBufUtil.getBytes(upstream));
            Rates rates = metering.ratesOf(target.provider(), target.upstreamModel());
            CallEstimate call =
                    CallEstimate.of(
                            rates.price(),
                            prompt,
                            CallEstimate.expectedOutputTokens(
                                    body.maxTokens(),
                                    outputTokens,
                                    endpoint != Endpoint.EMBEDDINGS),
                            metering.budgets().worstCaseOutputTokens(body.maxTokens()));
            return new Planned(
                    rates.catalogProvider() + "/" + target.upstreamModel(),
                    rates.unknown(),
                    call,
                    storeKey,
                    rates,
                    target.upstreamModel(),
                    canonical);
        } finally {
            upstream.release();
        }
    }

    /**
     * Looks each distinct key up (none when the cache mode does not read), at most {@code
     * maxInFlight} at a time, and prices each hit's stored answer on {@code executor}.
     */
    CompletionStage<SuitePlan> lookUp(Executor executor, int maxInFlight) {
        Map<String, Planned> distinct = new LinkedHashMap<>();
        if (decision.mode().reads()) {
            for (Planned p : planned) {
                if (p.storeKey() != null) {
                    distinct.putIfAbsent(p.storeKey(), p);
                }
            }
        }
        List<Planned> firsts = List.copyOf(distinct.values());
        return BoundedStages.all(
                        firsts,
                        maxInFlight,
                        p ->
                                services.cache()
                                        .lookup(p.storeKey())
                                        .thenApplyAsync(found -> savingOf(p, found), executor))
                .thenApply(
                        saved -> {
                            Map<String, Long> hits = new HashMap<>();
                            for (int i = 0; i < firsts.size(); i++) {
                                if (saved.get(i) >= 0) {
                                    hits.put(firsts.get(i).storeKey(), saved.get(i));
                                }
                            }
                            savings = hits;
                            return this;
                        });
    }

    /** A hit's stored answer priced as a hit's saving is; -1 for anything but a hit. */
    private long savingOf(Planned p, Lookup found) {
        if (!(found instanceof Lookup.Hit hit)) {
            return -1;
        }
        try {
            return services.metering()
                    .price(
                            p.rates(),
                            endpoint.protocol(),
                            p.upstreamModel(),
                            hit.answer().body(),
                            p::canonical,
                            Duration.ZERO)
                    .micros();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /**
     * The totals, in suite order: a request whose key hit is cached; a miss repeating an earlier
     * miss is a duplicate when the cache records (the run serves it the earlier answer); every
     * other request is still to call.
     */
    EstimateTotals tally() {
        boolean records = decision.mode().reads() && decision.mode().writes();
        Set<String> called = new HashSet<>();
        for (Planned p : planned) {
            Long saved = p.storeKey() == null ? null : savings.get(p.storeKey());
            if (saved != null) {
                totals.cached(p.model(), p.unknown(), p.call().promptTokens(), saved);
            } else if (records && p.storeKey() != null && !called.add(p.storeKey())) {
                totals.duplicate(p.model(), p.unknown(), p.call().promptTokens());
            } else {
                totals.toCall(p.model(), p.unknown(), p.call());
            }
        }
        return totals;
    }
}
