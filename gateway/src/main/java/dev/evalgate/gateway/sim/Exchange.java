package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/*
 * One request's answer, from latency through the last byte.
 *
 * Threading: created, driven and cancelled on the connection's event loop; delays are tasks
 * scheduled on that loop, so no field needs a lock and nothing ever sleeps.
 * Ownership: every buffer is allocated here and handed to a write, which releases it whether the
 * write succeeds or fails; nothing is retained.
 * Lifecycle: start -> (latency) -> deliver -> complete() when the last byte is written, or
 * cancel() when the channel goes inactive first. Exactly one of them runs its bookkeeping. A
 * stalled answer never completes: it waits for cancel().
 * Flow control: a stream's events and a large body's slices are written only while the channel is
 * writable; when it is not, the exchange waits (counted as a blocked writer) until SimHandler
 * reports it writable again, so a client that stops reading stops the simulator too.
 */
final class Exchange {
    /** Told when an exchange has written its answer completely. */
    interface Done {
        void exchangeDone(boolean keepAlive);
    }

    /** A plain body larger than this is written slice by slice, as the peer reads it. */
    static final int SLICE_BYTES = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private final SimRequest request;
    private final SimCounters counters;
    private final SimulatorOptions options;
    private final SimHealth health;
    private final Done done;
    private Protocol protocol = Protocol.OPENAI;
    private Future<?> scheduled;
    private long chunkDelayMillis;
    private boolean accepted;
    private boolean finished;
    private boolean streaming;
    private boolean cut;
    private boolean stall;
    private boolean closeAfter;
    private java.util.function.IntFunction<ByteBuf> pieces;
    private Runnable afterPieces;
    private int limit;
    private int next;
    private boolean blocked;

    Exchange(
            ChannelHandlerContext ctx,
            SimRequest request,
            SimCounters counters,
            SimulatorOptions options,
            SimHealth health,
            Done done) {
        this.ctx = ctx;
        this.request = request;
        this.counters = counters;
        this.options = options;
        this.health = health;
        this.done = done;
    }

    void start() {
        Endpoint endpoint = Endpoint.resolve(request.path());
        if (SimHealth.isHealthCheck(endpoint)
                && !health.healthy()
                && endpoint.method().name().equals(request.method())) {
            // Like a server still starting: refused, not counted, never delayed or faulted.
            protocol = Protocol.CONTROL;
            write(
                    Reply.error(
                            SimError.UNAVAILABLE,
                            Protocol.OPENAI,
                            "The simulator refuses health checks (POST /sim/health).",
                            null));
            return;
        }
        if (endpoint != null && endpoint.protocol() == Protocol.CONTROL) {
            protocol = Protocol.CONTROL;
            write(Control.answer(endpoint, request, counters, health));
            return;
        }
        protocol = endpoint != null ? endpoint.protocol() : Endpoint.protocolOf(request.path());
        counters.record(request.toRecorded());
        ObjectNode body = null;
        SimException invalidBody = null;
        try {
            body = Json.parseObject(request.body());
        } catch (SimException e) {
            invalidBody = e;
        }
        counters.request(Endpoint.normalize(request.path()), Fields.modelOrNull(body));
        counters.accepted();
        accepted = true;
        if (endpoint == null) {
            write(
                    Reply.error(
                            SimError.NOT_FOUND,
                            protocol,
                            "Unknown request URL: " + request.method() + " " + request.path() + ".",
                            null));
            return;
        }
        if (!endpoint.method().name().equals(request.method())) {
            write(
                    Reply.error(
                                    SimError.METHOD_NOT_ALLOWED,
                                    protocol,
                                    "Method "
                                            + request.method()
                                            + " is not allowed on "
                                            + endpoint.path()
                                            + ".",
                                    null)
                            .header("allow", endpoint.method().name()));
            return;
        }
        Injection injection;
        try {
            injection = Injection.of(request, options, counters);
        } catch (SimException e) {
            write(Reply.error(e.error(), protocol, e.getMessage(), e.param()));
            return;
        }
        Reply reply =
                invalidBody != null && endpoint.method() == HttpMethod.POST
                        ? Reply.error(invalidBody.error(), protocol, invalidBody.getMessage(), null)
                        : answer(endpoint, body, injection);
        chunkDelayMillis = injection.chunkDelay().toMillis();
        long latency = injection.latency().toMillis();
        if (latency > 0) {
            scheduled =
                    ctx.executor()
                            .schedule(
                                    () -> deliver(reply, injection.fault()),
                                    latency,
                                    TimeUnit.MILLISECONDS);
        } else {
            deliver(reply, injection.fault());
        }
    }

    /** The channel went inactive: stop any scheduled step and account for the lost answer. */
    void cancel() {
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        if (finished) {
            return;
        }
        finished = true;
        if (streaming && !cut) {
            counters.streamCancelled();
        }
        if (blocked) {
            blocked = false;
            counters.unblocked();
        }
        if (accepted) {
            counters.exchangeCancelled();
            counters.finished();
        }
    }

    /** The channel's writability changed: a blocked writer goes on once it is writable. */
    void writabilityChanged() {
        if (blocked && ctx.channel().isWritable()) {
            blocked = false;
            counters.unblocked();
            pump();
        }
    }

    private Reply answer(Endpoint endpoint, ObjectNode body, Injection injection) {
        int answerBytes = injection.answerBytes();
        try {
            return switch (endpoint) {
                case CHAT -> OpenAiReplies.chat(body, injection.answerWords(), answerBytes);
                case COMPLETIONS -> OpenAiReplies.completions(body, answerBytes);
                case EMBEDDINGS -> EmbeddingReplies.embeddings(body);
                case MODELS -> OpenAiReplies.models();
                case MESSAGES -> AnthropicReplies.messages(body, answerBytes);
                default -> throw new IllegalStateException("not an API endpoint: " + endpoint);
            };
        } catch (SimException e) {
            return Reply.error(e.error(), protocol, e.getMessage(), e.param());
        }
    }

    private void deliver(Reply reply, Fault fault) {
        if (finished) {
            return;
        }
        if (fault == null) {
            write(reply);
            return;
        }
        counters.faultInjected();
        switch (fault) {
            case TIMEOUT -> {
                // Answer nothing; cancel() runs when the client gives up and closes.
            }
            case RESET -> {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
            }
            case CUT -> {
                cut = true;
                write(reply);
            }
            case STALL -> {
                stall = true;
                write(reply);
            }
            case MALFORMED -> write(FaultyReplies.malformed(reply));
            case PARTIAL -> {
                closeAfter = true;
                write(FaultyReplies.partial(reply));
            }
            case HTML -> write(FaultyReplies.html());
            default -> {
                Reply error =
                        Reply.error(
                                SimError.of(fault),
                                protocol,
                                "Simulated "
                                        + fault.label()
                                        + " injected by the evalgate simulator.",
                                null);
                if (fault == Fault.RATE_LIMITED) {
                    error.header("retry-after", "1");
                }
                write(error);
            }
        }
    }

    private void write(Reply reply) {
        if (reply.isStream()) {
            writeStream(reply);
        } else if (cut || stall) {
            writeHalfBody(reply);
        } else if (reply.body().length > SLICE_BYTES) {
            writeSlices(reply);
        } else {
            ByteBuf content = ctx.alloc().buffer(reply.body().length).writeBytes(reply.body());
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(), content);
            headers(response, reply);
            HttpUtil.setContentLength(response, reply.body().length);
            ctx.writeAndFlush(response).addListener(this::completeOrClose);
        }
    }

    /** The head and half the body; then a cut closes, a stall sends nothing more. */
    private void writeHalfBody(Reply reply) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, reply.status());
        headers(response, reply);
        HttpUtil.setContentLength(response, reply.body().length);
        ctx.write(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        int half = reply.body().length / 2;
        ByteBuf content = ctx.alloc().buffer(half).writeBytes(reply.body(), 0, half);
        ctx.writeAndFlush(new DefaultHttpContent(content))
                .addListener(
                        cut ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** A body larger than one slice: the head, then the body slice by slice as the peer reads. */
    private void writeSlices(Reply reply) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, reply.status());
        headers(response, reply);
        byte[] body = reply.body();
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        pieces =
                i -> {
                    int from = i * SLICE_BYTES;
                    int length = Math.min(SLICE_BYTES, body.length - from);
                    return ctx.alloc().buffer(length).writeBytes(body, from, length);
                };
        limit = (body.length + SLICE_BYTES - 1) / SLICE_BYTES;
        afterPieces =
                () ->
                        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                                .addListener(this::completeOrClose);
        pump();
    }

    private void writeStream(Reply reply) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, reply.status());
        headers(response, reply);
        HttpUtil.setTransferEncodingChunked(response, true);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        streaming = true;
        counters.streamStarted();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        List<String> events = reply.events();
        pieces = i -> ByteBufUtil.writeUtf8(ctx.alloc(), events.get(i));
        limit = cut || stall ? Math.max(1, events.size() / 2) : events.size();
        afterPieces =
                () ->
                        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                                .addListener(
                                        future -> {
                                            if (future.isSuccess() && !finished) {
                                                counters.streamCompleted();
                                            }
                                            completeOrClose(future);
                                        });
        pump();
    }

    /**
     * Writes pieces from {@code next} on, one flush each, pausing by the chunk delay and while the
     * channel is not writable; then ends the answer (or, for a cut one, closes).
     */
    private void pump() {
        ChannelFuture last = null;
        while (!finished && next < limit) {
            if (!ctx.channel().isWritable()) {
                blocked = true;
                counters.blocked();
                return;
            }
            ByteBuf piece = pieces.apply(next++);
            int bytes = piece.readableBytes();
            last = ctx.writeAndFlush(new DefaultHttpContent(piece));
            last.addListener(
                    f -> {
                        if (f.isSuccess()) {
                            counters.bodyBytesWritten(bytes);
                        }
                    });
            last.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            if (chunkDelayMillis > 0 && next < limit) {
                scheduled =
                        ctx.executor()
                                .schedule(this::pump, chunkDelayMillis, TimeUnit.MILLISECONDS);
                return;
            }
        }
        if (finished || stall) {
            return;
        }
        if (cut) {
            if (last != null) {
                last.addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
            return;
        }
        afterPieces.run();
    }

    private void headers(HttpResponse response, Reply reply) {
        var headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        String requestId = "req_" + Ids.randomHex(12);
        if (protocol == Protocol.CONTROL) {
            headers.set("x-request-id", requestId);
        } else if (protocol == Protocol.ANTHROPIC) {
            headers.set("request-id", requestId)
                    .set("anthropic-ratelimit-requests-limit", "4000")
                    .set("anthropic-ratelimit-requests-remaining", "3999");
        } else {
            headers.set("x-request-id", requestId)
                    .set("x-ratelimit-limit-requests", "10000")
                    .set("x-ratelimit-remaining-requests", "9999")
                    .set("x-ratelimit-limit-tokens", "10000000")
                    .set("x-ratelimit-remaining-tokens", "9990000");
        }
        reply.headers().forEach(headers::set);
        HttpUtil.setKeepAlive(response, request.keepAlive() && !cut && !closeAfter);
    }

    private void completeOrClose(io.netty.util.concurrent.Future<?> future) {
        if (!future.isSuccess()) {
            ctx.close();
            return;
        }
        if (finished) {
            return;
        }
        finished = true;
        if (accepted) {
            counters.finished();
        }
        done.exchangeDone(request.keepAlive() && !closeAfter);
    }
}
