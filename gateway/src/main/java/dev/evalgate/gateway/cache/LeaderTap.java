package dev.evalgate.gateway.cache;

import dev.evalgate.cache.flight.Flight;
import dev.evalgate.cache.sse.IncompleteStreamException;
import dev.evalgate.cache.sse.StreamAssembler;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import dev.evalgate.gateway.proxy.JsonAnswers;
import dev.evalgate.gateway.proxy.ResponseTap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Collects an upstream answer as it is relayed and, once complete and 2xx, builds the complete
 * answer: a plain body as it came if it is JSON ({@link JsonAnswers}), a stream assembled into the
 * complete non-streamed answer. With a {@link Flight} (the cache's leader), every piece is teed
 * into it so followers get it live, and the flight lands with the answer; errors, cut streams and
 * cancelled exchanges store nothing and release the followers. Without one, it only collects (to
 * price or compare the answer).
 *
 * <p>Threading: called on the exchange's event loop only.
 */
public final class LeaderTap implements ResponseTap {

    /** Told once when the exchange ends. */
    public interface Listener {
        /**
         * @param answer the complete answer, or null when there is none (error, cut stream, cancel)
         * @return headers to add to a held plain answer's head (its cost), or null
         */
        HttpHeaders answered(CachedAnswer answer);
    }

    private final Flight flight;
    private final StreamFormat format;
    private final Listener listener;
    private final long nowMillis;
    private final boolean holdPlain;
    private byte[] single;
    private ByteArrayOutputStream collected;
    private HttpHeaders answerHeaders;
    private int status;
    private boolean storable;
    private boolean streamed;
    private boolean ended;
    private String contentType;

    /**
     * @param flight the cache flight to tee into, or null to collect only
     * @param holdPlain true to have a plain 2xx answer held until complete, so {@code listener}'s
     *     headers reach its head
     */
    public LeaderTap(
            Flight flight,
            StreamFormat format,
            long nowMillis,
            boolean holdPlain,
            Listener listener) {
        this.flight = flight;
        this.format = format;
        this.nowMillis = nowMillis;
        this.holdPlain = holdPlain;
        this.listener = listener;
    }

    @Override
    public void onHeaders(int status, HttpHeaders headers) {
        this.status = status;
        contentType =
                headers.get(
                        HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON.toString());
        streamed = contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
        storable = status >= 200 && status < 300 && (!streamed || format != null);
        if (flight == null) {
            single = null;
            collected = null;
        } else if (storable) {
            flight.start(status, List.of(new StoredHeader("content-type", contentType)), streamed);
        } else {
            flight.fail();
        }
    }

    @Override
    public void onBody(ByteBuf content) {
        if (!storable) {
            return;
        }
        // A held answer arrives whole in a buffer wrapping its own array: that array is taken as
        // is (nobody writes to it); a relayed chunk is copied, its buffer goes to the client.
        byte[] bytes =
                ByteBufUtil.getBytes(
                        content, content.readerIndex(), content.readableBytes(), false);
        if (flight != null) {
            flight.chunk(bytes);
        } else if (single == null && collected == null) {
            single = bytes;
        } else {
            if (collected == null) {
                collected = new ByteArrayOutputStream(single.length + bytes.length);
                collected.write(single, 0, single.length);
                single = null;
            }
            collected.write(bytes, 0, bytes.length);
        }
    }

    @Override
    public void onEnd(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        if (!storable || !complete) {
            if (flight != null) {
                flight.fail();
            }
            listener.answered(null);
            return;
        }
        CachedAnswer answer = answerOf(flight != null ? flight.body() : collectedBody());
        // Stored before the flight lands: a request that comes too late to follow it must find
        // the answer in the cache, not lead a second upstream call.
        answerHeaders = listener.answered(answer);
        if (flight != null) {
            flight.succeed(answer);
        }
    }

    @Override
    public boolean wantedWithoutClient() {
        return flight != null && flight.followers() > 0;
    }

    @Override
    public boolean holdsPlainAnswer() {
        return holdPlain;
    }

    @Override
    public HttpHeaders answerHeaders() {
        return answerHeaders;
    }

    private byte[] collectedBody() {
        if (collected != null) {
            return collected.toByteArray();
        }
        return single != null ? single : new byte[0];
    }

    private CachedAnswer answerOf(byte[] body) {
        if (!streamed) {
            if (JsonAnswers.problem(contentType, body) != null) {
                return null; // a proxy's HTML page or a body cut short: never an answer to keep
            }
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
