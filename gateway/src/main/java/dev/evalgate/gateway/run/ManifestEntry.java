package dev.evalgate.gateway.run;

/**
 * One request of a run, as CI keeps it to compare two runs.
 *
 * @param requestId the gateway's request id
 * @param atMillis when the request finished (epoch millis)
 * @param endpoint e.g. {@code /chat/completions}
 * @param model the upstream model
 * @param key the cache key, or null when the request never reached the cache
 * @param cache {@code HIT}, {@code MISS}, {@code COALESCED}, {@code BYPASS}
 * @param reason why it missed or bypassed: {@code new}, {@code refresh}, {@code mode-off}, {@code
 *     store-error}, {@code not-stored}; null for hits
 * @param status the HTTP status the client received
 */
public record ManifestEntry(
        String requestId,
        long atMillis,
        String endpoint,
        String model,
        String key,
        String cache,
        String reason,
        int status) {}
