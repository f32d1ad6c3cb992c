package dev.evalgate.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Watches an upstream answer as it is relayed (the cache tees it here). Called on the exchange's
 * event loop; never given ownership of a buffer.
 */
public interface ResponseTap {

    /** Nothing to watch. */
    ResponseTap NONE =
            new ResponseTap() {
                @Override
                public void onHeaders(int status, HttpHeaders headers) {}

                @Override
                public void onBody(ByteBuf content) {}

                @Override
                public void onEnd(boolean complete) {}
            };

    /** The upstream's response status and headers, before they are relayed. */
    void onHeaders(int status, HttpHeaders headers);

    /** A piece of the body; copy what you keep, the buffer is not yours. */
    void onBody(ByteBuf content);

    /**
     * The exchange is over.
     *
     * @param complete true when the whole answer arrived (final chunk); false when it failed, was
     *     cut, timed out or was cancelled
     */
    void onEnd(boolean complete);

    /**
     * True when the answer is still wanted after the client went away (others wait for it): the
     * exchange then reads the upstream to the end instead of cancelling it.
     */
    default boolean wantedWithoutClient() {
        return false;
    }

    /**
     * True to have a plain (not streamed) 2xx answer held until it is complete, up to a bound, so
     * that {@link #answerHeaders} computed from the whole answer (its cost) reach its head. The tap
     * then sees {@link #onEnd onEnd(true)} before the head is written.
     */
    default boolean holdsPlainAnswer() {
        return false;
    }

    /** Headers to add to a held answer's head, asked after {@code onEnd(true)}; null for none. */
    default HttpHeaders answerHeaders() {
        return null;
    }
}
