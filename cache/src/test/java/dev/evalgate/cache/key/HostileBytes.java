package dev.evalgate.cache.key;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Generates request bodies a hostile or broken client could send: random bytes, a soup of JSON
 * tokens and ill-formed UTF-8, and valid bodies ({@link RandomJson}) with a few byte-level
 * mutations. Most are invalid; some mutations stay valid, so both outcomes get exercised.
 */
final class HostileBytes {
    /** Fragments that steer random input towards the parser's edges. */
    private static final String[] TOKENS = {
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "\\ud800",
        "\\udc00",
        "\\u0000",
        "0",
        "-",
        "1",
        "9",
        ".",
        "e",
        "E",
        "+",
        "1e999999",
        "-0.0e-7",
        "123456789012345678901234567890",
        "true",
        "false",
        "null",
        "NaN",
        "Infinity",
        " ",
        "\n",
        "\t",
        "/*",
        "//",
        "'",
        "\"a\"",
        "\"model\"",
        "\"stream\"",
        "\u00e9",
        "\uD83D\uDE00",
        "\u2028"
    };

    /** Byte sequences that are not well-formed UTF-8, or are but are unusual. */
    private static final byte[][] ODD_BYTES = {
        {(byte) 0xC0, (byte) 0x80}, // overlong NUL
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // encoded surrogate
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xF0, (byte) 0x9F}, // truncated sequence
        {(byte) 0x80}, // lone continuation byte
        {(byte) 0xFF},
        {(byte) 0xFE},
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, // byte order mark
        {0x00},
        {0x1F},
        {0x7F}
    };

    private HostileBytes() {}

    /** One input: random bytes (1 in 4), token soup (1 in 4) or a mutated valid body (2 in 4). */
    static byte[] any(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> randomBytes(random, random.nextInt(64));
            case 1 -> soup(random);
            default -> mutate(RandomJson.spell(RandomJson.body(random), random), random);
        };
    }

    static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** Up to 40 random tokens and odd byte sequences, often wrapped in braces. */
    static byte[] soup(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean wrap = random.nextBoolean();
        if (wrap) {
            out.write('{');
        }
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            fragment(random, out);
        }
        if (wrap) {
            out.write('}');
        }
        return out.toByteArray();
    }

    /** {@code json} with one to three byte-level edits. */
    static byte[] mutate(byte[] json, SplittableRandom random) {
        byte[] b = json;
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            b = edit(b, random);
        }
        return b;
    }

    private static byte[] edit(byte[] b, SplittableRandom random) {
        int at = random.nextInt(b.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(5)) {
            case 0 -> { // flip one bit
                if (b.length == 0) {
                    return b;
                }
                byte[] copy = b.clone();
                int i = Math.min(at, b.length - 1);
                copy[i] ^= (byte) (1 << random.nextInt(8));
                return copy;
            }
            case 1 -> { // delete a short range
                int end = Math.min(b.length, at + 1 + random.nextInt(8));
                out.write(b, 0, at);
                out.write(b, end, b.length - end);
            }
            case 2 -> { // insert a token or odd bytes
                out.write(b, 0, at);
                fragment(random, out);
                out.write(b, at, b.length - at);
            }
            case 3 -> { // duplicate a slice (repeats keys, brackets, quotes)
                int end = Math.min(b.length, at + random.nextInt(24));
                out.write(b, 0, end);
                out.write(b, at, end - at);
                out.write(b, end, b.length - end);
            }
            default -> out.write(b, 0, at); // truncate
        }
        return out.toByteArray();
    }

    private static void fragment(SplittableRandom random, ByteArrayOutputStream out) {
        if (random.nextInt(4) == 0) {
            out.writeBytes(ODD_BYTES[random.nextInt(ODD_BYTES.length)]);
        } else {
            out.writeBytes(TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        }
    }
}
