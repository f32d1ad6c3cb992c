package dev.evalgate.gateway.server;

import dev.evalgate.gateway.cache.CacheDecision;
import dev.evalgate.gateway.cache.CachePolicy;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.context.TrafficKind;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.http.ErrorResponses;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.http.GatewayHeaders;
import dev.evalgate.gateway.proxy.UpstreamRequests;
import dev.evalgate.gateway.route.ModelRouter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests: parse, identify, route, then relay upstream through a {@link
 * ProxyExchange}, or answer itself (models, health, errors).
 *
 * <p>Threading: one instance per connection, called only on its event loop. Requests on a
 * connection are answered in order: while one is in flight the connection stops reading, and
 * pipelined requests already decoded wait in a queue. Ownership: every queued request is released
 * when handled or when the connection closes; a handled request's body is passed upstream as a
 * retained duplicate (or a rewritten copy).
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("evalgate.access");

    /** Longest accepted {@code X-Eval-*} label value. */
    static final int MAX_LABEL_LENGTH = 128;

    private final GatewayServices services;
    private final ArrayDeque<FullHttpRequest> queue = new ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    private ApiCall apiCall;
    private boolean busy;

    RequestHandler(GatewayServices services) {
        this.services = services;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            queue.add(req);
            return;
        }
        handle(req);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (apiCall != null) {
            apiCall.clientWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (apiCall != null) {
            apiCall.cancel();
        }
        FullHttpRequest queued;
        while ((queued = queue.poll()) != null) {
            queued.release();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == Lifecycle.DRAIN) {
            if (!busy) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug(
                    "connection error from {}: {}",
                    ctx.channel().remoteAddress(),
                    cause.toString());
        } else {
            LOG.warn("unexpected error on {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void handle(FullHttpRequest req) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
        services.lifecycle().begin();
        Call call =
                new Call(
                        req.method().name(),
                        req.uri(),
                        RequestIds.next(),
                        System.nanoTime(),
                        HttpUtil.isKeepAlive(req) && !services.lifecycle().draining());
        try {
            dispatch(req, call);
        } catch (RuntimeException e) {
            LOG.error("request {} failed", call.requestId, e);
            if (apiCall == null && busy) {
                sendError(
                        call,
                        ProviderKind.OPENAI,
                        GatewayError.INTERNAL,
                        "Internal gateway error.",
                        null);
            }
        } finally {
            req.release();
        }
    }

    private void dispatch(FullHttpRequest req, Call call) {
        RequestPath path = RequestPath.parse(req.uri());
        Endpoint endpoint = path.endpoint();
        ProviderKind protocol =
                endpoint != null
                        ? endpoint.protocol()
                        : path.raw().endsWith("/messages")
                                ? ProviderKind.ANTHROPIC
                                : ProviderKind.OPENAI;
        if (req.decoderResult().isFailure()) {
            sendError(
                    call,
                    protocol,
                    GatewayError.INVALID_VALUE,
                    "The HTTP request is malformed.",
                    null);
            return;
        }
        if (path.invalidRunId()) {
            sendError(
                    call,
                    protocol,
                    GatewayError.INVALID_VALUE,
                    "The run id in the path must be 1 to "
                            + RequestPath.MAX_RUN_ID_LENGTH
                            + " characters of A-Z a-z 0-9 . _ : - (and not '.' or '..').",
                    "run_id");
            return;
        }
        if (endpoint == null) {
            dispatchNonApi(req, path, call, protocol);
            return;
        }
        if (!endpoint.method().equals(req.method())) {
            FullHttpResponse r =
                    ErrorResponses.of(
                            ctx.alloc(),
                            protocol,
                            GatewayError.METHOD_NOT_ALLOWED,
                            "Method "
                                    + req.method()
                                    + " is not allowed on /v1"
                                    + endpoint.path()
                                    + "; use "
                                    + endpoint.method()
                                    + ".",
                            null,
                            call.requestId);
            r.headers().set(HttpHeaderNames.ALLOW, endpoint.method().name());
            send(call, r, "error");
            return;
        }
        if (endpoint == Endpoint.MODELS) {
            sendJson(call, HttpResponseStatus.OK, services.modelsBody());
            return;
        }
        proxy(req, endpoint, path, call);
    }

    private void dispatchNonApi(
            FullHttpRequest req, RequestPath path, Call call, ProviderKind protocol) {
        if (path.raw().startsWith(AdminApi.PREFIX) && path.runId() == null) {
            admin(req, path, call, protocol);
            return;
        }
        switch (path.raw()) {
            case "/metrics" -> {
                byte[] text = services.metrics().scrape().getBytes(StandardCharsets.UTF_8);
                FullHttpResponse r =
                        new DefaultFullHttpResponse(
                                HttpVersion.HTTP_1_1,
                                HttpResponseStatus.OK,
                                Unpooled.wrappedBuffer(text));
                r.headers()
                        .set(
                                HttpHeaderNames.CONTENT_TYPE,
                                "text/plain; version=0.0.4; charset=utf-8")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                        .set(GatewayHeaders.REQUEST_ID, call.requestId);
                send(call, r, "ok");
            }
            case "/healthz" ->
                    sendJson(
                            call,
                            HttpResponseStatus.OK,
                            "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
            case "/readyz" -> {
                if (services.lifecycle().draining()) {
                    sendError(
                            call,
                            protocol,
                            GatewayError.SHUTTING_DOWN,
                            "The gateway is shutting down.",
                            null);
                } else {
                    sendJson(
                            call,
                            HttpResponseStatus.OK,
                            "{\"status\":\"ready\"}".getBytes(StandardCharsets.UTF_8));
                }
            }
            default ->
                    sendError(
                            call,
                            protocol,
                            GatewayError.NOT_FOUND,
                            "Unknown path "
                                    + truncate(path.raw())
                                    + ". The gateway serves /v1/chat/completions, /v1/completions,"
                                    + " /v1/embeddings, /v1/messages and /v1/models, also below"
                                    + " /run/<run-id>.",
                            null);
        }
    }

    private void admin(FullHttpRequest req, RequestPath path, Call call, ProviderKind protocol) {
        if (services.authenticator().tenantOf(req.headers()) == null) {
            sendError(
                    call,
                    protocol,
                    GatewayError.UNAUTHORIZED,
                    "A valid gateway key is required.",
                    null);
            return;
        }
        new AdminApi(services)
                .handle(req, path.raw(), call.requestId, ctx.alloc())
                .whenComplete(
                        (r, e) ->
                                ctx.executor().execute(() -> adminAnswered(call, protocol, r, e)));
    }

    private void adminAnswered(Call call, ProviderKind protocol, FullHttpResponse r, Throwable e) {
        if (e != null) {
            LOG.warn("admin request {} failed", call.requestId, e);
            sendError(call, protocol, GatewayError.INTERNAL, "The admin request failed.", null);
            return;
        }
        r.headers().set(GatewayHeaders.REQUEST_ID, call.requestId);
        send(call, r, "admin");
    }

    private void proxy(FullHttpRequest req, Endpoint endpoint, RequestPath path, Call call) {
        ProviderKind protocol = endpoint.protocol();
        HttpHeaders headers = req.headers();
        String tenant = services.authenticator().tenantOf(headers);
        if (tenant == null) {
            sendError(
                    call,
                    protocol,
                    GatewayError.UNAUTHORIZED,
                    "A valid gateway key is required: send it as 'Authorization: Bearer <key>' or"
                            + " 'x-api-key: <key>'.",
                    null);
            return;
        }
        RequestContext context = contextOf(headers, path, tenant, call, protocol);
        if (context == null) {
            return;
        }
        RequestBody body;
        try {
            body = RequestBody.scan(req.content());
        } catch (RequestBody.InvalidBodyException e) {
            sendError(call, protocol, GatewayError.INVALID_JSON, e.getMessage(), e.param());
            return;
        }
        if (body.model() == null || body.model().isEmpty()) {
            sendError(
                    call,
                    protocol,
                    GatewayError.MISSING_FIELD,
                    "The request has no 'model'.",
                    "model");
            return;
        }
        ModelRouter.Target target = services.router().resolve(body.model());
        if (target == null) {
            sendError(
                    call,
                    protocol,
                    GatewayError.MODEL_NOT_FOUND,
                    "The model '"
                            + truncate(body.model())
                            + "' is not served by this gateway. Available: "
                            + String.join(", ", services.router().modelPatterns())
                            + ".",
                    "model");
            return;
        }
        ProviderConfig provider = target.provider();
        if (provider.kind() != protocol) {
            sendError(
                    call,
                    protocol,
                    GatewayError.UNSUPPORTED_PROTOCOL,
                    "The model '"
                            + truncate(body.model())
                            + "' is served by the "
                            + provider.kind().configName()
                            + " provider '"
                            + provider.name()
                            + "', which does not speak this endpoint's "
                            + protocol.configName()
                            + " protocol.",
                    "model");
            return;
        }
        CacheDecision decision;
        try {
            decision = services.cachePolicy().decide(headers, context.pipeline());
        } catch (CachePolicy.BadCacheHeaderException e) {
            sendError(call, protocol, GatewayError.INVALID_VALUE, e.getMessage(), null);
            return;
        }
        ByteBuf content;
        if (target.rewritesModel()) {
            try {
                content =
                        UpstreamRequests.rewriteModel(
                                ctx.alloc(), req.content(), target.upstreamModel());
            } catch (IOException e) {
                sendError(
                        call,
                        protocol,
                        GatewayError.INVALID_JSON,
                        "The request body is not valid JSON.",
                        null);
                return;
            }
        } else {
            content = req.content().retainedDuplicate();
        }
        call.provider = provider.name();
        call.model = target.upstreamModel();
        call.context = context;
        apiCall =
                new ApiCall(
                        ctx,
                        services,
                        call.requestId,
                        req.uri(),
                        headers,
                        endpoint,
                        target,
                        context,
                        decision,
                        body,
                        content,
                        call.keepAlive,
                        call.startNanos,
                        (status, outcome) -> completed(call, status, outcome));
        apiCall.start();
    }

    /** The request context, or null after answering 400 for a malformed eval header. */
    private RequestContext contextOf(
            HttpHeaders headers,
            RequestPath path,
            String tenant,
            Call call,
            ProviderKind protocol) {
        String runId = path.runId();
        String headerRun = headers.get(GatewayHeaders.EVAL_RUN);
        if (runId == null && headerRun != null) {
            if (!RequestPath.validRunId(headerRun)) {
                badHeader(call, protocol, GatewayHeaders.EVAL_RUN.toString());
                return null;
            }
            runId = headerRun;
        }
        String pipeline = headers.get(GatewayHeaders.EVAL_PIPELINE);
        if (pipeline != null && !validLabel(pipeline)) {
            badHeader(call, protocol, GatewayHeaders.EVAL_PIPELINE.toString());
            return null;
        }
        String check = headers.get(GatewayHeaders.EVAL_CHECK);
        if (check != null && !validLabel(check)) {
            badHeader(call, protocol, GatewayHeaders.EVAL_CHECK.toString());
            return null;
        }
        TrafficKind traffic = TrafficKind.parse(headers.get(GatewayHeaders.EVAL_TRAFFIC));
        if (traffic == null) {
            sendError(
                    call,
                    protocol,
                    GatewayError.INVALID_VALUE,
                    "X-Eval-Traffic must be one of eval, production, shadow.",
                    null);
            return null;
        }
        return new RequestContext(call.requestId, tenant, runId, pipeline, check, traffic);
    }

    private void badHeader(Call call, ProviderKind protocol, String header) {
        sendError(
                call,
                protocol,
                GatewayError.INVALID_VALUE,
                "Header "
                        + header
                        + " must be 1 to "
                        + MAX_LABEL_LENGTH
                        + " characters of A-Z a-z 0-9 . _ : / -.",
                null);
    }

    static boolean validLabel(String value) {
        if (value.isEmpty() || value.length() > MAX_LABEL_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == ':'
                            || c == '/'
                            || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private void sendError(
            Call call, ProviderKind protocol, GatewayError error, String message, String param) {
        send(
                call,
                ErrorResponses.of(ctx.alloc(), protocol, error, message, param, call.requestId),
                error.code());
    }

    private void sendJson(Call call, HttpResponseStatus status, byte[] json) {
        FullHttpResponse r =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length)
                .set(GatewayHeaders.REQUEST_ID, call.requestId);
        send(call, r, "ok");
    }

    private void send(Call call, FullHttpResponse response, String outcome) {
        HttpUtil.setKeepAlive(response, call.keepAlive);
        int status = response.status().code();
        ctx.writeAndFlush(response)
                .addListener(
                        (ChannelFutureListener)
                                f -> {
                                    if (!f.isSuccess()) {
                                        f.channel().close();
                                    }
                                });
        completed(call, status, outcome);
    }

    private void completed(Call call, int status, String outcome) {
        apiCall = null;
        busy = false;
        services.lifecycle().end();
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info(
                    "{} {} {} {} upstream={} model={} run={} {}ms id={}",
                    call.method,
                    truncate(pathOnly(call.uri)),
                    status,
                    outcome,
                    call.provider,
                    call.model,
                    call.context == null ? null : call.context.runId(),
                    String.format(
                            java.util.Locale.ROOT,
                            "%.2f",
                            (System.nanoTime() - call.startNanos) / 1e6),
                    call.requestId);
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        if (services.lifecycle().draining() || !call.keepAlive) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel()
                .eventLoop()
                .execute(
                        () -> {
                            if (busy || !ctx.channel().isActive()) {
                                return;
                            }
                            FullHttpRequest next = queue.poll();
                            if (next != null) {
                                handle(next);
                            } else {
                                ctx.channel().config().setAutoRead(true);
                            }
                        });
    }

    private static String pathOnly(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** Facts about one request, for its access-log line. */
    private static final class Call {
        final String method;
        final String uri;
        final String requestId;
        final long startNanos;
        final boolean keepAlive;
        String provider;
        String model;
        RequestContext context;

        Call(String method, String uri, String requestId, long startNanos, boolean keepAlive) {
            this.method = method;
            this.uri = uri;
            this.requestId = requestId;
            this.startNanos = startNanos;
            this.keepAlive = keepAlive;
        }
    }
}
