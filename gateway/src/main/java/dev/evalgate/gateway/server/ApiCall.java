package dev.evalgate.gateway.server;

import dev.evalgate.cache.CacheMode;
import dev.evalgate.cache.flight.Flight;
import dev.evalgate.cache.flight.LeaseStore;
import dev.evalgate.cache.flight.SingleFlight;
import dev.evalgate.cache.index.MissExplainer;
import dev.evalgate.cache.key.CacheKey;
import dev.evalgate.cache.sse.InvalidAnswerException;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.Lookup;
import dev.evalgate.gateway.cache.CacheDecision;
import dev.evalgate.gateway.cache.CachedReplies;
import dev.evalgate.gateway.cache.EvalCache;
import dev.evalgate.gateway.cache.Follower;
import dev.evalgate.gateway.cache.LeaderTap;
import dev.evalgate.gateway.cache.SemanticCache;
import dev.evalgate.gateway.config.BudgetConfig;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.http.ErrorResponses;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.http.GatewayHeaders;
import dev.evalgate.gateway.meter.Budgets;
import dev.evalgate.gateway.meter.CallSpend;
import dev.evalgate.gateway.proxy.ProxyExchange;
import dev.evalgate.gateway.proxy.ResponseTap;
import dev.evalgate.gateway.proxy.UpstreamRequests;
import dev.evalgate.gateway.route.ModelRouter;
import dev.evalgate.gateway.route.RouteTable;
import dev.evalgate.gateway.run.ManifestEntry;
import dev.evalgate.gateway.shadow.ShadowRequest;
import dev.evalgate.pricing.budget.Reservation;
import dev.evalgate.pricing.cost.CostCalculator;
import dev.evalgate.pricing.cost.Micros;
import dev.evalgate.pricing.ledger.CacheOutcome;
import dev.evalgate.pricing.ledger.TrafficKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One API request after parsing and routing: key, cache lookup, then a hit, a follower of an
 * identical request in flight, or an upstream exchange whose answer is teed into the cache.
 *
 * <p>Threading: created and driven on the connection's event loop; the cache lookup may complete on
 * another thread and comes back with {@code execute}. Ownership: owns {@code body} (the
 * upstream-bound request body) until it is handed to a {@link ProxyExchange} or released on a hit,
 * an error or a cancel.
 */
final class ApiCall {

    /** How long a replica's lease on an upstream call lasts (it is released when it lands). */
    static final Duration LEASE_TTL = Duration.ofMinutes(5);

    /** Longest a replica waits for another replica's answer before calling upstream itself. */
    static final long MAX_REMOTE_WAIT_NANOS = LEASE_TTL.toNanos();

    static final long FIRST_POLL_MILLIS = 20;
    static final long MAX_POLL_MILLIS = 250;

    /** {@code X-Eval-Cache} of an answer from the semantic tier. */
    static final String SEMANTIC_HIT = "SEMANTIC-HIT";

    /** Told once when the client has its answer. */
    interface Done {
        void done(int status, String outcome);
    }

    private final ChannelHandlerContext ctx;
    private final GatewayServices services;
    private final String requestId;
    private final String uri;
    private final HttpHeaders clientHeaders;
    private final Endpoint endpoint;
    private final ModelRouter.Target target;
    private final RouteTable.Decision route;
    private final RequestContext context;
    private final CacheDecision decision;
    private final boolean stream;
    private final boolean includeUsage;
    private final boolean keepAlive;
    private final Done done;
    private final long startNanos;
    private final StreamFormat format;
    private ShadowRequest shadow;
    private ByteBuf body;
    private String storeKey;
    private String indexKey;

    /** The canonical body, computed (and validated) for every request before it got here. */
    private final byte[] canonicalBody;

    /** {@link #canonicalBody} once the cache is in use; null when it is off. */
    private byte[] canonical;

    private MissExplainer.Explanation explanation;
    private CacheKey key;
    private UpstreamAttempts exchange;
    private ByteBuf source;
    private Follower follower;
    private Flight followed;
    private boolean cancelled;
    private boolean finished;
    private int retries;
    private final CallSpend spend;
    private final long maxTokens;
    private Long requestedBudgetMicros;
    private ByteBuf requestRef;
    private String budgetHeader;
    private boolean dispatched;
    private SemanticCache.Probe probe;
    private SemanticStep semantic;

    ApiCall(
            ChannelHandlerContext ctx,
            GatewayServices services,
            String requestId,
            String uri,
            HttpHeaders clientHeaders,
            Endpoint endpoint,
            RouteTable.Decision route,
            ModelRouter.Target target,
            RequestContext context,
            CacheDecision decision,
            RequestBody parsed,
            ByteBuf body,
            byte[] canonicalBody,
            ByteBuf source,
            ShadowRequest shadow,
            boolean keepAlive,
            long startNanos,
            Done done) {
        this.shadow = shadow;
        this.startNanos = startNanos;
        this.ctx = ctx;
        this.services = services;
        this.requestId = requestId;
        this.uri = uri;
        this.clientHeaders = clientHeaders;
        this.endpoint = endpoint;
        this.target = target;
        this.route = route;
        this.context = context;
        this.decision = decision;
        this.stream = parsed.stream();
        this.includeUsage = parsed.includeUsage();
        this.body = body;
        this.canonicalBody = canonicalBody;
        this.source = source;
        this.keepAlive = keepAlive;
        this.done = done;
        this.format = CachedReplies.formatOf(endpoint);
        this.maxTokens = parsed.maxTokens();
        this.spend =
                new CallSpend(
                        services.metering(),
                        context,
                        route.route(),
                        endpoint.protocol(),
                        target.provider(),
                        target.upstreamModel(),
                        target.tier());
    }

    void start() {
        String budget = clientHeaders.get(GatewayHeaders.EVAL_BUDGET_USD);
        if (budget != null && context.runId() == null) {
            fail(
                    GatewayError.INVALID_VALUE,
                    "X-Eval-Budget-Usd is a run's budget, and this request names no run: send it"
                            + " under /run/<run-id>/v1 or with X-Eval-Run.",
                    null);
            return;
        }
        if (budget != null) {
            requestedBudgetMicros = budgetMicros(budget);
            if (requestedBudgetMicros == null) {
                fail(
                        GatewayError.INVALID_VALUE,
                        "X-Eval-Budget-Usd must be a positive amount of US dollars with at most six"
                                + " decimals, such as 2.50.",
                        null);
                return;
            }
        }
        if (decision.mode() == CacheMode.OFF) {
            forward(null, "BYPASS", "mode-off", false);
            return;
        }
        canonical = canonicalBody;
        key = CacheKeys.of(decision, context.tenant(), target, endpoint, clientHeaders, canonical);
        storeKey = CacheKeys.storeKey(decision, target, key);
        if (!decision.mode().reads()) {
            join("refresh");
            return;
        }
        services.cache().lookup(storeKey).whenComplete((found, e) -> onLoop(() -> onLookup(found)));
    }

    /**
     * Runs {@code task} on this connection's event loop: at once when already there (an L1 hit
     * completes synchronously), else as a task.
     */
    private void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    /** A budget header's micro-dollars, or null when it is not a positive whole micro-dollar. */
    static Long budgetMicros(String header) {
        try {
            BigDecimal usd = new BigDecimal(header.strip());
            return usd.signum() > 0 ? Micros.fromUsdExact(usd) : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * Answers from a stored answer (as JSON, or re-emitted as SSE when the client streams); false,
     * with nothing sent, when the answer cannot be replayed.
     */
    private boolean replyFromCache(CachedAnswer answer, String cacheHeader, String outcome) {
        FullHttpResponse r;
        // Only the in-process tier hands every hit the same array, worth remembering its usage.
        spend.replayed(answer.body(), this::requestBytes, outcome.equals("hit-l1"));
        HttpHeaders h = headers(cacheHeader);
        if (probe != null && probe.match() != null && cacheHeader.equals(SEMANTIC_HIT)) {
            h.set(
                    GatewayHeaders.EVAL_CACHE_SIMILARITY,
                    String.format(java.util.Locale.ROOT, "%.4f", probe.match().similarity()));
        }
        spend.addHeaders(h, true);
        try {
            r = CachedReplies.of(answer, format, stream, includeUsage, h);
        } catch (InvalidAnswerException e) {
            return false;
        }
        dispatched = true;
        HttpUtil.setKeepAlive(r, keepAlive);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        finish(r.status().code(), outcome);
        shadow(answer);
        return true;
    }

    /** The client went away. */
    void cancel() {
        cancelled = true;
        if (exchange != null) {
            exchange.cancel();
        } else if (followed != null) {
            followed.unsubscribe(follower);
            finish(0, "cancelled");
        }
    }

    void clientWritabilityChanged() {
        if (exchange != null) {
            exchange.clientWritabilityChanged();
        }
    }

    private void onLookup(Lookup found) {
        if (cancelled) {
            finish(0, "cancelled");
            return;
        }
        if (found instanceof Lookup.Hit hit) {
            if (replyFromCache(hit.answer(), "HIT", "hit-" + hit.tier().label())) {
                return;
            }
            // A stored answer that cannot be replayed is treated as absent.
            found = new Lookup.Failed(Lookup.Reason.CORRUPT);
        }
        String reason = found instanceof Lookup.Failed f ? "store-" + f.reason().label() : "new";
        if (reason.equals("new") && semantic() != null) {
            semantic().probe(canonical).whenComplete((p, e) -> onLoop(() -> onProbe(p)));
            return;
        }
        afterMiss(reason);
    }

    /** The semantic step of this request, or null when it may not use the tier. */
    private SemanticStep semantic() {
        if (semantic == null && canonical != null) {
            semantic =
                    SemanticStep.of(
                            services,
                            route.semantic(),
                            format,
                            decision,
                            context,
                            target,
                            endpoint,
                            clientHeaders);
        }
        return semantic;
    }

    private void onProbe(SemanticCache.Probe found) {
        probe = found;
        if (cancelled) {
            finish(0, "cancelled");
            return;
        }
        if (found == null || found.match() == null) {
            afterMiss("new");
            return;
        }
        services.cache()
                .lookup(found.match().entry().storeKey())
                .whenComplete((answer, e) -> onLoop(() -> onSemanticLookup(answer)));
    }

    private void onSemanticLookup(Lookup found) {
        if (cancelled) {
            finish(0, "cancelled");
            return;
        }
        if (found instanceof Lookup.Hit hit
                && replyFromCache(hit.answer(), SEMANTIC_HIT, "hit-semantic")) {
            return;
        }
        // The similar request's answer expired or cannot be replayed: an ordinary miss.
        afterMiss("new");
    }

    /** The exact tier missed and the semantic tier (if any) had nothing: go on as a miss. */
    private void afterMiss(String reason) {
        if (reason.equals("new")) {
            CompletionStage<MissExplainer.Explanation> explained =
                    services.cache().explain(indexKey(), canonical);
            if (decision.mode() == CacheMode.REPLAY_STRICT) {
                explained.whenComplete(
                        (e, err) ->
                                ctx.executor()
                                        .execute(
                                                () ->
                                                        strictMiss(
                                                                e == null
                                                                        ? MissExplainer.NEW
                                                                        : e)));
                return;
            }
            explained.whenComplete((e, err) -> ctx.executor().execute(() -> explanation = e));
        } else if (decision.mode() == CacheMode.REPLAY_STRICT) {
            strictMiss(new MissExplainer.Explanation(reason, null, 0));
            return;
        }
        join(reason);
    }

    private void strictMiss(MissExplainer.Explanation why) {
        explanation = why;
        if (cancelled) {
            finish(0, "cancelled");
            return;
        }
        String detail =
                switch (why.reason()) {
                    case "changed" ->
                            "the closest recorded request of this endpoint, model and pipeline"
                                    + " differs first at "
                                    + (why.pointer().isEmpty() ? "/" : why.pointer())
                                    + " ("
                                    + why.differences()
                                    + (why.differences() == 1 ? " field differs" : " fields differ")
                                    + ")";
                    case "expired" -> "this request was recorded but its answer has expired";
                    case "new" ->
                            "nothing comparable was recorded for this endpoint, model and pipeline";
                    default -> "the cache could not be read (" + why.reason() + ")";
                };
        fail(
                GatewayError.CACHE_MISS_STRICT,
                "No recorded answer for this request in replay-strict mode: "
                        + detail
                        + ". Key "
                        + key
                        + ". Record it with X-Eval-Cache-Mode: record.",
                null);
    }

    private void join(String reason) {
        SingleFlight.Join j = services.cache().flights().join(storeKey);
        if (j.leader()) {
            LeaseStore leases = services.cache().leases();
            if (leases == null || !decision.mode().reads()) {
                lead(j.flight(), reason, false);
            } else {
                acquireOrWait(
                        leases, j.flight(), reason, System.nanoTime() + MAX_REMOTE_WAIT_NANOS);
            }
            return;
        }
        follow(j.flight());
    }

    private void lead(Flight flight, String reason, boolean leased) {
        if (!decision.mode().reads()) {
            forward(flight, "REFRESH", reason, leased);
            return;
        }
        // The first lookup missed, but an identical flight may have landed and stored its answer
        // before this request joined: look again before calling upstream.
        services.cache()
                .lookup(storeKey)
                .whenComplete(
                        (found, e) ->
                                ctx.executor()
                                        .execute(() -> onRecheck(flight, reason, leased, found)));
    }

    private void onRecheck(Flight flight, String reason, boolean leased, Lookup found) {
        if (cancelled) {
            flight.fail();
            stored(null, leased);
            finish(0, "cancelled");
            return;
        }
        if (found instanceof Lookup.Hit hit
                && replyFromCache(hit.answer(), "HIT", "hit-" + hit.tier().label())) {
            flight.succeed(hit.answer());
            stored(null, leased);
            return;
        }
        forward(flight, "MISS", reason, leased);
    }

    /**
     * Across replicas: take the lease and lead, or wait for the replica that holds it to store its
     * answer. If that replica gives up (its lease goes away without an answer), try again; past the
     * deadline, or if the store cannot answer, go upstream anyway.
     */
    private void acquireOrWait(LeaseStore leases, Flight flight, String reason, long deadline) {
        leases.tryAcquire(storeKey, services.cache().owner(), LEASE_TTL)
                .whenComplete(
                        (outcome, e) ->
                                ctx.executor()
                                        .execute(
                                                () -> {
                                                    if (cancelled) {
                                                        flight.fail();
                                                        finish(0, "cancelled");
                                                    } else if (outcome
                                                                    == LeaseStore.Outcome
                                                                            .HELD_ELSEWHERE
                                                            && System.nanoTime() < deadline) {
                                                        pollRemote(
                                                                leases, flight, reason, deadline,
                                                                0);
                                                    } else {
                                                        lead(
                                                                flight,
                                                                reason,
                                                                outcome
                                                                        == LeaseStore.Outcome
                                                                                .ACQUIRED);
                                                    }
                                                }));
    }

    private void pollRemote(
            LeaseStore leases, Flight flight, String reason, long deadline, int attempt) {
        long delayMillis = Math.min(MAX_POLL_MILLIS, FIRST_POLL_MILLIS << Math.min(attempt, 4));
        ctx.executor()
                .schedule(
                        () ->
                                services.cache()
                                        .lookup(storeKey)
                                        .whenComplete(
                                                (found, e) ->
                                                        ctx.executor()
                                                                .execute(
                                                                        () ->
                                                                                onRemotePoll(
                                                                                        leases,
                                                                                        flight,
                                                                                        reason,
                                                                                        deadline,
                                                                                        attempt,
                                                                                        found))),
                        delayMillis,
                        TimeUnit.MILLISECONDS);
    }

    private void onRemotePoll(
            LeaseStore leases,
            Flight flight,
            String reason,
            long deadline,
            int attempt,
            Lookup found) {
        if (cancelled) {
            flight.fail();
            finish(0, "cancelled");
            return;
        }
        if (found instanceof Lookup.Hit hit) {
            flight.succeed(hit.answer());
            if (!replyFromCache(hit.answer(), "COALESCED", "coalesced")) {
                forward(null, "MISS", "store-corrupt", false);
            }
            return;
        }
        leases.isHeld(storeKey)
                .whenComplete(
                        (held, e) ->
                                ctx.executor()
                                        .execute(
                                                () -> {
                                                    if (Boolean.TRUE.equals(held)
                                                            && System.nanoTime() < deadline) {
                                                        pollRemote(
                                                                leases,
                                                                flight,
                                                                reason,
                                                                deadline,
                                                                attempt + 1);
                                                    } else {
                                                        acquireOrWait(
                                                                leases, flight, reason, deadline);
                                                    }
                                                }));
    }

    private void follow(Flight flight) {
        followed = flight;
        Flight leader = flight;
        follower =
                new Follower(
                        ctx.channel(),
                        stream,
                        includeUsage,
                        format,
                        headers("COALESCED"),
                        keepAlive,
                        new Follower.Outcome() {
                            @Override
                            public void done(int status, String outcome) {
                                followed = null;
                                CachedAnswer shared = leader.answer();
                                if (shared != null) {
                                    spend.replayed(
                                            shared.body(), ApiCall.this::requestBytes, false);
                                }
                                dispatched = true;
                                finish(status, outcome);
                            }

                            @Override
                            public void retry() {
                                followed = null;
                                if (cancelled) {
                                    finish(0, "cancelled");
                                } else if (retries++ == 0) {
                                    join("leader-failed");
                                } else {
                                    forward(null, "MISS", "leader-failed", false);
                                }
                            }
                        });
        flight.subscribe(follower);
    }

    /**
     * Sends the request upstream once it fits its budgets (if any apply); the configured action
     * decides what happens when it does not.
     */
    private void forward(Flight flight, String cacheHeader, String reason, boolean leased) {
        Budgets budgets = services.metering().budgets();
        Budgets.Limits limits =
                context.traffic() == TrafficKind.SHADOW
                        ? null
                        : budgets.limitsFor(
                                context.runId(), context.pipeline(), requestedBudgetMicros);
        if (limits == null) {
            dispatch(flight, cacheHeader, reason, leased, null);
            return;
        }
        long worstCase;
        try {
            long prompt = services.metering().promptTokens(target.upstreamModel(), requestBytes());
            worstCase =
                    CostCalculator.worstCaseOf(
                            spend.rates().price(),
                            prompt,
                            budgets.worstCaseOutputTokens(maxTokens));
        } catch (ArithmeticException e) {
            worstCase = Long.MAX_VALUE / 4;
        }
        budgets.reserve(limits, worstCase)
                .whenComplete(
                        (hold, e) ->
                                onLoop(() -> onBudget(hold, flight, cacheHeader, reason, leased)));
    }

    private void onBudget(
            Budgets.Hold hold, Flight flight, String cacheHeader, String reason, boolean leased) {
        if (hold != null) {
            spend.hold(hold);
        }
        if (cancelled) {
            if (flight != null) {
                flight.fail();
            }
            stored(null, leased);
            spend.release();
            finish(0, "cancelled");
            return;
        }
        Reservation denied = hold == null ? null : hold.denied();
        if (denied == null) {
            dispatch(flight, cacheHeader, reason, leased, null);
            return;
        }
        BudgetConfig.Action action = hold.limits().action();
        services.metrics().budgetAction(action.configName(), Budgets.Hold.scopeOf(denied));
        switch (action) {
            case WARN -> {
                budgetHeader = "exceeded";
                dispatch(flight, cacheHeader, reason, leased, null);
            }
            case DOWNGRADE -> downgrade(flight, leased, hold.describe(denied));
            default -> {
                if (flight != null) {
                    flight.fail();
                }
                stored(null, leased);
                spend.release();
                fail(
                        GatewayError.BUDGET_EXCEEDED,
                        "Budget exceeded: "
                                + hold.describe(denied)
                                + " The call was not sent upstream. Answers already cached are"
                                + " still served, so the run can go on with X-Eval-Cache-Mode:"
                                + " replay-strict.",
                        null);
            }
        }
    }

    /**
     * Sends the request to the budget's downgrade tier instead; its answer is not cached (the key
     * names the model asked for).
     */
    private void downgrade(Flight flight, boolean leased, String why) {
        String tier = services.metering().budgets().config().downgradeTier();
        ModelRouter.Target down =
                tier == null ? null : services.routes().tierTarget(tier, target.upstreamModel());
        if (flight != null) {
            flight.fail();
        }
        stored(null, leased);
        if (down == null) {
            budgetHeader = "exceeded";
            dispatch(null, "BYPASS", "budget-downgrade", false, null);
            return;
        }
        if (!down.upstreamModel().equals(target.upstreamModel())) {
            try {
                ByteBuf rewritten =
                        UpstreamRequests.rewriteModel(ctx.alloc(), body, down.upstreamModel());
                body.release();
                body = rewritten;
            } catch (java.io.IOException e) {
                spend.release();
                fail(GatewayError.INVALID_JSON, "The request body cannot be rewritten.", null);
                return;
            }
        }
        if (source != null) {
            source.release();
            source = null;
        }
        spend.retarget(down.provider(), down.upstreamModel(), down.tier());
        budgetHeader = "downgraded";
        dispatch(null, "BYPASS", "budget-downgrade", false, List.of(down));
    }

    /**
     * Sends the request upstream: to its route's targets, or to {@code targets} when given. The
     * first target's answer is teed into {@code flight} if there is one; every answer is priced.
     */
    private void dispatch(
            Flight flight,
            String cacheHeader,
            String reason,
            boolean leased,
            List<ModelRouter.Target> targets) {
        dispatched = true;
        if (canonical == null && requestRef == null) {
            // Kept (not copied) in case the answer has no usage and the prompt must be counted.
            requestRef = body.retainedDuplicate();
        }
        long now = System.currentTimeMillis();
        ResponseTap tap =
                new LeaderTap(
                        flight, format, now, true, answer -> answered(answer, flight, leased));
        ByteBuf content = body;
        body = null;
        ByteBuf fallbackSource = source;
        source = null;
        String missReason = reason;
        exchange =
                new UpstreamAttempts(
                        ctx,
                        services,
                        requestId,
                        uri,
                        clientHeaders,
                        endpoint,
                        targets != null ? targets : route.targets(),
                        targets != null ? 1 : route.attempts(),
                        keepAlive,
                        includeUsage,
                        content,
                        fallbackSource,
                        t -> cacheHeaders(t == target ? cacheHeader : "BYPASS"),
                        tap,
                        t -> {
                            spend.retarget(t.provider(), t.upstreamModel(), t.tier());
                            return new LeaderTap(
                                    null,
                                    format,
                                    now,
                                    true,
                                    answer -> answered(answer, null, false));
                        },
                        (status, outcome) -> {
                            exchange = null;
                            record(cacheHeader, missReason, status);
                            done.done(status, outcome);
                        });
        exchange.start();
    }

    /**
     * An upstream answer is complete (null: none): price it, store it if it leads a flight, compare
     * it if sampled; returns the cost header for a held answer's head.
     */
    private HttpHeaders answered(CachedAnswer answer, Flight flight, boolean leased) {
        HttpHeaders h = null;
        if (answer != null) {
            spend.answered(answer.body(), this::requestBytes);
            h = new DefaultHttpHeaders();
            spend.addHeaders(h, false);
        }
        if (flight != null) {
            stored(answer, leased);
        } else if (answer != null) {
            shadow(answer);
        }
        return h;
    }

    /** The request body as JSON bytes, for counting its prompt tokens; null if gone. */
    private byte[] requestBytes() {
        if (canonical != null) {
            return canonical;
        }
        ByteBuf b = requestRef != null ? requestRef : body;
        return b == null ? null : ByteBufUtil.getBytes(b);
    }

    /** The leader's answer (null: none): store it, then let waiting replicas go. */
    private void stored(CachedAnswer answer, boolean leased) {
        if (answer != null) {
            shadow(answer);
        }
        EvalCache cache = services.cache();
        boolean writes = answer != null && decision.mode().writes() && cache.admits(answer);
        CompletionStage<Boolean> written =
                writes
                        ? cache.store(storeKey, answer, decision.ttl())
                        : CompletableFuture.completedFuture(false);
        if (writes) {
            cache.remember(indexKey(), canonical, decision.ttl());
            written.whenComplete((ok, e) -> services.metrics().cacheWrite(Boolean.TRUE.equals(ok)));
            if (semantic() != null) {
                semantic().index(probe, canonical, storeKey, decision.ttl(), written);
            }
        }
        if (leased) {
            written.whenComplete((ok, e) -> cache.leases().release(storeKey, cache.owner()));
        }
    }

    /**
     * Hands a sampled request and the client's complete answer to the shadow runner, once; only a
     * 2xx answer is compared.
     */
    private void shadow(CachedAnswer answer) {
        ShadowRequest s = shadow;
        shadow = null;
        if (s != null && answer.status() / 100 == 2) {
            services.shadows().run(s, answer.body());
        }
    }

    /** The key of comparable recorded requests; only misses and stores need it. */
    private String indexKey() {
        if (indexKey == null) {
            indexKey =
                    EvalCache.indexKey(
                            decision.namespace(),
                            context.tenant(),
                            endpoint.path(),
                            target.upstreamModel(),
                            context.pipeline(),
                            decision.sample());
        }
        return indexKey;
    }

    private HttpHeaders headers(String cacheOutcome) {
        HttpHeaders h = cacheHeaders(cacheOutcome);
        h.set(GatewayHeaders.REQUEST_ID, requestId)
                .set(GatewayHeaders.EVAL_REQUEST_ID, requestId)
                .set(GatewayHeaders.EVAL_PROVIDER, target.provider().name())
                .set(GatewayHeaders.EVAL_UPSTREAM_MODEL, target.upstreamModel());
        return h;
    }

    private HttpHeaders cacheHeaders(String cacheOutcome) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(GatewayHeaders.EVAL_ROUTE, route.route());
        h.set(CachedReplies.CACHE_HEADER, cacheOutcome);
        if (budgetHeader != null) {
            h.set(GatewayHeaders.EVAL_BUDGET, budgetHeader);
        }
        if (key != null) {
            h.set(CachedReplies.KEY_HEADER, key.value());
        }
        return h;
    }

    private void fail(GatewayError error, String message, String param) {
        FullHttpResponse r =
                ErrorResponses.of(
                        ctx.alloc(), endpoint.protocol(), error, message, param, requestId);
        HttpUtil.setKeepAlive(r, keepAlive);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        finish(error.status().code(), error.code());
    }

    private void finish(int status, String outcome) {
        if (finished) {
            return;
        }
        finished = true;
        if (body != null) {
            body.release();
            body = null;
        }
        if (source != null) {
            source.release();
            source = null;
        }
        String cache =
                outcome.equals("hit-semantic")
                        ? SEMANTIC_HIT
                        : outcome.startsWith("hit")
                                ? "HIT"
                                : outcome.equals("coalesced") ? "COALESCED" : "MISS";
        String reason = null;
        if (cache.equals("MISS")) {
            reason = outcome.equals(GatewayError.CACHE_MISS_STRICT.code()) ? "new" : outcome;
        }
        record(cache, reason, status);
        done.done(status, outcome);
    }

    private void record(String cache, String reason, int status) {
        if (dispatched) {
            spend.finish(
                    switch (cache) {
                        case "HIT", SEMANTIC_HIT -> CacheOutcome.HIT;
                        case "COALESCED" -> CacheOutcome.COALESCED;
                        case "BYPASS" -> CacheOutcome.BYPASS;
                        default -> CacheOutcome.MISS;
                    },
                    status);
        } else {
            spend.release();
        }
        if (requestRef != null) {
            requestRef.release();
            requestRef = null;
        }
        String label = cache.toLowerCase(java.util.Locale.ROOT);
        services.metrics()
                .request(
                        endpoint.path(),
                        status,
                        label,
                        route.route(),
                        spend.tier(),
                        System.nanoTime() - startNanos);
        if ("new".equals(reason) && explanation != null) {
            services.metrics().cacheMiss(explanation.reason());
            reason = explanation.describe();
        } else if (reason != null
                && !cache.equals("HIT")
                && !cache.equals(SEMANTIC_HIT)
                && !cache.equals("COALESCED")) {
            services.metrics().cacheMiss(reason);
        }
        services.manifests()
                .record(
                        context.runId(),
                        new ManifestEntry(
                                requestId,
                                System.currentTimeMillis(),
                                endpoint.path(),
                                target.upstreamModel(),
                                key == null ? null : key.value(),
                                cache,
                                reason,
                                status));
    }
}
