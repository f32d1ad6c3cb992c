package dev.evalgate.cache.store;

import java.util.Objects;

/**
 * One response header of a cached answer, kept in the order and spelling the upstream sent.
 *
 * @param name header name, never empty
 * @param value header value, possibly empty
 */
public record StoredHeader(String name, String value) {

    /** Validates that both parts are present and the name is not empty. */
    public StoredHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: \"\" (expected: a non-empty header name)");
        }
    }
}
