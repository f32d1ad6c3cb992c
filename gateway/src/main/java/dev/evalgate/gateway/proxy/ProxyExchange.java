package dev.evalgate.gateway.proxy;

import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.http.ErrorResponses;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.http.GatewayHeaders;
import dev.evalgate.gateway.translate.StreamTranslator;
import dev.evalgate.gateway.translate.Translation;
import dev.evalgate.gateway.translate.UntranslatableException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request relayed to an upstream provider and its answer relayed back, chunk by chunk.
 *
 * <p>Threading: everything runs on the client channel's event loop. The upstream connection is
 * taken from the pool bound to that loop, so no field needs synchronisation.
 *
 * <p>Ownership: the exchange owns {@code request} until {@link #finish}; each send writes a
 * retained duplicate (so a stale pooled connection can be retried once). Response objects from
 * upstream pass to the client write, which releases them; after the exchange is done, late ones are
 * released here.
 *
 * <p>Held answers: a plain 2xx answer whose tap asks for it ({@link ResponseTap#holdsPlainAnswer})
 * is gathered whole, up to {@link #HOLD_LIMIT}, so the head can carry what the tap computes from
 * the complete answer (its cost); past the limit it is relayed like any other. A translated plain
 * answer is gathered the same way. Until the head is written, a broken upstream is answered with an
 * error, as before any byte; so is a held answer that turns out not to be JSON ({@link
 * JsonAnswers}): a 502 the client's SDK retries, where a 200 would fail to parse.
 *
 * <p>Flow control: SSE events and body chunks are written as they arrive and flushed when the
 * upstream read completes, so each event reaches the client as soon as the upstream sent it. When
 * the client stops draining (channel not writable) the upstream connection stops reading until it
 * drains: a slow client slows the upstream, it does not fill the heap. While reading is paused so,
 * the provider's idle timeout does not count: the upstream is silent because the gateway stopped
 * reading it ({@code server.idle_timeout} bounds a client that stops reading for good).
 *
 * <p>Tee: a {@link ResponseTap} sees the status, headers and every body chunk before it goes to the
 * client. If the client goes away while the tap still wants the answer (followers wait for it), the
 * exchange goes on reading upstream without a client; otherwise it cancels upstream.
 *
 * <p>Failure: before any response byte — 502 (unreachable, broken) or 504 (timeout) in the client's
 * protocol. After the response started — the client's response is ended with a final chunk and the
 * connection closed, so no client waits on a stream that will never finish.
 */
@ChannelHandler.Sharable // re-attached to a fresh connection when a stale pooled one is retried
public final class ProxyExchange extends ChannelInboundHandlerAdapter {

    /** Told once when the exchange is over, successfully or not. */
    public interface Completion {
        /**
         * @param status the status the client received
         * @param outcome {@code ok}, {@code truncated}, {@code cancelled}, or the error code
         */
        void completed(int status, String outcome);
    }

    /** Largest plain answer held back until complete so its cost can go in its head. */
    static final int HOLD_LIMIT = 8 << 20;

    /** Outcome of an answer read to its end for followers after the client left. */
    static final String DETACHED = "finished-without-client";

    private enum State {
        ACQUIRING,
        SENT,
        RELAYING,
        /** A retryable answer is being read to its end and thrown away. */
        DISCARDING,
        DONE
    }

    private final Channel client;
    private final UpstreamClient upstreams;
    private final ProviderConfig provider;
    private final FullHttpRequest request;
    private final ProviderKind clientProtocol;
    private final String requestId;
    private final String upstreamModel;
    private final boolean keepAlive;
    private final HttpHeaders extraHeaders;
    private final ResponseTap tap;
    private final RetryGate gate;
    private final Translation translation;
    private StreamTranslator streamTranslator;
    private java.io.ByteArrayOutputStream buffered;
    private HttpResponse translatedHead;
    private String retryAfter;
    private String retryAfterMs;
    private final Completion completion;
    private final AttemptObserver observer;
    private final ChannelFutureListener clientWriteListener = this::onClientWrite;

    private State state = State.ACQUIRING;
    private Channel upstream;
    private boolean retried;
    private boolean tapEnded;
    private boolean upstreamReusable;
    private boolean clientGone;
    private int status;
    private ScheduledFuture<?> firstByteTimer;
    private long startNanos;
    private long headNanos = -1;
    private AttemptOutcome failure;
    private boolean observed;

    /**
     * @param request the upstream request, body included; owned by the exchange from now on
     * @param keepAlive whether the client connection stays open after this answer
     * @param extraHeaders headers added to the client's response (e.g. {@code X-Eval-Cache})
     * @param tap watches the answer as it is relayed
     * @param gate may swallow a retryable outcome before anything reaches the client
     * @param translation translates a 2xx answer from the provider's protocol into the client's, or
     *     null when both speak the same
     * @param observer told how the attempt ended and how long it took
     */
    public ProxyExchange(
            Channel client,
            UpstreamClient upstreams,
            ProviderConfig provider,
            FullHttpRequest request,
            ProviderKind clientProtocol,
            String requestId,
            String upstreamModel,
            boolean keepAlive,
            HttpHeaders extraHeaders,
            ResponseTap tap,
            RetryGate gate,
            Translation translation,
            AttemptObserver observer,
            Completion completion) {
        this.client = client;
        this.upstreams = upstreams;
        this.provider = provider;
        this.request = request;
        this.clientProtocol = clientProtocol;
        this.requestId = requestId;
        this.upstreamModel = upstreamModel;
        this.keepAlive = keepAlive;
        this.extraHeaders = extraHeaders;
        this.tap = tap;
        this.gate = gate;
        this.translation = translation;
        this.observer = observer;
        this.completion = completion;
    }

    /** Starts the exchange: acquire a connection, send, relay. */
    public void start() {
        if (!retried) {
            startNanos = System.nanoTime();
        }
        upstreams.acquire(client.eventLoop(), provider).addListener(this::onAcquired);
    }

    /** The client went away: abandon the upstream request (its connection is closed). */
    public void cancel() {
        if (state == State.DONE || clientGone) {
            return;
        }
        if (tap.wantedWithoutClient()) {
            clientGone = true;
            if (upstream != null) {
                UpstreamClient.resumeReading(upstream);
            }
            return;
        }
        done(0, "cancelled");
    }

    /** Mirrors the client's writability onto the upstream read side. */
    public void clientWritabilityChanged() {
        if (upstream != null && state == State.RELAYING && !clientGone) {
            if (client.isWritable()) {
                UpstreamClient.resumeReading(upstream);
            } else {
                upstream.config().setAutoRead(false);
            }
        }
    }

    private void onAcquired(Future<? super Channel> f) {
        try {
            acquired(f);
        } catch (RuntimeException e) {
            // A bug must not leave the client waiting or the connection out of the pool.
            org.slf4j.LoggerFactory.getLogger(ProxyExchange.class)
                    .error("request {} failed while sending upstream", requestId, e);
            if (state != State.DONE) {
                fail(
                        GatewayError.INTERNAL,
                        AttemptOutcome.INTERNAL,
                        "Internal gateway error while calling the upstream.");
            } else if (f.isSuccess() && ((Channel) f.getNow()).isActive() && upstream == null) {
                upstreams.release((Channel) f.getNow(), provider, false);
            }
        }
    }

    private void acquired(Future<? super Channel> f) {
        if (!f.isSuccess()) {
            if (state != State.DONE) {
                Throwable cause = f.cause();
                boolean timeout =
                        cause instanceof ConnectTimeoutException
                                || cause instanceof java.util.concurrent.TimeoutException;
                fail(
                        timeout ? GatewayError.UPSTREAM_TIMEOUT : GatewayError.UPSTREAM_UNAVAILABLE,
                        AttemptOutcome.CONNECT,
                        "The upstream provider '"
                                + provider.name()
                                + "' could not be reached"
                                + (timeout ? " in time." : ": " + describe(cause) + "."));
            }
            return;
        }
        Channel ch = (Channel) f.getNow();
        if (state == State.DONE) {
            upstreams.release(ch, provider, true);
            return;
        }
        upstream = ch;
        UpstreamClient.attach(ch, this);
        state = State.SENT;
        firstByteTimer =
                client.eventLoop()
                        .schedule(
                                this::onFirstByteTimeout,
                                provider.firstByteTimeout().toMillis(),
                                TimeUnit.MILLISECONDS);
        ch.writeAndFlush(request.retainedDuplicate())
                .addListener(
                        (ChannelFutureListener)
                                wf -> {
                                    if (!wf.isSuccess() && wf.channel() == upstream) {
                                        onUpstreamBroken(wf.cause());
                                    }
                                });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.DONE || ctx.channel() != upstream) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass()
                    == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                ReferenceCountUtil.release(msg);
                return;
            }
            cancelTimer();
            headNanos = System.nanoTime();
            status = response.status().code();
            upstreamReusable = HttpUtil.isKeepAlive(response);
            if (!clientGone && gate.wantsRetry(status)) {
                state = State.DISCARDING;
                retryAfter = response.headers().get(HttpHeaderNames.RETRY_AFTER);
                retryAfterMs = response.headers().get("retry-after-ms");
                if (msg instanceof LastHttpContent) {
                    abandon(upstreamReusable);
                }
                ReferenceCountUtil.release(msg);
                return;
            }
            state = State.RELAYING;
            if (translation != null && status >= 200 && status < 300) {
                startTranslated(response);
            } else if (holdable(response)) {
                translatedHead = response;
                buffered = new java.io.ByteArrayOutputStream(1024);
            } else {
                tap.onHeaders(status, response.headers());
                if (!clientGone) {
                    client.write(clientResponse(response)).addListener(clientWriteListener);
                }
            }
        }
        if (msg instanceof HttpContent content && (buffered != null || streamTranslator != null)) {
            relayTranslated(content);
            return;
        }
        if (msg instanceof HttpContent content && state == State.DISCARDING) {
            boolean last = content instanceof LastHttpContent;
            content.release();
            if (last) {
                abandon(upstreamReusable);
            }
            return;
        }
        if (msg instanceof HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            if (content.content().isReadable()) {
                tap.onBody(content.content());
            }
            if (clientGone) {
                content.release();
            } else {
                client.write(content).addListener(clientWriteListener);
            }
            if (last) {
                finish();
                return;
            }
            if (!clientGone && !client.isWritable()) {
                upstream.config().setAutoRead(false);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.RELAYING && !clientGone) {
            client.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.DONE && ctx.channel() == upstream) {
            onUpstreamBroken(new java.nio.channels.ClosedChannelException());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state != State.DONE && ctx.channel() == upstream) {
            onUpstreamBroken(cause);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (state == State.RELAYING && !clientGone && !ctx.channel().config().isAutoRead()) {
                // Reading is paused because the client is not draining: the silence is the
                // client's, not the upstream's (server.idle_timeout bounds a stalled client).
                return;
            }
            if (state == State.RELAYING) {
                onIdleTimeout();
            } else if (state == State.DISCARDING) {
                abandon(false);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * A 2xx answer in the other protocol: a stream is translated event by event as it arrives; a
     * plain answer is gathered (it is small) and translated whole.
     */
    private void startTranslated(HttpResponse response) {
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (type.regionMatches(true, 0, "text/event-stream", 0, 17)) {
            streamTranslator = translation.stream();
            HttpResponse out = clientResponse(response);
            out.headers()
                    .remove(HttpHeaderNames.CONTENT_LENGTH)
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            HttpUtil.setTransferEncodingChunked(out, true);
            tap.onHeaders(status, out.headers());
            if (!clientGone) {
                client.write(out).addListener(clientWriteListener);
            }
        } else {
            translatedHead = response;
            buffered = new java.io.ByteArrayOutputStream(1024);
        }
    }

    private void relayTranslated(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        ByteBuf in = content.content();
        byte[] bytes = new byte[in.readableBytes()];
        in.getBytes(in.readerIndex(), bytes);
        content.release();
        if (buffered != null) {
            buffered.write(bytes, 0, bytes.length);
            if (last) {
                completeTranslated();
            } else if (translation == null && buffered.size() > HOLD_LIMIT) {
                releaseHold();
            }
            return;
        }
        emit(streamTranslator.feed(bytes, 0, bytes.length));
        if (last) {
            emit(streamTranslator.finish());
            if (!clientGone) {
                client.write(LastHttpContent.EMPTY_LAST_CONTENT).addListener(clientWriteListener);
            }
            finish();
        } else if (!clientGone && !client.isWritable()) {
            upstream.config().setAutoRead(false);
        }
    }

    private void emit(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        ByteBuf out = Unpooled.wrappedBuffer(bytes);
        tap.onBody(out);
        if (clientGone) {
            out.release();
        } else {
            client.write(new DefaultHttpContent(out)).addListener(clientWriteListener);
        }
    }

    /**
     * True for a plain 2xx answer the tap wants held until complete (its cost goes in the head),
     * unless it announces more than {@link #HOLD_LIMIT} bytes.
     */
    private boolean holdable(HttpResponse response) {
        if (!tap.holdsPlainAnswer() || status < 200 || status >= 300) {
            return false;
        }
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (type.regionMatches(true, 0, "text/event-stream", 0, 17)) {
            return false;
        }
        long length = HttpUtil.getContentLength(response, -1L);
        return length <= HOLD_LIMIT;
    }

    /** A held answer grew past the bound: relay what was held and the rest as it comes. */
    private void releaseHold() {
        HttpResponse head = translatedHead;
        ByteBuf held = Unpooled.wrappedBuffer(buffered.toByteArray());
        buffered = null;
        translatedHead = null;
        tap.onHeaders(status, head.headers());
        tap.onBody(held);
        if (clientGone) {
            held.release();
            return;
        }
        client.write(clientResponse(head)).addListener(clientWriteListener);
        client.write(new DefaultHttpContent(held)).addListener(clientWriteListener);
        if (!client.isWritable()) {
            upstream.config().setAutoRead(false);
        }
    }

    private void completeTranslated() {
        if (translation == null) {
            String problem =
                    JsonAnswers.problem(
                            translatedHead.headers().get(HttpHeaderNames.CONTENT_TYPE),
                            buffered.toByteArray());
            if (problem != null) {
                // Held whole, so nothing reached the client: an error it can retry, not a 200
                // its SDK cannot parse (and that must never be cached).
                buffered = null;
                translatedHead = null;
                state = State.SENT;
                fail(
                        GatewayError.UPSTREAM_UNAVAILABLE,
                        AttemptOutcome.INVALID_ANSWER,
                        "The upstream provider '"
                                + provider.name()
                                + "' answered "
                                + status
                                + " with "
                                + problem
                                + ".");
                return;
            }
        }
        byte[] answer;
        try {
            answer =
                    translation == null
                            ? buffered.toByteArray()
                            : translation.response(buffered.toByteArray());
        } catch (UntranslatableException e) {
            buffered = null;
            state = State.SENT;
            fail(
                    GatewayError.UPSTREAM_UNAVAILABLE,
                    AttemptOutcome.UNTRANSLATABLE,
                    "The upstream provider '"
                            + provider.name()
                            + "' answered in a form that cannot be translated back: "
                            + e.getMessage());
            return;
        }
        buffered = null;
        HttpResponse out = clientResponse(translatedHead);
        translatedHead = null;
        out.headers()
                .remove(HttpHeaderNames.TRANSFER_ENCODING)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.length);
        if (translation != null) {
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        tap.onHeaders(status, out.headers());
        ByteBuf body = Unpooled.wrappedBuffer(answer);
        tap.onBody(body);
        if (tap.holdsPlainAnswer()) {
            // The whole answer is here: the tap can finish now and put what it learnt (the cost)
            // into the head.
            tapEnded = true;
            tap.onEnd(true);
            HttpHeaders extra = tap.answerHeaders();
            if (extra != null) {
                out.headers().add(extra);
            }
        }
        if (clientGone) {
            body.release();
        } else {
            client.write(out).addListener(clientWriteListener);
            client.write(new DefaultLastHttpContent(body)).addListener(clientWriteListener);
        }
        finish();
    }

    private HttpResponse clientResponse(HttpResponse upstreamResponse) {
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upstreamResponse.status());
        HeaderPolicy.copyResponseHeaders(upstreamResponse.headers(), out.headers());
        if (!out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setTransferEncodingChunked(out, true);
        }
        if (!out.headers().contains(GatewayHeaders.REQUEST_ID)) {
            out.headers().set(GatewayHeaders.REQUEST_ID, requestId);
        }
        out.headers()
                .set(GatewayHeaders.EVAL_REQUEST_ID, requestId)
                .set(GatewayHeaders.EVAL_PROVIDER, provider.name())
                .set(GatewayHeaders.EVAL_UPSTREAM_MODEL, upstreamModel)
                .add(extraHeaders);
        HttpUtil.setKeepAlive(out, keepAlive);
        return out;
    }

    private void onFirstByteTimeout() {
        if (state == State.SENT) {
            fail(
                    GatewayError.UPSTREAM_TIMEOUT,
                    AttemptOutcome.TIMEOUT,
                    "The upstream provider '"
                            + provider.name()
                            + "' sent no answer within "
                            + provider.firstByteTimeout().toMillis()
                            + " ms.");
        }
    }

    private void onIdleTimeout() {
        truncate("idle-timeout");
    }

    private void onUpstreamBroken(Throwable cause) {
        if (state == State.DISCARDING) {
            abandon(false);
            return;
        }
        if (state == State.RELAYING) {
            truncate("truncated");
            return;
        }
        if (state != State.SENT) {
            return;
        }
        boolean stale = Boolean.TRUE.equals(upstream.attr(UpstreamClient.USED).get());
        if (stale && !retried) {
            // A reused keep-alive connection the upstream had already closed: nothing was
            // answered, so sending again on a fresh connection is safe.
            retried = true;
            cancelTimer();
            Channel broken = upstream;
            upstream = null;
            upstreams.release(broken, provider, false);
            state = State.ACQUIRING;
            start();
            return;
        }
        fail(
                GatewayError.UPSTREAM_UNAVAILABLE,
                AttemptOutcome.RESET,
                "The upstream provider '"
                        + provider.name()
                        + "' closed the connection before answering: "
                        + describe(cause)
                        + ".");
    }

    /** The response had started: end it so the client is not left waiting, then close. */
    private void truncate(String outcome) {
        AttemptOutcome why =
                outcome.equals("idle-timeout") ? AttemptOutcome.TIMEOUT : AttemptOutcome.TRUNCATED;
        if (translatedHead != null) {
            // The answer was being held whole, so nothing reached the client: answer with an
            // error (or let the gate retry) instead of ending a response never begun.
            translatedHead = null;
            buffered = null;
            state = State.SENT;
            String who = "The upstream provider '" + provider.name() + "' ";
            if (outcome.equals("idle-timeout")) {
                fail(
                        GatewayError.UPSTREAM_TIMEOUT,
                        why,
                        who + "went silent in the middle of its answer.");
            } else {
                fail(
                        GatewayError.UPSTREAM_UNAVAILABLE,
                        why,
                        who + "broke off its answer before it was complete.");
            }
            return;
        }
        failure = why;
        if (!clientGone) {
            client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                    .addListener(ChannelFutureListener.CLOSE);
        }
        done(status, outcome);
    }

    private void fail(GatewayError error, AttemptOutcome why, String message) {
        failure = why;
        if (!clientGone && state != State.DONE && gate.wantsRetry(0)) {
            status = 0;
            abandon(false);
            return;
        }
        if (clientGone) {
            done(error.status().code(), error.code());
            return;
        }
        FullHttpResponse response =
                ErrorResponses.of(client.alloc(), clientProtocol, error, message, null, requestId);
        response.headers()
                .set(GatewayHeaders.EVAL_REQUEST_ID, requestId)
                .set(GatewayHeaders.EVAL_PROVIDER, provider.name())
                .set(GatewayHeaders.EVAL_UPSTREAM_MODEL, upstreamModel)
                .add(extraHeaders);
        HttpUtil.setKeepAlive(response, keepAlive);
        client.writeAndFlush(response).addListener(clientWriteListener);
        done(error.status().code(), error.code());
    }

    /** The attempt is swallowed: hand the connection back and let the gate try again. */
    private void abandon(boolean reusable) {
        state = State.DONE;
        observe(false);
        cancelTimer();
        request.release();
        if (upstream != null) {
            Channel ch = upstream;
            upstream = null;
            upstreams.release(ch, provider, reusable);
        }
        gate.retry(status, retryAfter, retryAfterMs);
    }

    private void finish() {
        if (!clientGone) {
            client.flush();
        }
        done(status, clientGone ? DETACHED : "ok");
    }

    private void done(int finalStatus, String outcome) {
        State previous = state;
        state = State.DONE;
        cancelTimer();
        request.release();
        boolean complete =
                previous == State.RELAYING && (outcome.equals("ok") || outcome.equals(DETACHED));
        if (upstream != null) {
            Channel ch = upstream;
            upstream = null;
            upstreams.release(ch, provider, complete && upstreamReusable);
        }
        if (!tapEnded) {
            tapEnded = true;
            tap.onEnd(complete);
        }
        observe(outcome.equals("cancelled"));
        completion.completed(finalStatus, outcome);
    }

    /**
     * Tells the observer how this attempt ended, once: the upstream's error status if it sent one,
     * else the failure, else cancelled or ok.
     */
    private void observe(boolean cancelled) {
        if (observed) {
            return;
        }
        observed = true;
        AttemptOutcome outcome;
        if (status == 429) {
            outcome = AttemptOutcome.STATUS_429;
        } else if (status >= 500) {
            outcome = AttemptOutcome.STATUS_5XX;
        } else if (failure != null) {
            outcome = failure;
        } else {
            outcome = cancelled ? AttemptOutcome.CANCELLED : AttemptOutcome.OK;
        }
        long now = System.nanoTime();
        observer.attemptEnded(
                outcome, headNanos < 0 ? -1 : headNanos - startNanos, now - startNanos);
    }

    private void onClientWrite(io.netty.channel.ChannelFuture f) {
        if (!f.isSuccess()) {
            cancel();
        }
    }

    private void cancelTimer() {
        if (firstByteTimer != null) {
            firstByteTimer.cancel(false);
            firstByteTimer = null;
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        String msg = cause.getMessage();
        return msg == null || msg.isBlank() ? cause.getClass().getSimpleName() : msg;
    }
}
