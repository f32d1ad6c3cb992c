package dev.evalgate.cache.key;

import java.util.Objects;

/**
 * Everything a cache key is computed from: who may read the entry, where the request goes, which
 * repetition of it this is, and the canonical body.
 *
 * @param namespace cache namespace; bumping it invalidates every entry at once
 * @param tenant the gateway key's tenant, so tenants never read each other's entries
 * @param provider the provider the route resolved to
 * @param upstreamModel the model name sent upstream, after alias resolution
 * @param endpoint the upstream API path, e.g. {@code /v1/chat/completions}
 * @param sample the {@code X-Eval-Sample} index, or {@code -1} when the header is absent
 * @param canonicalBody output of {@link Canonicalizer}; ownership passes to this record, which does
 *     not copy it, so the caller must not change it afterwards
 */
public record KeyInput(
        String namespace,
        String tenant,
        String provider,
        String upstreamModel,
        String endpoint,
        int sample,
        byte[] canonicalBody) {

    /** Rejects missing fields and samples below {@code -1}. */
    public KeyInput {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(canonicalBody, "canonicalBody");
        if (sample < -1) {
            throw new IllegalArgumentException("sample: " + sample + " (expected: -1 or >= 0)");
        }
    }
}
