package dev.evalgate.gateway.translate;

/**
 * Translates one server-sent-event stream incrementally: upstream bytes go in as they arrive,
 * translated event bytes come out as soon as the events they depend on are complete. Input may be
 * split anywhere, even inside a UTF-8 sequence; the output does not depend on how it was split.
 *
 * <p>Not thread-safe: one instance per stream, fed in order (the stream's event loop owns it).
 *
 * <p>A stream that carries something the client's protocol cannot express (or an upstream error
 * event) is ended with an error event in the client's protocol, and later input is ignored. A
 * stream cut before the answer ended stays cut: {@link #finish()} never invents an ending the
 * upstream did not send, and {@link #complete()} stays {@code false}.
 */
public interface StreamTranslator {
    /**
     * Consumes {@code len} bytes of {@code b} from {@code off}; returns the translated bytes ready
     * now, possibly none.
     */
    byte[] feed(byte[] b, int off, int len);

    /** Signals the end of the upstream stream; returns whatever translated bytes remain. */
    byte[] finish();

    /** Whether the translated stream has reached its protocol's terminal event. */
    boolean complete();
}
