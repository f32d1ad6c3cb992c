package dev.evalgate.cache.key;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a parsed body in canonical form: no whitespace, members in the order of the (sorted) map
 * they come in, strings escaped one fixed way.
 *
 * <p>The tree holds {@link String}, {@link Num}, {@link Literal}, {@link List} and {@link Map} with
 * {@code String} keys, as {@link Canonicalizer} builds it.
 */
final class CanonicalWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** A number already in canonical spelling, kept apart from strings. */
    record Num(String canonical) {}

    /** The three JSON literals. */
    enum Literal {
        TRUE("true"),
        FALSE("false"),
        NULL("null");

        final String text;

        Literal(String text) {
            this.text = text;
        }
    }

    private byte[] buf;
    private int len;

    private CanonicalWriter(int sizeHint) {
        buf = new byte[Math.max(16, sizeHint)];
    }

    /** Returns the canonical bytes of {@code root}; {@code sizeHint} sizes the first buffer. */
    static byte[] write(Map<String, Object> root, int sizeHint) {
        CanonicalWriter w = new CanonicalWriter(sizeHint);
        w.value(root);
        return Arrays.copyOf(w.buf, w.len);
    }

    private void value(Object v) {
        if (v instanceof String s) {
            string(s);
        } else if (v instanceof Num n) {
            ascii(n.canonical());
        } else if (v instanceof Literal l) {
            ascii(l.text);
        } else if (v instanceof List<?> list) {
            put('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    put(',');
                }
                value(list.get(i));
            }
            put(']');
        } else {
            put('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    put(',');
                }
                first = false;
                string((String) e.getKey());
                put(':');
                value(e.getValue());
            }
            put('}');
        }
    }

    /**
     * Quotes and escapes {@code s}: {@code "} and {@code \} and control characters escaped (short
     * forms where JSON has them, else {@code \}{@code u00xx}), unpaired surrogates as lowercase
     * {@code \}{@code uxxxx}, everything else as raw UTF-8.
     */
    private void string(String s) {
        put('"');
        for (int i = 0; i < s.length(); i++) {
            ensure(6);
            char c = s.charAt(i);
            if (c < 0x80) {
                ascii(c);
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c);
            } else {
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            }
        }
        put('"');
    }

    /** Writes one ASCII character; the caller has ensured room for six bytes. */
    private void ascii(char c) {
        switch (c) {
            case '"' -> shortEscape('"');
            case '\\' -> shortEscape('\\');
            case '\b' -> shortEscape('b');
            case '\f' -> shortEscape('f');
            case '\n' -> shortEscape('n');
            case '\r' -> shortEscape('r');
            case '\t' -> shortEscape('t');
            default -> {
                if (c < 0x20) {
                    unicodeEscape(c);
                } else {
                    buf[len++] = (byte) c;
                }
            }
        }
    }

    private void shortEscape(char c) {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
    }

    private void unicodeEscape(char c) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[c >> 12];
        buf[len++] = HEX[c >> 8 & 0xF];
        buf[len++] = HEX[c >> 4 & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
