package dev.evalgate.gateway.cache;

import dev.evalgate.cache.flight.Flight;
import dev.evalgate.cache.sse.IncompleteStreamException;
import dev.evalgate.cache.sse.StreamAssembler;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import dev.evalgate.gateway.proxy.ResponseTap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tees the leader's upstream answer into its {@link Flight} (so followers get it live) and, once
 * complete and 2xx, builds the stored answer: a plain body as it came, a stream assembled into the
 * complete non-streamed answer. Errors, cut streams and cancelled exchanges store nothing and
 * release the followers.
 *
 * <p>Threading: called on the exchange's event loop only.
 */
public final class LeaderTap implements ResponseTap {

    private final Flight flight;
    private final StreamFormat format;
    private final Consumer<CachedAnswer> onAnswer;
    private final long nowMillis;
    private int status;
    private boolean storable;
    private boolean streamed;
    private String contentType;

    /**
     * @param onAnswer told the complete answer once the exchange ends, or null when there is none
     *     to store (error, cut stream, cancel)
     */
    public LeaderTap(
            Flight flight, StreamFormat format, long nowMillis, Consumer<CachedAnswer> onAnswer) {
        this.flight = flight;
        this.format = format;
        this.nowMillis = nowMillis;
        this.onAnswer = onAnswer;
    }

    @Override
    public void onHeaders(int status, HttpHeaders headers) {
        this.status = status;
        contentType =
                headers.get(
                        HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON.toString());
        streamed = contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
        storable = status >= 200 && status < 300 && (!streamed || format != null);
        if (storable) {
            flight.start(status, List.of(new StoredHeader("content-type", contentType)), streamed);
        } else {
            flight.fail();
        }
    }

    @Override
    public void onBody(ByteBuf content) {
        if (storable) {
            flight.chunk(ByteBufUtil.getBytes(content));
        }
    }

    @Override
    public void onEnd(boolean complete) {
        if (!storable || !complete) {
            flight.fail();
            onAnswer.accept(null);
            return;
        }
        CachedAnswer answer = answerOf(flight.body());
        // Stored before the flight lands: a request that comes too late to follow it must find
        // the answer in the cache, not lead a second upstream call.
        onAnswer.accept(answer);
        flight.succeed(answer);
    }

    @Override
    public boolean wantedWithoutClient() {
        return flight.followers() > 0;
    }

    private CachedAnswer answerOf(byte[] body) {
        if (!streamed) {
            return new CachedAnswer(
                    status,
                    List.of(new StoredHeader("content-type", contentType)),
                    body,
                    nowMillis);
        }
        StreamAssembler assembler = new StreamAssembler(format);
        assembler.feed(body, 0, body.length);
        try {
            return new CachedAnswer(
                    status,
                    List.of(new StoredHeader("content-type", "application/json")),
                    assembler.toCompleteJson(),
                    nowMillis);
        } catch (IncompleteStreamException e) {
            return null;
        }
    }
}
