/**
 * Embeddings for the semantic tier from an embeddings model served through the gateway itself:
 * loopback calls to {@code /v1/embeddings} carrying the originating request's attribution, so they
 * are routed, cached, metered and billed like any other call.
 */
package dev.evalgate.gateway.embed;
