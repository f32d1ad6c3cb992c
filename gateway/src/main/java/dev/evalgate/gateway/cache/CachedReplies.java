package dev.evalgate.gateway.cache;

import dev.evalgate.cache.sse.InvalidAnswerException;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.cache.sse.StreamReplayer;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import dev.evalgate.gateway.http.Endpoint;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Answers from the cache: the stored JSON as it was, or re-emitted as an SSE stream. */
public final class CachedReplies {

    /** {@code X-Eval-Cache}: how the answer was produced. */
    public static final String CACHE_HEADER = "x-eval-cache";

    /** {@code X-Eval-Cache-Key}: the request's cache key. */
    public static final String KEY_HEADER = "x-eval-cache-key";

    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private CachedReplies() {}

    /** The stream format of an endpoint's SSE answers, or null if it never streams. */
    public static StreamFormat formatOf(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> StreamFormat.OPENAI_CHAT;
            case COMPLETIONS -> StreamFormat.OPENAI_COMPLETIONS;
            case MESSAGES -> StreamFormat.ANTHROPIC_MESSAGES;
            default -> null;
        };
    }

    /**
     * The response for a stored answer.
     *
     * @param stream the client asked for SSE
     * @param includeUsage the client asked for a usage chunk ({@code stream_options})
     * @param extra headers to add ({@code X-Eval-Cache}, request id, …)
     */
    public static FullHttpResponse of(
            CachedAnswer answer,
            StreamFormat format,
            boolean stream,
            boolean includeUsage,
            HttpHeaders extra)
            throws InvalidAnswerException {
        byte[] body;
        String contentType;
        if (stream && format != null) {
            body = StreamReplayer.replay(format, answer.body(), includeUsage);
            contentType = EVENT_STREAM;
        } else {
            body = answer.body();
            contentType = storedContentType(answer);
        }
        FullHttpResponse r =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(answer.status()),
                        Unpooled.wrappedBuffer(body));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .add(extra);
        return r;
    }

    static String storedContentType(CachedAnswer answer) {
        for (StoredHeader h : answer.headers()) {
            if (h.name().equalsIgnoreCase("content-type")) {
                return h.value();
            }
        }
        return HttpHeaderValues.APPLICATION_JSON.toString();
    }
}
