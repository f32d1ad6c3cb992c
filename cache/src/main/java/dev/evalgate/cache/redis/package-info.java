/**
 * The shared L2 tier on Redis (standalone, Sentinel or Cluster) through Lettuce's async API.
 *
 * <p>Fails open: a Redis that is down, slow or holding garbage costs cache hits, never requests.
 */
package dev.evalgate.cache.redis;
