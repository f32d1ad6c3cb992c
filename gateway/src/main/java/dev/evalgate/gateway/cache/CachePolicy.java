package dev.evalgate.gateway.cache;

import dev.evalgate.cache.CacheMode;
import dev.evalgate.gateway.config.CacheConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, per request, how the cache is used: {@code X-Eval-Cache-Mode} first, then {@code
 * Cache-Control} ({@code no-cache} → refresh, {@code no-store} → replay, {@code only-if-cached} →
 * replay-strict), then the pipeline's configured mode, then the default. Bad header values are
 * refused, never repaired.
 */
public final class CachePolicy {

    /** Mode header. */
    public static final String MODE_HEADER = "x-eval-cache-mode";

    /** Namespace header. */
    public static final String NAMESPACE_HEADER = "x-eval-cache-namespace";

    /** TTL header: seconds, or {@code <n>s|m|h|d}. */
    public static final String TTL_HEADER = "x-eval-cache-ttl";

    /** Sample-index header, for repeated samples of one request. */
    public static final String SAMPLE_HEADER = "x-eval-sample";

    /** Largest sample index + 1. */
    public static final int MAX_SAMPLES = 1024;

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern TTL = Pattern.compile("([0-9]{1,9})(s|m|h|d)?");

    private final CacheConfig config;

    /** A policy for this config. */
    public CachePolicy(CacheConfig config) {
        this.config = config;
    }

    /** Thrown for a cache header the gateway cannot accept; the message says why. */
    public static final class BadCacheHeaderException extends Exception {
        BadCacheHeaderException(String message) {
            super(message, null, false, false);
        }
    }

    /** The decision for a request with these headers from this pipeline (may be null). */
    public CacheDecision decide(HttpHeaders headers, String pipeline)
            throws BadCacheHeaderException {
        String ns = config.namespace();
        String nsHeader = headers.get(NAMESPACE_HEADER);
        if (nsHeader != null) {
            if (!NAMESPACE.matcher(nsHeader).matches()) {
                throw new BadCacheHeaderException(
                        "X-Eval-Cache-Namespace must be 1 to 64 characters of A-Z a-z 0-9 _ . : -.");
            }
            ns = ns + "/" + nsHeader;
        }
        Duration ttl = ttl(headers.get(TTL_HEADER));
        int sample = sample(headers.get(SAMPLE_HEADER));
        if (!config.enabled()) {
            return new CacheDecision(CacheMode.OFF, ns, ttl, sample, "config");
        }
        String modeHeader = headers.get(MODE_HEADER);
        if (modeHeader != null) {
            CacheMode m = CacheMode.fromName(modeHeader);
            if (m == null) {
                throw new BadCacheHeaderException(
                        "X-Eval-Cache-Mode must be one of " + CacheMode.names() + ".");
            }
            return new CacheDecision(m, ns, ttl, sample, "header");
        }
        CacheMode fromCacheControl = fromCacheControl(headers.get(HttpHeaderNames.CACHE_CONTROL));
        if (fromCacheControl != null) {
            return new CacheDecision(fromCacheControl, ns, ttl, sample, "cache-control");
        }
        CacheMode m = config.modeFor(pipeline);
        return new CacheDecision(m, ns, ttl, sample, m == config.mode() ? "config" : "pipeline");
    }

    /** Maps standard request directives onto modes; null when none applies. */
    static CacheMode fromCacheControl(String value) {
        if (value == null) {
            return null;
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (v.contains("only-if-cached")) {
            return CacheMode.REPLAY_STRICT;
        }
        if (v.contains("no-cache")) {
            return v.contains("no-store") ? CacheMode.OFF : CacheMode.REFRESH;
        }
        if (v.contains("no-store")) {
            return CacheMode.REPLAY;
        }
        return null;
    }

    private Duration ttl(String value) throws BadCacheHeaderException {
        if (value == null) {
            return config.ttl();
        }
        Matcher m = TTL.matcher(value.trim());
        Duration ttl = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            ttl =
                    switch (unit) {
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        case "d" -> Duration.ofDays(n);
                        default -> Duration.ofSeconds(n);
                    };
        }
        if (ttl == null
                || ttl.compareTo(config.minTtl()) < 0
                || ttl.compareTo(config.maxTtl()) > 0) {
            throw new BadCacheHeaderException(
                    "X-Eval-Cache-TTL must be seconds or <n>s|m|h|d between "
                            + config.minTtl().toSeconds()
                            + " and "
                            + config.maxTtl().toSeconds()
                            + " seconds (cache.min_ttl..cache.max_ttl).");
        }
        return ttl;
    }

    private static int sample(String value) throws BadCacheHeaderException {
        if (value == null) {
            return -1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0 && n < MAX_SAMPLES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadCacheHeaderException(
                "X-Eval-Sample must be an integer from 0 to " + (MAX_SAMPLES - 1) + ".");
    }
}
