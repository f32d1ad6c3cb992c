package dev.evalgate.gateway.auth;

import dev.evalgate.gateway.config.AuthConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Decides who a request comes from.
 *
 * <p>Gateway-key mode: the client presents a gateway key ({@code Authorization: Bearer <key>} or
 * {@code x-api-key: <key>}); it is hashed and looked up, and the provider's own key goes upstream.
 * Passthrough mode (no keys configured): the client's credential goes upstream as it came, and the
 * tenant is {@code cred:} plus a hash prefix of it, so two credentials never share a tenant. Keys
 * are never kept in clear: only their SHA-256.
 */
public final class Authenticator {

    /** Tenant of passthrough requests that carry no credential. */
    public static final String ANONYMOUS = "anonymous";

    private static final String BEARER = "bearer ";

    private final Map<String, String> tenantBySha256;

    /** An authenticator for the configured keys (none: passthrough). */
    public Authenticator(AuthConfig config) {
        Map<String, String> map = new HashMap<>();
        for (AuthConfig.GatewayKey key : config.keys()) {
            map.put(key.sha256(), key.tenant());
        }
        this.tenantBySha256 = Map.copyOf(map);
    }

    /** True when no gateway keys are configured. */
    public boolean passthrough() {
        return tenantBySha256.isEmpty();
    }

    /**
     * The tenant for these request headers, or null when gateway keys are configured and the
     * request has none that matches.
     */
    public String tenantOf(HttpHeaders headers) {
        String credential = credentialOf(headers);
        if (passthrough()) {
            return credential == null
                    ? ANONYMOUS
                    : "cred:" + sha256Hex(credential).substring(0, 24);
        }
        return credential == null ? null : tenantBySha256.get(sha256Hex(credential));
    }

    /** The credential a client presented: the bearer token, else {@code x-api-key}; or null. */
    static String credentialOf(HttpHeaders headers) {
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = auth.substring(BEARER.length()).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String apiKey = headers.get("x-api-key");
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        return null;
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code value}. */
    public static String sha256Hex(String value) {
        MessageDigest digest = SHA256.get();
        return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * One digest per thread: getInstance looks providers up, which costs more than hashing a key.
     */
    private static final ThreadLocal<MessageDigest> SHA256 =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return MessageDigest.getInstance("SHA-256");
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("SHA-256 is part of every JRE", e);
                        }
                    });
}
