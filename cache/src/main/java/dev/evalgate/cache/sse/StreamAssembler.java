package dev.evalgate.cache.sse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds the complete non-streamed answer from the raw bytes of a streamed one, so a streamed miss
 * can be stored in the same shape as a plain one and later served either way.
 *
 * <p>Only a stream that reached its terminal event ({@code data: [DONE]} with a {@code
 * finish_reason} on every choice for OpenAI, {@code message_stop} for Anthropic) is complete. A cut
 * stream, an error event or unparsable event data makes it incomplete for good; no input makes
 * {@link #feed} throw. Not thread-safe: one assembler per stream, fed in order.
 */
public final class StreamAssembler {
    private final SseParser parser = new SseParser();
    private final Assembly assembly;
    private byte[] assembled;

    /** Creates an assembler for a stream of the given format. */
    public StreamAssembler(StreamFormat format) {
        this.assembly = Assembly.of(Objects.requireNonNull(format, "format"));
    }

    /** Consumes the next raw SSE bytes exactly as they arrived; any split is fine. */
    public void feed(byte[] b, int off, int len) {
        parser.feed(b, off, len, assembly::accept);
    }

    /** Whether the bytes fed so far form a complete answer. */
    public boolean complete() {
        return assembly.incompleteReason() == null;
    }

    /**
     * The answer as the provider's plain-response JSON (UTF-8), stable for the same stream.
     *
     * @throws IncompleteStreamException if {@link #complete()} is false
     */
    public byte[] toCompleteJson() throws IncompleteStreamException {
        String reason = assembly.incompleteReason();
        if (reason != null) {
            throw new IncompleteStreamException(reason);
        }
        if (assembled == null) {
            assembled = Json.write(assembly.build()).getBytes(StandardCharsets.UTF_8);
        }
        return assembled.clone();
    }
}
