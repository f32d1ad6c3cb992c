package dev.evalgate.cache.key;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact-match cache key: {@code "v1:"} followed by 64 lowercase hex digits of a SHA-256 over
 * every field of a {@link KeyInput}. The schema prefix changes whenever the canonical form or the
 * encoding does, so old entries are missed rather than misread.
 *
 * @param value the full key, schema prefix included
 */
public record CacheKey(String value) {
    /** Version of the canonical form and of the hashed encoding. */
    public static final String SCHEMA = "v1";

    private static final Pattern FORM = Pattern.compile(SCHEMA + ":[0-9a-f]{64}");

    /** Rejects anything that is not a {@value #SCHEMA} key. */
    public CacheKey {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "value: not a cache key (expected: " + SCHEMA + ": and 64 lowercase hex)");
        }
    }

    /**
     * Computes the key of {@code in}. Each field is length-prefixed, so no two different inputs
     * encode to the same bytes: strings as a 4-byte big-endian count of UTF-16 code units followed
     * by those units big-endian, {@code sample} as 4 bytes big-endian, the body as a 4-byte
     * big-endian byte count followed by the bytes. The schema tag is hashed first.
     */
    public static CacheKey of(KeyInput in) {
        MessageDigest sha256 = sha256();
        string(sha256, SCHEMA);
        string(sha256, in.namespace());
        string(sha256, in.tenant());
        string(sha256, in.provider());
        string(sha256, in.upstreamModel());
        string(sha256, in.endpoint());
        sha256.update(
                ByteBuffer.allocate(8)
                        .putInt(in.sample())
                        .putInt(in.canonicalBody().length)
                        .flip());
        sha256.update(in.canonicalBody());
        return new CacheKey(SCHEMA + ":" + HexFormat.of().formatHex(sha256.digest()));
    }

    /** The 64 hex digits without the schema prefix. */
    public String hex() {
        return value.substring(SCHEMA.length() + 1);
    }

    /** The full key, as stored. */
    @Override
    public String toString() {
        return value;
    }

    private static void string(MessageDigest digest, String s) {
        ByteBuffer buf = ByteBuffer.allocate(4 + 2 * s.length()).putInt(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf.putChar(s.charAt(i));
        }
        digest.update(buf.flip());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
