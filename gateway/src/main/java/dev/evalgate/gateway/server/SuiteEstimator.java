package dev.evalgate.gateway.server;

import dev.evalgate.gateway.cache.CacheDecision;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.estimate.InvalidSuiteException;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.meter.Budgets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/estimate}: prices an eval suite before it runs. The request's headers apply to
 * every request of the suite as they would to the real calls (gateway key → tenant, {@code
 * X-Eval-Pipeline}, {@code X-Eval-Check}, cache headers, {@code anthropic-version} …), so each
 * request is routed and keyed exactly as its real call would be, and looked up in the cache.
 *
 * <p>Threading: {@link #handle} runs on an event loop and only checks the query and headers and
 * retains the body. Parsing, routing, keying and token counting run on a small bounded executor;
 * cache lookups are asynchronous, at most {@value #MAX_LOOKUPS_IN_FLIGHT} in flight per estimate,
 * each hit priced back on the executor. At most {@value #MAX_RUNNING} estimates run at once, so the
 * executor's queue never fills; another is answered 503. The answer completes on the executor.
 */
final class SuiteEstimator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SuiteEstimator.class);

    /** Most requests in one suite. */
    static final int MAX_REQUESTS = 100_000;

    /** Cache lookups in flight per estimate. */
    static final int MAX_LOOKUPS_IN_FLIGHT = 64;

    /** Estimates running at once. */
    static final int MAX_RUNNING = 4;

    /** Expected output tokens per call that sets no {@code max_tokens}, unless the query says. */
    static final long DEFAULT_OUTPUT_TOKENS = 256;

    private static final List<Endpoint> ENDPOINTS =
            List.of(
                    Endpoint.CHAT_COMPLETIONS,
                    Endpoint.COMPLETIONS,
                    Endpoint.EMBEDDINGS,
                    Endpoint.MESSAGES);

    private final Semaphore running = new Semaphore(MAX_RUNNING);
    private final ThreadPoolExecutor executor =
            new ThreadPoolExecutor(
                    2,
                    2,
                    0,
                    TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(MAX_RUNNING * (MAX_LOOKUPS_IN_FLIGHT + 2)),
                    r -> {
                        Thread t = new Thread(r, "evalgate-estimator");
                        t.setDaemon(true);
                        return t;
                    });

    /** The answer to {@code POST /admin/estimate}; completes on any thread. */
    CompletionStage<FullHttpResponse> handle(
            FullHttpRequest req,
            GatewayServices services,
            String requestId,
            ByteBufAllocator alloc) {
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        Endpoint endpoint = endpointOf(AdminApi.param(query, "endpoint"));
        if (endpoint == null) {
            return error(
                    alloc,
                    requestId,
                    GatewayError.INVALID_VALUE,
                    "endpoint must be one of chat/completions, completions, embeddings, messages.");
        }
        String tokens = AdminApi.param(query, "output_tokens");
        long outputTokens = tokens == null ? DEFAULT_OUTPUT_TOKENS : outputTokensOf(tokens);
        if (outputTokens < 0) {
            return error(
                    alloc,
                    requestId,
                    GatewayError.INVALID_VALUE,
                    "output_tokens must be a whole number from 0 to "
                            + Budgets.MAX_OUTPUT_TOKENS
                            + ".");
        }
        HttpHeaders headers = new DefaultHttpHeaders().set(req.headers());
        RequestContext context;
        CacheDecision decision;
        try {
            context =
                    ApiRequests.contextOf(
                            headers, RequestPath.parse(req.uri()), requestId, services);
            decision = ApiRequests.cacheDecision(services, headers, context);
        } catch (Rejection r) {
            return error(alloc, requestId, r.error(), r.getMessage());
        }
        if (!running.tryAcquire()) {
            return error(
                    alloc,
                    requestId,
                    GatewayError.OVERLOADED,
                    "Too many estimates are running; try again shortly.");
        }
        SuitePlan plan =
                new SuitePlan(services, endpoint, outputTokens, headers, context, decision);
        ByteBuf body = req.content().retain();
        CompletableFuture<FullHttpResponse> answer;
        try {
            answer =
                    CompletableFuture.supplyAsync(() -> plan(plan, body), executor)
                            .thenCompose(p -> p.lookUp(executor, MAX_LOOKUPS_IN_FLIGHT))
                            .thenApplyAsync(
                                    p ->
                                            AdminApi.json(
                                                    p.tally()
                                                            .toJson(
                                                                    endpoint.path().substring(1),
                                                                    outputTokens,
                                                                    decision.mode().configName(),
                                                                    services.metering()
                                                                            .catalogVersion())),
                                    executor);
        } catch (RejectedExecutionException e) {
            body.release();
            running.release();
            return error(alloc, requestId, GatewayError.OVERLOADED, "The estimator is busy.");
        }
        return answer.handle(
                (r, e) -> {
                    running.release();
                    return r != null ? r : failed(alloc, requestId, e);
                });
    }

    private static SuitePlan plan(SuitePlan plan, ByteBuf body) {
        byte[] bytes;
        try {
            bytes = ByteBufUtil.getBytes(body);
        } finally {
            body.release();
        }
        try {
            return plan.plan(bytes, MAX_REQUESTS);
        } catch (InvalidSuiteException e) {
            throw new CompletionException(e);
        }
    }

    private static FullHttpResponse failed(ByteBufAllocator alloc, String requestId, Throwable e) {
        Throwable cause =
                e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InvalidSuiteException) {
            return AdminApi.error(alloc, requestId, GatewayError.INVALID_VALUE, cause.getMessage());
        }
        if (cause instanceof RejectedExecutionException) {
            return AdminApi.error(
                    alloc, requestId, GatewayError.OVERLOADED, "The estimator is busy.");
        }
        LOG.warn("estimate {} failed", requestId, cause);
        return AdminApi.error(alloc, requestId, GatewayError.INTERNAL, "The estimate failed.");
    }

    static Endpoint endpointOf(String name) {
        if (name == null) {
            return Endpoint.CHAT_COMPLETIONS;
        }
        for (Endpoint e : ENDPOINTS) {
            if (e.path().substring(1).equals(name)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The query's {@code output_tokens}, or -1 when it is not 0..{@link Budgets#MAX_OUTPUT_TOKENS}.
     */
    static long outputTokensOf(String value) {
        try {
            long n = Long.parseLong(value);
            return n >= 0 && n <= Budgets.MAX_OUTPUT_TOKENS ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static CompletionStage<FullHttpResponse> error(
            ByteBufAllocator alloc, String requestId, GatewayError error, String message) {
        return CompletableFuture.completedFuture(AdminApi.error(alloc, requestId, error, message));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
