/**
 * Server-sent-event streams of LLM answers: parsing, assembling a streamed answer into the
 * provider's plain (non-streamed) response, and re-emitting a stored answer as a stream.
 *
 * <p>A streamed miss is relayed live and teed into a {@link
 * dev.evalgate.cache.sse.StreamAssembler}; only an answer whose stream reached its terminal event
 * is stored. A hit requested as a stream is rebuilt with {@link
 * dev.evalgate.cache.sse.StreamReplayer}. Nothing here knows about Netty or HTTP: it sees bytes.
 */
package dev.evalgate.cache.sse;
