package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.cache.CacheMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates and binds the {@code cache:} section. */
final class CacheBinder {

    private static final List<String> KEYS =
            List.of(
                    "enabled",
                    "namespace",
                    "mode",
                    "ttl",
                    "min_ttl",
                    "max_ttl",
                    "l1_max_bytes",
                    "max_entry_bytes",
                    "lookup_timeout",
                    "redis",
                    "pipelines",
                    "semantic");
    private static final List<String> SEMANTIC_KEYS =
            List.of(
                    "workers",
                    "queue",
                    "max_bytes",
                    "max_entries_per_frame",
                    "refresh",
                    "max_wait");
    private static final List<String> REDIS_KEYS = List.of("url", "cluster");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern REDIS_URL = Pattern.compile("(redis|rediss|redis-sentinel)://.+");
    private static final Duration MIN_TTL = Duration.ofSeconds(1);
    private static final Duration MAX_TTL = Duration.ofDays(3650);

    private final Problems problems;

    CacheBinder(Problems problems) {
        this.problems = problems;
    }

    CacheConfig bind(JsonNode node) {
        CacheConfig d = CacheConfig.defaults();
        Fields f = Fields.of(node, "cache", problems, "a mapping", KEYS);
        boolean enabled = f.bool("enabled", d.enabled());
        String namespace = f.string("namespace", d.namespace());
        if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
            problems.invalidText(f.path("namespace"), namespace, "1..64 of A-Z a-z 0-9 _ . : -");
        }
        CacheMode mode = mode(f, "mode", d.mode());
        Duration ttl = ttl(f, "ttl", d.ttl());
        Duration minTtl = ttl(f, "min_ttl", d.minTtl());
        Duration maxTtl = ttl(f, "max_ttl", d.maxTtl());
        checkTtlBounds(f, ttl, minTtl, maxTtl);
        long l1 = f.size("l1_max_bytes", 0, 64L << 30, d.l1MaxBytes());
        long heap = Runtime.getRuntime().maxMemory();
        if (f.has("l1_max_bytes") && l1 > heap / 2) {
            // Entries cost more heap than the bytes the bound counts: past half the heap, a full
            // L1 ends in OutOfMemoryError instead of evictions.
            problems.invalid(
                    f.path("l1_max_bytes"),
                    f.get("l1_max_bytes"),
                    "at most half the JVM heap, "
                            + Units.formatSize(heap / 2)
                            + " here: raise -Xmx or lower it");
        }
        long maxEntry =
                f.size(
                        "max_entry_bytes",
                        1024,
                        CacheConfig.DEFAULT_MAX_ENTRY_BYTES,
                        d.maxEntryBytes());
        Duration lookup =
                f.duration(
                        "lookup_timeout",
                        d.lookupTimeout(),
                        Duration.ofMillis(1),
                        Duration.ofSeconds(10));
        CacheConfig.RedisConfig redis = redis(f.get("redis"), f.path("redis"));
        Map<String, CacheMode> pipelines = new LinkedHashMap<>();
        Fields p =
                Fields.anyKeys(
                        f.get("pipelines"),
                        f.path("pipelines"),
                        problems,
                        "a mapping of pipeline name or glob to mode");
        for (Map.Entry<String, JsonNode> e : p.entries()) {
            CacheMode m = mode(p, e.getKey(), null);
            if (m != null) {
                pipelines.put(e.getKey(), m);
            }
        }
        return new CacheConfig(
                enabled,
                namespace,
                mode,
                ttl,
                minTtl,
                maxTtl,
                l1,
                maxEntry,
                lookup,
                redis,
                pipelines,
                semantic(f.get("semantic"), f.path("semantic"), d.semantic()));
    }

    private SemanticConfig semantic(JsonNode node, String at, SemanticConfig d) {
        Fields f =
                Fields.of(
                        node,
                        at,
                        problems,
                        "a mapping of " + String.join(", ", SEMANTIC_KEYS),
                        SEMANTIC_KEYS);
        return new SemanticConfig(
                f.integer("workers", 1, 64, d.workers()),
                f.integer("queue", 1, 100_000, d.queue()),
                f.size("max_bytes", 1L << 20, 64L << 30, d.maxBytes()),
                f.integer("max_entries_per_frame", 1, 100_000, d.maxEntriesPerFrame()),
                f.duration("refresh", d.refresh(), Duration.ZERO, Duration.ofHours(1)),
                f.duration("max_wait", d.maxWait(), Duration.ofMillis(1), Duration.ofMinutes(1)));
    }

    /** Checks min_ttl <= ttl <= max_ttl once all three are valid. */
    private void checkTtlBounds(Fields f, Duration ttl, Duration minTtl, Duration maxTtl) {
        if (ttl == null || minTtl == null || maxTtl == null) {
            return; // already reported: a stand-in compared with the others would only add noise
        }
        if (minTtl.compareTo(maxTtl) > 0) {
            problems.add(
                    f.path("min_ttl"),
                    shown(f, "min_ttl", minTtl)
                            + " (expected: at most max_ttl, "
                            + Units.formatDuration(maxTtl)
                            + ")");
        } else if (ttl.compareTo(minTtl) < 0 || ttl.compareTo(maxTtl) > 0) {
            problems.add(
                    f.path("ttl"),
                    shown(f, "ttl", ttl)
                            + " (expected: min_ttl..max_ttl, "
                            + Units.formatDuration(minTtl)
                            + ".."
                            + Units.formatDuration(maxTtl)
                            + ")");
        }
    }

    /** A TTL within the hard limits: the default when absent, null when invalid (reported). */
    private static Duration ttl(Fields f, String key, Duration fallback) {
        return f.has(key) ? f.duration(key, null, MIN_TTL, MAX_TTL) : fallback;
    }

    /** A TTL as a problem shows it: the value written, or the default that applied. */
    private static String shown(Fields f, String key, Duration value) {
        return f.has(key)
                ? Problems.render(f.get(key), false)
                : Units.formatDuration(value) + " by default";
    }

    private CacheMode mode(Fields f, String key, CacheMode fallback) {
        if (!f.has(key)) {
            return fallback;
        }
        JsonNode v = f.get(key);
        CacheMode m = v.isTextual() ? CacheMode.fromName(v.textValue()) : null;
        if (m == null) {
            // YAML reads an unquoted off as false.
            String quote = v.isBoolean() || v.isNumber() ? "; quote it" : "";
            problems.invalid(f.path(key), v, "one of " + CacheMode.names() + quote);
            return fallback;
        }
        return m;
    }

    private CacheConfig.RedisConfig redis(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            // Most likely the URL itself, which may hold a password.
            problems.invalidSecret(path, node, "a mapping of url, cluster");
            return null;
        }
        Fields r = Fields.of(node, path, problems, "a mapping of url, cluster", REDIS_KEYS);
        String url = null;
        if (!r.has("url")) {
            problems.missing(r.path("url"), "a redis://, rediss:// or redis-sentinel:// URL");
        } else {
            url =
                    r.text(
                            r.get("url"),
                            r.path("url"),
                            "a redis://, rediss:// or redis-sentinel:// URL",
                            true);
            if (url != null && !REDIS_URL.matcher(url).matches()) {
                problems.invalidSecret(
                        r.path("url"),
                        r.get("url"),
                        "a redis://, rediss:// or redis-sentinel:// URL");
                url = null;
            }
        }
        boolean cluster = r.bool("cluster", false);
        return url == null ? null : new CacheConfig.RedisConfig(url, cluster);
    }
}
