package dev.evalgate.gateway.server;

import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.http.ErrorResponses;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.http.GatewayHeaders;
import dev.evalgate.gateway.proxy.ProxyExchange;
import dev.evalgate.gateway.proxy.ResponseTap;
import dev.evalgate.gateway.proxy.RetryGate;
import dev.evalgate.gateway.proxy.UpstreamRequests;
import dev.evalgate.gateway.resilience.CircuitBreaker;
import dev.evalgate.gateway.resilience.ConcurrencyLimiter;
import dev.evalgate.gateway.resilience.RetryPolicy;
import dev.evalgate.gateway.route.ModelRouter;
import dev.evalgate.gateway.scale.ProviderPower;
import dev.evalgate.gateway.translate.Translation;
import dev.evalgate.gateway.translate.UntranslatableException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The upstream calls of one request: its route's target, retried on 429, 5xx, connect errors and
 * timeouts with exponential backoff and jitter (honouring {@code retry-after} up to a cap), then
 * each fallback target in turn, skipping targets whose provider's circuit is open. Nothing is
 * retried once a byte of the answer has gone to the client.
 *
 * <p>A target whose provider is scaled to zero holds the request until the provider wakes; if it
 * does not wake in time the request moves on to the next target, and without one gets a 503 {@code
 * provider_waking}. The request counts as in flight to a scale-to-zero provider from its admission
 * until it moves to another target or ends.
 *
 * <p>Only the first target's answer is teed into the cache: a fallback's answer comes from another
 * model, and the request's cache key names the first target's. Each fallback attempt gets its own
 * tap from {@code fallbackTaps} (to price its answer). When the first target is given up, its tap
 * is told so (the flight's followers go upstream themselves).
 *
 * <p>Threading: the client channel's event loop. Ownership: holds {@code primaryBody} (the body for
 * the first target) and {@code source} (the client's body, for rewriting to fallback models; null
 * without fallbacks) until {@link #close}; each attempt sends its own retained duplicate.
 */
final class UpstreamAttempts implements RetryGate {

    static final Duration BASE_DELAY = Duration.ofMillis(250);
    static final Duration MAX_DELAY = Duration.ofSeconds(8);
    static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(30);

    /** The {@code retry-after} of a request refused because its provider did not wake. */
    static final Duration WAKE_RETRY_AFTER = Duration.ofSeconds(30);

    private final ChannelHandlerContext ctx;
    private final GatewayServices services;
    private final String requestId;
    private final String uri;
    private final HttpHeaders clientHeaders;
    private final Endpoint endpoint;
    private final List<ModelRouter.Target> targets;
    private final RetryPolicy policy;
    private final boolean keepAlive;
    private final boolean includeUsage;
    private final Function<ModelRouter.Target, HttpHeaders> extraHeaders;
    private final ResponseTap primaryTap;
    private final Function<ModelRouter.Target, ResponseTap> fallbackTaps;
    private final ProxyExchange.Completion completion;
    private ByteBuf primaryBody;
    private ByteBuf source;
    private int targetIndex;
    private int attempt;
    private ProxyExchange exchange;
    private CircuitBreaker breaker;
    private ScheduledFuture<?> pending;
    private ConcurrencyLimiter.Ticket ticket;
    private ConcurrencyLimiter.Permit permit;
    private long queueNanos;
    private ProviderPower.Entry power;
    private ProviderConfig notWoken;
    private boolean over;

    UpstreamAttempts(
            ChannelHandlerContext ctx,
            GatewayServices services,
            String requestId,
            String uri,
            HttpHeaders clientHeaders,
            Endpoint endpoint,
            List<ModelRouter.Target> targets,
            int attempts,
            boolean keepAlive,
            boolean includeUsage,
            ByteBuf primaryBody,
            ByteBuf source,
            Function<ModelRouter.Target, HttpHeaders> extraHeaders,
            ResponseTap primaryTap,
            Function<ModelRouter.Target, ResponseTap> fallbackTaps,
            ProxyExchange.Completion completion) {
        this.ctx = ctx;
        this.services = services;
        this.requestId = requestId;
        this.uri = uri;
        this.clientHeaders = clientHeaders;
        this.endpoint = endpoint;
        this.targets = targets;
        this.policy = RetryPolicy.of(attempts, BASE_DELAY, MAX_DELAY, RETRY_AFTER_CAP);
        this.keepAlive = keepAlive;
        this.includeUsage = includeUsage;
        this.primaryBody = primaryBody;
        this.source = source;
        this.extraHeaders = extraHeaders;
        this.primaryTap = primaryTap;
        this.fallbackTaps = fallbackTaps;
        this.completion = completion;
    }

    void start() {
        targetIndex = 0;
        attempt = 0;
        next();
    }

    /** The client went away. */
    void cancel() {
        if (exchange != null) {
            exchange.cancel();
            return;
        }
        if (ticket != null) {
            ticket.cancel();
            ticket = null;
            breaker.onCancel();
        }
        if (pending != null) {
            pending.cancel(false);
        }
        if (targetIndex == 0 && targetIndex < targets.size()) {
            primaryTap.onEnd(false);
        }
        end(0, "cancelled");
    }

    void clientWritabilityChanged() {
        if (exchange != null) {
            exchange.clientWritabilityChanged();
        }
    }

    /** Runs the next attempt: this target again, or the next target whose circuit admits it. */
    private void next() {
        pending = null;
        while (targetIndex < targets.size()) {
            ModelRouter.Target target = targets.get(targetIndex);
            ProviderConfig provider = target.provider();
            boolean reachable =
                    provider.kind() == endpoint.protocol() || Translations.translatable(endpoint);
            if (reachable && power == null) {
                ProviderPower gate = services.power(provider.name());
                if (gate != null) {
                    power = gate.enter(ctx.executor(), this::onWake);
                    if (!power.admittedAtOnce()) {
                        return;
                    }
                }
            }
            breaker = services.breaker(provider.name());
            if (reachable && breaker.tryAcquire()) {
                ConcurrencyLimiter limiter = services.limiter(provider.name());
                if (limiter == null) {
                    if (send(target, 0)) {
                        return;
                    }
                    continue;
                }
                ticket = limiter.acquire(ctx.executor(), permit -> onPermit(target, permit));
                if (ticket.outcome() != ConcurrencyLimiter.Outcome.REJECTED) {
                    return;
                }
                ticket = null;
                breaker.onCancel();
                reject(
                        GatewayError.OVERLOADED,
                        "The provider '"
                                + provider.name()
                                + "' has "
                                + provider.maxConcurrency()
                                + " requests in flight and "
                                + provider.maxQueue()
                                + " waiting (its max_concurrency and max_queue). Try again"
                                + " shortly.",
                        1);
                return;
            }
            giveUpTarget();
        }
        if (notWoken != null) {
            reject(
                    GatewayError.PROVIDER_WAKING,
                    "The provider '"
                            + notWoken.name()
                            + "' is scaled to zero and could not be woken within its wake_timeout"
                            + " of "
                            + notWoken.scaleToZero().wakeTimeout().toSeconds()
                            + " s. Try again shortly.",
                    WAKE_RETRY_AFTER.toSeconds());
            return;
        }
        reject(
                GatewayError.CIRCUIT_OPEN,
                "Every target of this request is unavailable (circuit open after repeated"
                        + " upstream failures). Try again later.",
                CircuitBreakers.COOLDOWN.toSeconds());
    }

    /** The provider this request waits for woke (go on) or did not (try the next target). */
    private void onWake(boolean woken) {
        if (over) {
            return;
        }
        if (!woken) {
            power = null;
            notWoken = targets.get(targetIndex).provider();
            giveUpTarget();
        }
        next();
    }

    private void onPermit(ModelRouter.Target target, ConcurrencyLimiter.Permit granted) {
        ticket = null;
        if (over) {
            granted.release();
            return;
        }
        permit = granted;
        long waited = granted.queueWaitNanos();
        // Every wait, none too: the histogram's quantiles are over all limited requests.
        services.metrics().queueWait(target.provider().name(), waited);
        queueNanos += waited;
        if (!send(target, queueNanos)) {
            releasePermit();
            next();
        }
    }

    /**
     * Starts an exchange to {@code target}; false (target given up) if its body cannot be built.
     */
    private boolean send(ModelRouter.Target target, long waitedNanos) {
        ProviderConfig provider = target.provider();
        Translation translation =
                Translation.between(
                        endpoint.protocol(), provider.kind(), target.upstreamModel(), includeUsage);
        ByteBuf body;
        try {
            body =
                    translation == null
                            ? bodyFor(target)
                            : Unpooled.wrappedBuffer(
                                    translation.request(
                                            ByteBufUtil.getBytes(
                                                    source != null ? source : primaryBody),
                                            target.upstreamModel()));
        } catch (IOException | UntranslatableException e) {
            breaker.onCancel();
            giveUpTarget();
            return false;
        }
        HttpHeaders extra = extraHeaders.apply(target);
        if (waitedNanos > 0) {
            extra.set(GatewayHeaders.EVAL_QUEUE_MS, Long.toString(waitedNanos / 1_000_000));
        }
        attempt++;
        exchange =
                new ProxyExchange(
                        ctx.channel(),
                        services.upstreams(),
                        provider,
                        Translations.upstreamRequest(
                                UpstreamRequests.build(
                                        provider,
                                        Translations.upstreamEndpoint(endpoint, translation),
                                        uri,
                                        clientHeaders,
                                        body,
                                        services.authenticator().passthrough()),
                                translation),
                        endpoint.protocol(),
                        requestId,
                        target.upstreamModel(),
                        keepAlive,
                        extra,
                        targetIndex == 0 ? primaryTap : fallbackTaps.apply(target),
                        this,
                        translation,
                        (outcome, firstByteNanos, totalNanos) ->
                                services.metrics()
                                        .upstreamAttempt(
                                                provider.name(),
                                                outcome.outcome(),
                                                outcome.errorReason(),
                                                firstByteNanos,
                                                totalNanos),
                        this::exchangeDone);
        exchange.start();
        return true;
    }

    private void reject(GatewayError error, String message, long retryAfterSeconds) {
        FullHttpResponse r =
                ErrorResponses.of(
                        ctx.alloc(), endpoint.protocol(), error, message, null, requestId);
        HttpUtil.setKeepAlive(r, keepAlive);
        r.headers()
                .set(GatewayHeaders.EVAL_REQUEST_ID, requestId)
                .add(extraHeaders.apply(targets.get(0)))
                .set("retry-after", Long.toString(retryAfterSeconds));
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (targetIndex == 0) {
            primaryTap.onEnd(false);
        }
        end(r.status().code(), error.code());
    }

    private void releasePower() {
        if (power != null) {
            power.release();
            power = null;
        }
    }

    private void releasePermit() {
        if (permit != null) {
            permit.release();
            permit = null;
        }
    }

    private ByteBuf bodyFor(ModelRouter.Target target) throws IOException {
        if (targetIndex == 0) {
            return primaryBody.retainedDuplicate();
        }
        return UpstreamRequests.rewriteModel(ctx.alloc(), source, target.upstreamModel());
    }

    /** Moves to the next target; the first target's tap learns it will get no answer. */
    private void giveUpTarget() {
        releasePower();
        if (targetIndex == 0) {
            primaryTap.onEnd(false);
        }
        targetIndex++;
        attempt = 0;
    }

    @Override
    public boolean wantsRetry(int status) {
        boolean retryable = status == 0 || RetryPolicy.isRetryableStatus(status);
        return retryable && (policy.hasAttemptsLeft(attempt) || targetIndex + 1 < targets.size());
    }

    @Override
    public void retry(int status, String retryAfter, String retryAfterMs) {
        exchange = null;
        releasePermit();
        judge(status);
        services.metrics().upstreamRetry(targets.get(targetIndex).provider().name(), status);
        Duration delay =
                policy.hasAttemptsLeft(attempt)
                        ? policy.delayBeforeAttempt(
                                attempt,
                                retryAfter,
                                retryAfterMs,
                                ThreadLocalRandom.current()::nextDouble)
                        : null;
        if (delay == null) {
            giveUpTarget();
            next();
            return;
        }
        pending = ctx.executor().schedule(this::next, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void exchangeDone(int status, String outcome) {
        exchange = null;
        releasePermit();
        if (status == 0 && "cancelled".equals(outcome)) {
            breaker.onCancel();
        } else {
            judge(status);
        }
        end(status, outcome);
    }

    /**
     * Tells the provider's breaker how an attempt went. A 429 is no failure: the provider is up and
     * said when to come back, which the retry honours; opening the circuit on a rate-limit storm
     * would turn a one-second {@code retry-after} into a 30-second outage for every client.
     */
    private void judge(int status) {
        if (status >= 500 || status == 0) {
            breaker.onFailure();
        } else {
            breaker.onSuccess();
        }
    }

    private void end(int status, String outcome) {
        if (over) {
            return;
        }
        over = true;
        releasePermit();
        releasePower();
        close();
        completion.completed(status, outcome);
    }

    private void close() {
        if (primaryBody != null) {
            primaryBody.release();
            primaryBody = null;
        }
        if (source != null) {
            source.release();
            source = null;
        }
    }
}
