/**
 * The exact-match cache key: a canonical form of the request body and a versioned SHA-256 over it
 * and the request's routing identity.
 *
 * <p>An unchanged evaluation request must produce the same key; any request that could get a
 * different answer must produce a different one. The rules are written down in {@code
 * docs/cache-keys.md}.
 */
package dev.evalgate.cache.key;
