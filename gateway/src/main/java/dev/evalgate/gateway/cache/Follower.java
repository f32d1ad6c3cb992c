package dev.evalgate.gateway.cache;

import dev.evalgate.cache.flight.FlightListener;
import dev.evalgate.cache.sse.InvalidAnswerException;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * A request answered by another request's upstream call ({@code X-Eval-Cache: COALESCED}). When it
 * wants the same shape as the leader's answer (both streamed or both plain), it relays the leader's
 * bytes as they arrive; otherwise it waits for the complete answer and serves it as a cache hit
 * would. If the leader fails before this follower sent anything, the follower goes upstream itself.
 *
 * <p>Threading: flight events arrive on the leader's thread under the flight's lock; each is handed
 * to this follower's event loop, which keeps them in order.
 */
public final class Follower implements FlightListener {

    /** What the request handler does when the follower is done or must fend for itself. */
    public interface Outcome {
        /** The client has its answer (or was cut off); {@code outcome} for the access log. */
        void done(int status, String outcome);

        /** The leader failed before anything was sent: go upstream. */
        void retry();
    }

    private final Channel channel;
    private final boolean wantsStream;
    private final boolean includeUsage;
    private final StreamFormat format;
    private final HttpHeaders extra;
    private final boolean keepAlive;
    private final Outcome outcome;
    private boolean relaying;
    private boolean finished;
    private int status;

    /**
     * @param extra headers for the client's response ({@code X-Eval-Cache: COALESCED}, ids)
     */
    public Follower(
            Channel channel,
            boolean wantsStream,
            boolean includeUsage,
            StreamFormat format,
            HttpHeaders extra,
            boolean keepAlive,
            Outcome outcome) {
        this.channel = channel;
        this.wantsStream = wantsStream;
        this.includeUsage = includeUsage;
        this.format = format;
        this.extra = extra;
        this.keepAlive = keepAlive;
        this.outcome = outcome;
    }

    @Override
    public void onStart(int status, List<StoredHeader> headers, boolean streamed) {
        channel.eventLoop().execute(() -> start(status, headers, streamed));
    }

    @Override
    public void onChunk(byte[] data) {
        channel.eventLoop().execute(() -> chunk(data));
    }

    @Override
    public void onSuccess(CachedAnswer answer) {
        channel.eventLoop().execute(() -> success(answer));
    }

    @Override
    public void onFailure() {
        channel.eventLoop().execute(this::failure);
    }

    private void start(int status, List<StoredHeader> headers, boolean streamed) {
        if (finished || streamed != wantsStream || !channel.isActive()) {
            return;
        }
        relaying = true;
        this.status = status;
        HttpResponse r =
                new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        for (StoredHeader h : headers) {
            r.headers().add(h.name(), h.value());
        }
        r.headers().add(extra);
        HttpUtil.setTransferEncodingChunked(r, true);
        HttpUtil.setKeepAlive(r, keepAlive);
        channel.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private void chunk(byte[] data) {
        if (relaying && !finished) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(data)))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    private void success(CachedAnswer answer) {
        if (finished) {
            return;
        }
        if (relaying) {
            finished = true;
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            outcome.done(status, "coalesced");
            return;
        }
        if (answer == null) {
            failure();
            return;
        }
        finished = true;
        try {
            var r = CachedReplies.of(answer, format, wantsStream, includeUsage, extra);
            HttpUtil.setKeepAlive(r, keepAlive);
            channel.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            outcome.done(answer.status(), "coalesced");
        } catch (InvalidAnswerException e) {
            finished = false;
            failure();
        }
    }

    private void failure() {
        if (finished) {
            return;
        }
        finished = true;
        if (relaying) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                    .addListener(ChannelFutureListener.CLOSE);
            outcome.done(status, "truncated");
            return;
        }
        outcome.retry();
    }
}
