package dev.evalgate.cache.key;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a parsed body in canonical form: no whitespace, members in the order of the (sorted) map
 * they come in, strings escaped one fixed way.
 *
 * <p>The tree holds {@link Slice}, {@link Literal}, {@link List} and {@link Map} with {@code
 * String} keys, as {@link Canonicalizer} builds it. A slice is a string or number already in
 * canonical form, written as it was read into a separate writer (the <em>scalars</em>), so no value
 * becomes a {@link String} on the way; the output is sized exactly from the tree before it is
 * written.
 */
final class CanonicalWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Bytes {@code [start, end)} of the scalars writer: one scalar in canonical form. */
    record Slice(int start, int end) {}

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

    /** A writer whose buffer starts at {@code sizeHint} bytes (at least 16). */
    CanonicalWriter(int sizeHint) {
        buf = new byte[Math.max(16, sizeHint)];
    }

    /** Returns the canonical bytes of {@code root}, whose slices are in {@code scalars}. */
    static byte[] write(Map<String, Object> root, CanonicalWriter scalars) {
        long size = scalars.measure(root);
        CanonicalWriter w = new CanonicalWriter((int) Math.min(size, Integer.MAX_VALUE - 16));
        w.value(root, scalars);
        return w.len == w.buf.length ? w.buf : Arrays.copyOf(w.buf, w.len);
    }

    /** Appends the canonical form of a string and returns where it lies. */
    Slice addString(CharSequence s) {
        int start = len;
        string(s);
        return new Slice(start, len);
    }

    /** Appends a number already in canonical spelling and returns where it lies. */
    Slice addNumber(String canonical) {
        int start = len;
        ascii(canonical);
        return new Slice(start, len);
    }

    /**
     * The exact length of the canonical form of {@code v}. Keys are measured by writing them here
     * and taking them back, so this writer must hold only scalars the tree refers to.
     */
    private long measure(Object v) {
        if (v instanceof Slice s) {
            return s.end() - s.start();
        } else if (v instanceof Literal l) {
            return l.text.length();
        } else if (v instanceof List<?> list) {
            long size = Math.max(1, list.size()) + 1;
            for (Object item : list) {
                size += measure(item);
            }
            return size;
        }
        Map<?, ?> map = (Map<?, ?>) v;
        long size = Math.max(1, map.size()) + 1;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            int mark = len;
            string((String) e.getKey());
            size += len - mark + 1 + measure(e.getValue());
            len = mark;
        }
        return size;
    }

    private void value(Object v, CanonicalWriter scalars) {
        if (v instanceof Slice s) {
            int n = s.end() - s.start();
            ensure(n);
            System.arraycopy(scalars.buf, s.start(), buf, len, n);
            len += n;
        } else if (v instanceof Literal l) {
            ascii(l.text);
        } else if (v instanceof List<?> list) {
            put('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    put(',');
                }
                value(list.get(i), scalars);
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
                value(e.getValue(), scalars);
            }
            put('}');
        }
    }

    /**
     * Quotes and escapes {@code s}: {@code "} and {@code \} and control characters escaped (short
     * forms where JSON has them, else {@code \}{@code u00xx}), unpaired surrogates as lowercase
     * {@code \}{@code uxxxx}, everything else as raw UTF-8.
     */
    private void string(CharSequence s) {
        put('"');
        // Each branch ensures room for exactly what it writes, so a buffer sized exactly by
        // measure() never grows.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ascii(c);
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c);
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            }
        }
        put('"');
    }

    /** Writes one ASCII character, escaped if JSON needs it. */
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
                    ensure(1);
                    buf[len++] = (byte) c;
                }
            }
        }
    }

    private void shortEscape(char c) {
        ensure(2);
        buf[len++] = '\\';
        buf[len++] = (byte) c;
    }

    private void unicodeEscape(char c) {
        ensure(6);
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
