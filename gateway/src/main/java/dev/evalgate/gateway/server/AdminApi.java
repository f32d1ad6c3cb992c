package dev.evalgate.gateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.http.ErrorResponses;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.run.ManifestEntry;
import dev.evalgate.gateway.run.RunManifests;
import dev.evalgate.gateway.shadow.Agreement;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The admin endpoints under {@code /admin/}: run spend reports and manifests, the
 * Testing-to-Inference ratio, reported production spend, pre-flight suite estimates, cache stats
 * and purge, shadow agreement per route, scale-to-zero state per provider. Answers are JSON; errors
 * are OpenAI-shaped. In gateway-key mode they need a valid gateway key like the API.
 */
final class AdminApi {

    static final String PREFIX = "/admin/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayServices services;

    AdminApi(GatewayServices services) {
        this.services = services;
    }

    /** The answer to an admin request; completes on any thread. */
    CompletionStage<FullHttpResponse> handle(
            FullHttpRequest req, String path, String requestId, ByteBufAllocator alloc) {
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        if (path.equals("/admin/cache")) {
            if (!req.method().equals(HttpMethod.DELETE)) {
                return done(notAllowed(alloc, requestId, "DELETE"));
            }
            String namespace = param(query, "namespace");
            String model = param(query, "model");
            if (model != null && namespace == null) {
                return done(
                        error(
                                alloc,
                                requestId,
                                GatewayError.INVALID_VALUE,
                                "Purging a model needs its namespace too."));
            }
            return services.cache()
                    .purge(namespace, model)
                    .thenApply(
                            n ->
                                    json(
                                            JSON.createObjectNode()
                                                    .put("purged", n)
                                                    .put("namespace", namespace)
                                                    .put("model", model)));
        }
        if (path.equals("/admin/cache/stats")) {
            if (!req.method().equals(HttpMethod.GET)) {
                return done(notAllowed(alloc, requestId, "GET"));
            }
            ObjectNode s =
                    JSON.createObjectNode()
                            .put("store", services.cache().description())
                            .put("stored", services.cache().storedCount())
                            .put("store_failures", services.cache().storeFailureCount())
                            .put("too_large", services.cache().tooLargeCount())
                            .put("in_flight", services.cache().flights().size());
            return done(json(s));
        }
        if (path.equals("/admin/estimate")) {
            if (!req.method().equals(HttpMethod.POST)) {
                return done(notAllowed(alloc, requestId, "POST"));
            }
            return services.estimator().handle(req, services, requestId, alloc);
        }
        if (path.equals("/admin/agreement")) {
            if (!req.method().equals(HttpMethod.GET)) {
                return done(notAllowed(alloc, requestId, "GET"));
            }
            return done(json(agreement(services.shadows().agreement())));
        }
        if (path.equals("/admin/providers")) {
            if (!req.method().equals(HttpMethod.GET)) {
                return done(notAllowed(alloc, requestId, "GET"));
            }
            return done(json(PowerAdmin.providers(services.scaleToZero())));
        }
        if (path.equals("/admin/runs")) {
            if (!req.method().equals(HttpMethod.GET)) {
                return done(notAllowed(alloc, requestId, "GET"));
            }
            return runs(query, requestId, alloc);
        }
        if (path.equals("/admin/ratio")) {
            if (!req.method().equals(HttpMethod.GET)) {
                return done(notAllowed(alloc, requestId, "GET"));
            }
            return services.metering()
                    .measureRatio()
                    .handle(
                            (r, e) ->
                                    r != null
                                            ? json(SpendAdmin.ratio(r))
                                            : unavailable(alloc, requestId, e));
        }
        if (path.equals("/admin/spend/production")) {
            if (!req.method().equals(HttpMethod.POST)) {
                return done(notAllowed(alloc, requestId, "POST"));
            }
            SpendAdmin.Production p;
            try {
                p = SpendAdmin.production(ByteBufUtil.getBytes(req.content()));
            } catch (IllegalArgumentException e) {
                return done(error(alloc, requestId, GatewayError.INVALID_VALUE, e.getMessage()));
            }
            return services.metering()
                    .ledger()
                    .recordProduction(p.from(), p.toExclusive(), p.micros())
                    .thenCompose(v -> services.metering().measureRatio())
                    .handle(
                            (r, e) ->
                                    r != null
                                            ? json(SpendAdmin.productionRecorded(p, r))
                                            : unavailable(alloc, requestId, e));
        }
        if (path.startsWith("/admin/runs/") && path.indexOf('/', "/admin/runs/".length()) < 0) {
            String runId = path.substring("/admin/runs/".length());
            if (!RequestPath.validRunId(runId)) {
                return done(error(alloc, requestId, GatewayError.INVALID_VALUE, "Invalid run id."));
            }
            if (!req.method().equals(HttpMethod.GET)) {
                return done(notAllowed(alloc, requestId, "GET"));
            }
            return run(runId, requestId, alloc);
        }
        if (path.startsWith("/admin/runs/") && path.endsWith("/manifest")) {
            String runId =
                    path.substring("/admin/runs/".length(), path.length() - "/manifest".length());
            if (!RequestPath.validRunId(runId)) {
                return done(error(alloc, requestId, GatewayError.INVALID_VALUE, "Invalid run id."));
            }
            if (!req.method().equals(HttpMethod.GET)) {
                return done(notAllowed(alloc, requestId, "GET"));
            }
            RunManifests.Snapshot snap = services.manifests().snapshot(runId);
            if (snap == null) {
                return done(
                        error(
                                alloc,
                                requestId,
                                GatewayError.NOT_FOUND,
                                "No requests recorded for run '" + runId + "'."));
            }
            return done(json(manifest(runId, snap)));
        }
        return done(error(alloc, requestId, GatewayError.NOT_FOUND, "Unknown admin path."));
    }

    /** Shadow comparisons per route: {@code {"routes": {"<route>": {comparisons, …}}}}. */
    static ObjectNode agreement(Agreement agreement) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode routes = root.putObject("routes");
        agreement
                .snapshot()
                .forEach(
                        (route, c) -> {
                            ObjectNode n =
                                    routes.putObject(route)
                                            .put("comparisons", c.comparisons())
                                            .put("agree", c.agree())
                                            .put("disagree", c.disagree())
                                            .put("errors", c.errors());
                            Double rate = c.agreementRate();
                            if (rate == null) {
                                n.putNull("agreement_rate");
                            } else {
                                n.put("agreement_rate", rate);
                            }
                        });
        return root;
    }

    private CompletionStage<FullHttpResponse> run(
            String runId, String requestId, ByteBufAllocator alloc) {
        return services.metering()
                .ledger()
                .run(runId)
                .thenCombine(
                        services.metering()
                                .measureRatio()
                                .exceptionally(e -> null)
                                .toCompletableFuture(),
                        (totals, ratio) ->
                                totals.isPresent()
                                        ? json(
                                                SpendAdmin.run(
                                                        totals.get(),
                                                        ratio,
                                                        services.shadows().agreement()))
                                        : error(
                                                alloc,
                                                requestId,
                                                GatewayError.NOT_FOUND,
                                                "No calls recorded for run '"
                                                        + runId
                                                        + "' (runs are kept "
                                                        + services.metering()
                                                                .config()
                                                                .runRetention()
                                                                .toDays()
                                                        + " days after their last call)."))
                .exceptionally(e -> unavailable(alloc, requestId, e));
    }

    private CompletionStage<FullHttpResponse> runs(
            QueryStringDecoder query, String requestId, ByteBufAllocator alloc) {
        String pipeline = param(query, "pipeline");
        if (pipeline == null) {
            return done(
                    error(
                            alloc,
                            requestId,
                            GatewayError.INVALID_VALUE,
                            "Name the pipeline: /admin/runs?pipeline=<X-Eval-Pipeline value>."));
        }
        int limit = 20;
        String l = param(query, "limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 500) {
                return done(
                        error(
                                alloc,
                                requestId,
                                GatewayError.INVALID_VALUE,
                                "limit must be 1..500."));
            }
        }
        return services.metering()
                .ledger()
                .runs(pipeline, limit)
                .thenCombine(
                        services.metering()
                                .measureRatio()
                                .exceptionally(e -> null)
                                .toCompletableFuture(),
                        (runs, ratio) -> {
                            ObjectNode root = JSON.createObjectNode().put("pipeline", pipeline);
                            ArrayNode list = root.putArray("runs");
                            runs.forEach(t -> list.add(SpendAdmin.summary(t)));
                            if (ratio != null) {
                                root.set("ratio", SpendAdmin.ratio(ratio));
                            }
                            return json(root);
                        })
                .exceptionally(e -> unavailable(alloc, requestId, e));
    }

    /** The ledger could not answer (Redis down): 503. */
    private static FullHttpResponse unavailable(
            ByteBufAllocator alloc, String requestId, Throwable e) {
        return error(
                alloc,
                requestId,
                GatewayError.LEDGER_UNAVAILABLE,
                "The spend ledger cannot be read right now: "
                        + (e == null ? "unknown error" : rootMessage(e))
                        + ".");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static ObjectNode manifest(String runId, RunManifests.Snapshot snap) {
        ObjectNode root = JSON.createObjectNode().put("run", runId).put("dropped", snap.dropped());
        ArrayNode entries = root.putArray("requests");
        List<ManifestEntry> list = snap.entries();
        for (ManifestEntry e : list) {
            entries.addObject()
                    .put("request_id", e.requestId())
                    .put("at_ms", e.atMillis())
                    .put("endpoint", e.endpoint())
                    .put("model", e.model())
                    .put("key", e.key())
                    .put("cache", e.cache())
                    .put("reason", e.reason())
                    .put("status", e.status());
        }
        return root;
    }

    static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }

    private static CompletionStage<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    static FullHttpResponse json(ObjectNode node) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse r =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }

    static FullHttpResponse error(
            ByteBufAllocator alloc, String requestId, GatewayError error, String message) {
        return ErrorResponses.of(alloc, ProviderKind.OPENAI, error, message, null, requestId);
    }

    private static FullHttpResponse notAllowed(
            ByteBufAllocator alloc, String requestId, String allow) {
        FullHttpResponse r =
                error(
                        alloc,
                        requestId,
                        GatewayError.METHOD_NOT_ALLOWED,
                        "Use " + allow + " on this path.");
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return r;
    }
}
