/**
 * The semantic cache tier's vector side: turning the varying text of a request into a unit vector,
 * comparing two such vectors, and finding, per frame, the most similar earlier request ({@link
 * dev.evalgate.cache.semantic.FrameIndex} over a shared {@link
 * dev.evalgate.cache.semantic.VectorStore}).
 *
 * <p>Embedding and scanning are synchronous and CPU-bound; callers run them off any event loop, on
 * a bounded pool of their own. Nothing here knows of Netty, HTTP or Redis.
 */
package dev.evalgate.cache.semantic;
