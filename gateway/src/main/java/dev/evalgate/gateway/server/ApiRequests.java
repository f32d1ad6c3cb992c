package dev.evalgate.gateway.server;

import dev.evalgate.cache.key.InvalidJsonException;
import dev.evalgate.gateway.cache.CacheDecision;
import dev.evalgate.gateway.cache.CachePolicy;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.proxy.UpstreamRequests;
import dev.evalgate.gateway.route.ModelRouter;
import dev.evalgate.gateway.route.RouteTable;
import dev.evalgate.gateway.shadow.ShadowRequest;
import dev.evalgate.gateway.shadow.ShadowRunner;
import dev.evalgate.gateway.translate.Translation;
import dev.evalgate.gateway.translate.UntranslatableException;
import dev.evalgate.pricing.ledger.TrafficKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an API request into everything its {@link ApiCall} needs, or a {@link Rejection}: who sent
 * it, its run context, its body's model and stream flags, where it goes, how it uses the cache, and
 * the body to send upstream.
 */
final class ApiRequests {

    private ApiRequests() {}

    /**
     * A request ready to go.
     *
     * @param content the upstream-bound body: a retained duplicate of the request's, or a copy with
     *     the model rewritten; owned by the caller
     * @param canonical the canonical form of {@code content}, which the cache key is computed from
     */
    record Prepared(
            RequestContext context,
            RequestBody body,
            RouteTable.Decision route,
            ModelRouter.Target target,
            CacheDecision decision,
            ByteBuf content,
            byte[] canonical,
            ByteBuf source,
            ShadowRequest shadow) {}

    static Prepared prepare(
            FullHttpRequest req,
            Endpoint endpoint,
            RequestPath path,
            String requestId,
            GatewayServices services,
            ByteBufAllocator alloc)
            throws Rejection {
        HttpHeaders headers = req.headers();
        RequestContext context = contextOf(headers, path, requestId, services);
        RequestBody body = scan(req.content());
        RouteTable.Decision route = routeOf(services, headers, context, body, endpoint);
        ModelRouter.Target target = route.primary();
        checkTranslatable(req.content(), endpoint, route.primary(), body);
        CacheDecision decision = cacheDecision(services, headers, context);
        ByteBuf content = upstreamBody(alloc, req.content(), target);
        byte[] canonical;
        try {
            canonical = canonical(content);
        } catch (Rejection r) {
            content.release();
            throw r;
        }
        // Fallback targets get the client's body rewritten to their model.
        ByteBuf source = route.targets().size() > 1 ? req.content().retainedDuplicate() : null;
        // Never shadow a shadow call.
        ShadowRequest shadow = null;
        if (context.traffic() != TrafficKind.SHADOW && services.shadows().sampled(route.shadow())) {
            shadow = shadowOf(req, route);
        }
        return new Prepared(
                context, body, route, target, decision, content, canonical, source, shadow);
    }

    /** Who sent the request (401 without a valid gateway key) and its run context. */
    static RequestContext contextOf(
            HttpHeaders headers, RequestPath path, String requestId, GatewayServices services)
            throws Rejection {
        String tenant = services.authenticator().tenantOf(headers);
        if (tenant == null) {
            throw new Rejection(
                    GatewayError.UNAUTHORIZED,
                    "A valid gateway key is required: send it as 'Authorization: Bearer <key>' or"
                            + " 'x-api-key: <key>'.");
        }
        return RequestContexts.of(headers, path, tenant, requestId);
    }

    /** The body's model and flags; it must be one JSON object with a {@code model}. */
    static RequestBody scan(ByteBuf content) throws Rejection {
        RequestBody body;
        try {
            body = RequestBody.scan(content);
        } catch (RequestBody.InvalidBodyException e) {
            throw new Rejection(GatewayError.INVALID_JSON, e.getMessage(), e.param());
        }
        if (body.model() == null || body.model().isEmpty()) {
            throw new Rejection(GatewayError.MISSING_FIELD, "The request has no 'model'.", "model");
        }
        return body;
    }

    /**
     * The canonical form of the upstream-bound body, computed for every request whatever its cache
     * mode: the canonicalizer's rules (no byte order mark, numbers within ±10^10000, …) are the
     * gateway's, so a body the cache key would refuse is never forwarded either.
     */
    static byte[] canonical(ByteBuf content) throws Rejection {
        try {
            return CacheKeys.canonicalOf(content);
        } catch (InvalidJsonException e) {
            throw new Rejection(
                    GatewayError.INVALID_JSON,
                    "The request body is not valid JSON: " + e.getMessage() + ".");
        }
    }

    /**
     * Where the request goes: its shadow tier for a shadow call, else its route; {@link
     * GatewayError#MODEL_NOT_FOUND} when nothing serves its model.
     */
    static RouteTable.Decision routeOf(
            GatewayServices services,
            HttpHeaders headers,
            RequestContext context,
            RequestBody body,
            Endpoint endpoint)
            throws Rejection {
        RouteTable.Request request =
                new RouteTable.Request(
                        body.model(),
                        context.check(),
                        context.pipeline(),
                        endpoint.path().substring(1),
                        body.responseFormat());
        String shadowTier = headers.get(ShadowRunner.TARGET_HEADER);
        if (shadowTier != null && context.traffic() == TrafficKind.SHADOW) {
            RouteTable.Decision route = services.routes().resolveShadow(request, shadowTier);
            if (route == null) {
                throw new Rejection(
                        GatewayError.INVALID_VALUE,
                        "X-Eval-Shadow-Target names no declared tier: '"
                                + shorten(shadowTier)
                                + "'.");
            }
            checkProtocol(route, body.model(), endpoint);
            return route;
        }
        return route(services.routes(), request, endpoint);
    }

    /** How the request uses the cache; a bad cache header is a 400. */
    static CacheDecision cacheDecision(
            GatewayServices services, HttpHeaders headers, RequestContext context)
            throws Rejection {
        try {
            return services.cachePolicy().decide(headers, context.pipeline());
        } catch (CachePolicy.BadCacheHeaderException e) {
            throw new Rejection(GatewayError.INVALID_VALUE, e.getMessage());
        }
    }

    /**
     * The body to send {@code target}: a retained duplicate of {@code content}, or a copy with the
     * model rewritten; owned by the caller.
     */
    static ByteBuf upstreamBody(ByteBufAllocator alloc, ByteBuf content, ModelRouter.Target target)
            throws Rejection {
        if (!target.rewritesModel()) {
            return content.retainedDuplicate();
        }
        try {
            return UpstreamRequests.rewriteModel(alloc, content, target.upstreamModel());
        } catch (IOException e) {
            throw new Rejection(GatewayError.INVALID_JSON, "The request body is not valid JSON.");
        }
    }

    private static ShadowRequest shadowOf(FullHttpRequest req, RouteTable.Decision route) {
        List<Map.Entry<String, String>> copied = new ArrayList<>();
        for (String name : ShadowRequest.COPIED_HEADERS) {
            for (String value : req.headers().getAll(name)) {
                copied.add(Map.entry(name, value));
            }
        }
        return new ShadowRequest(
                route.route(),
                route.shadow(),
                req.uri(),
                copied,
                ByteBufUtil.getBytes(req.content()));
    }

    private static RouteTable.Decision route(
            RouteTable routes, RouteTable.Request request, Endpoint endpoint) throws Rejection {
        String model = request.model();
        RouteTable.Decision decision = routes.resolve(request);
        if (decision == null) {
            throw new Rejection(
                    GatewayError.MODEL_NOT_FOUND,
                    "The model '"
                            + shorten(model)
                            + "' is not served by this gateway. Available: "
                            + String.join(", ", routes.modelPatterns())
                            + ".",
                    "model");
        }
        checkProtocol(decision, model, endpoint);
        return decision;
    }

    private static void checkProtocol(RouteTable.Decision decision, String model, Endpoint endpoint)
            throws Rejection {
        ProviderConfig provider = decision.primary().provider();
        if (provider.kind() != endpoint.protocol() && !Translations.translatable(endpoint)) {
            throw new Rejection(
                    GatewayError.UNSUPPORTED_PROTOCOL,
                    "The model '"
                            + shorten(model)
                            + "' is served by the "
                            + provider.kind().configName()
                            + " provider '"
                            + provider.name()
                            + "', which does not speak this endpoint's "
                            + endpoint.protocol().configName()
                            + " protocol (only chat completions and messages are translated).",
                    "model");
        }
    }

    /** A request its primary target would need translated must be translatable: 400 otherwise. */
    static void checkTranslatable(
            ByteBuf content, Endpoint endpoint, ModelRouter.Target target, RequestBody body)
            throws Rejection {
        Translation t =
                Translation.between(
                        endpoint.protocol(),
                        target.provider().kind(),
                        target.upstreamModel(),
                        body.includeUsage());
        if (t == null) {
            return;
        }
        try {
            t.request(ByteBufUtil.getBytes(content), target.upstreamModel());
        } catch (UntranslatableException e) {
            throw new Rejection(GatewayError.UNSUPPORTED_PROTOCOL, e.getMessage(), e.field());
        }
    }

    static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
