/**
 * Request canonicalisation, cache keys, cache stores (Caffeine L1, Redis L2) and single-flight.
 *
 * <p>Knows nothing of Netty or HTTP: the gateway hands it bytes and metadata and gets answers back
 * as {@link java.util.concurrent.CompletionStage}s.
 */
package dev.evalgate.cache;
