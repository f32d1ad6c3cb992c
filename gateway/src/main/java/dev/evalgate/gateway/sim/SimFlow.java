package dev.evalgate.gateway.sim;

/**
 * How the simulator's answers are flowing, for tests of backpressure and cancellation.
 *
 * @param bodyBytesWritten bytes of streamed events and sliced bodies written to the socket since
 *     start or the last reset (a small plain body, written in one piece, is not counted)
 * @param blockedWriters answers waiting right now for their connection to become writable again,
 *     because the peer stopped reading
 * @param exchangesCancelled accepted requests whose connection closed before their answer was
 *     completely written, since start or the last reset
 */
public record SimFlow(long bodyBytesWritten, int blockedWriters, long exchangesCancelled) {}
