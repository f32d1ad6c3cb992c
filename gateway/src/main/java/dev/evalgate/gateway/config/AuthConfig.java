package dev.evalgate.gateway.config;

import java.util.List;

/**
 * Gateway keys. With none, the gateway runs in passthrough mode: the client's own credential goes
 * upstream and the tenant is a hash of it.
 *
 * @param keys accepted gateway keys, stored only as SHA-256 hashes
 */
public record AuthConfig(List<GatewayKey> keys) {

    /** Creates the config; the list is copied. */
    public AuthConfig {
        keys = List.copyOf(keys);
    }

    /** Passthrough mode: no gateway keys. */
    public static AuthConfig passthrough() {
        return new AuthConfig(List.of());
    }

    /**
     * One accepted gateway key.
     *
     * @param tenant the tenant the key belongs to
     * @param sha256 lowercase hex SHA-256 of the key's UTF-8 bytes (config spells it {@code
     *     sha256:<hex>})
     */
    public record GatewayKey(String tenant, String sha256) {}
}
