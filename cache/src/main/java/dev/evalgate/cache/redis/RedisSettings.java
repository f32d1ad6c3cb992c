package dev.evalgate.cache.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the shared cache.
 *
 * @param url a Lettuce Redis URI: {@code redis://}, {@code rediss://}, {@code redis-sentinel://};
 *     for a cluster, the address of any node (more nodes as {@code redis://a,b,c})
 * @param cluster whether {@code url} names a Redis Cluster
 * @param lookupTimeout how long a lookup may wait before it counts as a miss
 * @param writeTimeout how long a write (and connecting) may take
 * @param keyPrefix prepended to every cache key, so several deployments can share one Redis
 */
public record RedisSettings(
        String url,
        boolean cluster,
        Duration lookupTimeout,
        Duration writeTimeout,
        String keyPrefix) {

    /** The default lookup timeout: a slow cache must not slow a request much. */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofMillis(50);

    /** The default write timeout. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(1);

    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "evalgate:";

    /** Validates every part. */
    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        requirePositive("lookupTimeout", lookupTimeout);
        requirePositive("writeTimeout", writeTimeout);
    }

    /** Settings for a standalone or Sentinel Redis at {@code url}, with the defaults. */
    public static RedisSettings of(String url) {
        return new RedisSettings(
                url, false, DEFAULT_LOOKUP_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_KEY_PREFIX);
    }

    /** A copy that treats {@link #url} as a Redis Cluster node, or not. */
    public RedisSettings withCluster(boolean cluster) {
        return new RedisSettings(url, cluster, lookupTimeout, writeTimeout, keyPrefix);
    }

    /** A copy with another lookup timeout. */
    public RedisSettings withLookupTimeout(Duration lookupTimeout) {
        return new RedisSettings(url, cluster, lookupTimeout, writeTimeout, keyPrefix);
    }

    /** A copy with another write timeout. */
    public RedisSettings withWriteTimeout(Duration writeTimeout) {
        return new RedisSettings(url, cluster, lookupTimeout, writeTimeout, keyPrefix);
    }

    /** A copy with another key prefix. */
    public RedisSettings withKeyPrefix(String keyPrefix) {
        return new RedisSettings(url, cluster, lookupTimeout, writeTimeout, keyPrefix);
    }

    /** The settings with any password in the URL masked, fit for a log line. */
    @Override
    public String toString() {
        return "RedisSettings[url="
                + maskedUrl()
                + ", cluster="
                + cluster
                + ", lookupTimeout="
                + lookupTimeout
                + ", writeTimeout="
                + writeTimeout
                + ", keyPrefix="
                + keyPrefix
                + "]";
    }

    /** {@link #url} with the user-info password, if any, replaced by {@code ***}. */
    public String maskedUrl() {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return url.substring(0, scheme + 3) + user + ":***" + url.substring(at);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
