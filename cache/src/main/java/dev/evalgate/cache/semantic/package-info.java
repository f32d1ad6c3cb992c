/**
 * The semantic cache tier's vector side: turning the varying text of a request into a unit vector
 * and comparing two such vectors.
 *
 * <p>Embedding is synchronous and CPU-bound; callers run it off any event loop, on a bounded pool
 * of their own. Nothing here knows of Netty or HTTP.
 */
package dev.evalgate.cache.semantic;
