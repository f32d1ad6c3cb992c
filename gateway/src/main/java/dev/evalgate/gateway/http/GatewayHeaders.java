package dev.evalgate.gateway.http;

import io.netty.util.AsciiString;

/** Header names the gateway reads or writes itself. */
public final class GatewayHeaders {

    private GatewayHeaders() {}

    /** Request id on every answer. */
    public static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");

    /**
     * The gateway's own id of a request on every API answer (the manifest's {@code request_id}),
     * beside the upstream's {@code x-request-id} which a relayed answer keeps.
     */
    public static final AsciiString EVAL_REQUEST_ID = AsciiString.cached("x-eval-request-id");

    /** Run id, for clients that can set headers (the path prefix does the same). */
    public static final AsciiString EVAL_RUN = AsciiString.cached("x-eval-run");

    /** Pipeline name. */
    public static final AsciiString EVAL_PIPELINE = AsciiString.cached("x-eval-pipeline");

    /** Kind of check ({@code format}, {@code semantic}, …). */
    public static final AsciiString EVAL_CHECK = AsciiString.cached("x-eval-check");

    /** Traffic kind: {@code eval}, {@code production}, {@code shadow}. */
    public static final AsciiString EVAL_TRAFFIC = AsciiString.cached("x-eval-traffic");

    /** The route that decided where the request went ({@code direct} when none matched). */
    public static final AsciiString EVAL_ROUTE = AsciiString.cached("x-eval-route");

    /** How long the request waited for its provider's concurrency limit, in milliseconds. */
    public static final AsciiString EVAL_QUEUE_MS = AsciiString.cached("x-eval-queue-ms");

    /** The provider the gateway sent the request to. */
    public static final AsciiString EVAL_PROVIDER = AsciiString.cached("x-eval-provider");

    /** The model name sent upstream. */
    public static final AsciiString EVAL_UPSTREAM_MODEL =
            AsciiString.cached("x-eval-upstream-model");

    /**
     * On a {@code SEMANTIC-HIT}: the cosine similarity between this request's final user text and
     * that of the request whose answer it got, four decimals.
     */
    public static final AsciiString EVAL_CACHE_SIMILARITY =
            AsciiString.cached("x-eval-cache-similarity");

    /**
     * Request header: {@code off} keeps this request out of its route's semantic tier (it is
     * neither answered from it nor added to it); exact caching is unchanged.
     */
    public static final AsciiString EVAL_CACHE_SEMANTIC =
            AsciiString.cached("x-eval-cache-semantic");

    /** What the call cost, USD with six decimals ({@code 0.000000} for a hit). */
    public static final AsciiString EVAL_COST_USD = AsciiString.cached("x-eval-cost-usd");

    /** What a hit saved: the answer's cost at today's prices, USD with six decimals. */
    public static final AsciiString EVAL_SAVED_USD = AsciiString.cached("x-eval-saved-usd");

    /** The run's budget for this request, USD ({@code 2.50}); overrides the pipeline's. */
    public static final AsciiString EVAL_BUDGET_USD = AsciiString.cached("x-eval-budget-usd");

    /** Set to {@code exceeded} (action warn) or {@code downgraded} when a budget was hit. */
    public static final AsciiString EVAL_BUDGET = AsciiString.cached("x-eval-budget");

    /** The prefix of every gateway header; never forwarded upstream. */
    public static final String EVAL_PREFIX = "x-eval-";
}
