package dev.evalgate.gateway.server;

import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.http.ErrorResponses;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.http.GatewayHeaders;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests: parse, identify, route, then relay upstream through a {@link
 * ProxyExchange}, or answer itself (models, health, errors).
 *
 * <p>Threading: one instance per connection, called only on its event loop. Requests on a
 * connection are answered in order: while one is in flight the connection stops reading, and
 * pipelined requests already decoded wait in a queue. The next request is only taken (or read) once
 * the previous answers have drained below the write watermark, so a client that pipelines requests
 * and reads nothing cannot pile answers up in memory. Ownership: every queued request is released
 * when handled or when the connection closes; a handled request's body is passed upstream as a
 * retained duplicate (or a rewritten copy).
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("evalgate.access");

    private final GatewayServices services;
    private final ClientTimeouts timeouts;
    private final ArrayDeque<FullHttpRequest> queue = new ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    private ApiCall apiCall;
    private boolean busy;
    private boolean waitingForWritability;

    RequestHandler(GatewayServices services, ClientTimeouts timeouts) {
        this.services = services;
        this.timeouts = timeouts;
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
        // Several pipelined requests can be decoded from one read, each delivered here at once: an
        // answer that completes synchronously (an L1 hit) must not let the next one jump the
        // writability check, so every request goes through the queue.
        timeouts.requestReceived();
        queue.add(req);
        if (!busy && !waitingForWritability) {
            takeNext();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (apiCall != null) {
            apiCall.clientWritabilityChanged();
        } else if (waitingForWritability && !busy && ctx.channel().isWritable()) {
            waitingForWritability = false;
            takeNext();
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
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            // the client went away (reset, or closed while its request was still arriving)
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
                        HttpUtil.isKeepAlive(req) && !services.lifecycle().draining(),
                        req.decoderResult().isFailure());
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
        try {
            if (req.decoderResult().isFailure()) {
                throw new Rejection(GatewayError.INVALID_VALUE, "The HTTP request is malformed.");
            }
            if (path.invalidQuery()) {
                throw new Rejection(
                        GatewayError.INVALID_VALUE,
                        "The query string is not valid percent-encoded UTF-8.");
            }
            if (path.invalidRunId()) {
                throw new Rejection(
                        GatewayError.INVALID_VALUE,
                        "The run id in the path must be 1 to "
                                + RequestPath.MAX_RUN_ID_LENGTH
                                + " characters of A-Z a-z 0-9 . _ : - (and not '.' or '..').",
                        "run_id");
            }
            if (endpoint == null
                    && path.raw().startsWith(AdminApi.PREFIX)
                    && path.runId() == null) {
                admin(req, path, call, protocol);
            } else if (endpoint == null) {
                send(call, LocalEndpoints.answer(path.raw(), services), "ok");
            } else if (!endpoint.method().equals(req.method())) {
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
            } else if (endpoint == Endpoint.MODELS) {
                send(call, LocalEndpoints.json(services.modelsBody()), "ok");
            } else {
                proxy(req, endpoint, path, call);
            }
        } catch (Rejection r) {
            sendError(call, protocol, r.error(), r.getMessage(), r.param());
        }
    }

    private void admin(FullHttpRequest req, RequestPath path, Call call, ProviderKind protocol)
            throws Rejection {
        if (services.authenticator().tenantOf(req.headers()) == null) {
            throw new Rejection(GatewayError.UNAUTHORIZED, "A valid gateway key is required.");
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
        send(call, r, "admin");
    }

    private void proxy(FullHttpRequest req, Endpoint endpoint, RequestPath path, Call call)
            throws Rejection {
        ApiRequests.Prepared p =
                ApiRequests.prepare(req, endpoint, path, call.requestId, services, ctx.alloc());
        call.provider = p.target().provider().name();
        call.model = p.target().upstreamModel();
        call.context = p.context();
        apiCall =
                new ApiCall(
                        ctx,
                        services,
                        call.requestId,
                        req.uri(),
                        req.headers(),
                        endpoint,
                        p.route(),
                        p.target(),
                        p.context(),
                        p.decision(),
                        p.body(),
                        p.content(),
                        p.canonical(),
                        p.source(),
                        p.shadow(),
                        call.keepAlive,
                        call.startNanos,
                        (status, outcome) -> completed(call, status, outcome));
        apiCall.start();
    }

    private void sendError(
            Call call, ProviderKind protocol, GatewayError error, String message, String param) {
        send(
                call,
                ErrorResponses.of(ctx.alloc(), protocol, error, message, param, call.requestId),
                error.code());
    }

    private void send(Call call, FullHttpResponse response, String outcome) {
        HttpUtil.setKeepAlive(response, call.keepAlive);
        response.headers().set(GatewayHeaders.REQUEST_ID, call.requestId);
        int status = response.status().code();
        if (call.malformed) {
            // The decoder discards everything after a malformed request: the connection ends here,
            // gently, so the client reads this answer instead of a reset.
            if (ctx.pipeline().get(GatewayInitializer.KEEP_ALIVE) != null) {
                ctx.pipeline().remove(GatewayInitializer.KEEP_ALIVE);
            }
            LingeringClose.after(ctx.writeAndFlush(response));
        } else {
            ctx.writeAndFlush(response)
                    .addListener(
                            (ChannelFutureListener)
                                    f -> {
                                        if (!f.isSuccess()) {
                                            f.channel().close();
                                        }
                                    });
        }
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
        if (!ctx.channel().isActive() || call.malformed) {
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
                            if (!busy && ctx.channel().isActive()) {
                                takeNext();
                            }
                        });
    }

    /**
     * Answers the next queued request, or reads more; while the answers already written have not
     * drained (the channel is not writable), waits for {@link #channelWritabilityChanged}.
     */
    private void takeNext() {
        if (!ctx.channel().isWritable()) {
            waitingForWritability = true;
            return;
        }
        FullHttpRequest next = queue.poll();
        if (next != null) {
            handle(next);
        } else {
            timeouts.waiting();
            ctx.channel().config().setAutoRead(true);
        }
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

        /** The HTTP decoder refused the request: its connection cannot carry another one. */
        final boolean malformed;

        String provider;
        String model;
        RequestContext context;

        Call(
                String method,
                String uri,
                String requestId,
                long startNanos,
                boolean keepAlive,
                boolean malformed) {
            this.method = method;
            this.uri = uri;
            this.requestId = requestId;
            this.startNanos = startNanos;
            this.keepAlive = keepAlive && !malformed;
            this.malformed = malformed;
        }
    }
}
