package dev.evalgate.gateway.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates chat and messages request bodies a hostile or broken client could send: well-formed
 * requests whose known fields take every JSON type and extreme values, the same with byte-level
 * mutations, token soups with ill-formed UTF-8, and plain random bytes.
 */
final class HostileRequests {
    private static final String[] VALUES = {
        "\"gpt-4o\"",
        "\"\"",
        "\"m\\u0000\"",
        "\"\\ud800\"",
        "1",
        "-0",
        "1e999999",
        "-1e999999",
        "123456789012345678901234567890",
        "-123456789012345678901234567890",
        "0.5",
        "true",
        "false",
        "null",
        "[]",
        "{}",
        "[1,[2,[3]]]",
        "{\"type\":\"json_object\"}",
        "{\"include_usage\":true}",
        "\"\uD83D\uDE00\"",
        "\"a\\\"b\""
    };

    private static final String[] FIELDS = {
        "model",
        "stream",
        "stream_options",
        "response_format",
        "max_tokens",
        "max_completion_tokens",
        "max_output_tokens",
        "temperature",
        "messages",
        "metadata",
        "user"
    };

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
        "0",
        "-",
        "1e",
        ".",
        "true",
        "null",
        "\"model\"",
        "\"stream\"",
        " ",
        "\n",
        "\u00e9"
    };

    private static final byte[][] ODD_BYTES = {
        {(byte) 0xC0, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF0, (byte) 0x9F},
        {(byte) 0x80},
        {(byte) 0xFF},
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        {0x00}
    };

    private HostileRequests() {}

    /** One body: a request (2 in 5), a mutated request (2 in 5), or soup or random bytes. */
    static byte[] any(SplittableRandom random) {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> request(random);
            case 4, 5, 6, 7 -> mutate(request(random), random);
            case 8 -> soup(random);
            default -> {
                byte[] b = new byte[random.nextInt(48)];
                random.nextBytes(b);
                yield b;
            }
        };
    }

    /** A JSON object of known request fields in random order with values of any type. */
    static byte[] request(SplittableRandom random) {
        List<String> members = new ArrayList<>();
        members.add("\"model\":\"gpt-4o\"");
        members.add("\"messages\":[{\"role\":\"user\",\"content\":\"hi \u00e9\uD83D\uDE00\"}]");
        int extra = random.nextInt(5);
        for (int i = 0; i < extra; i++) {
            String field = FIELDS[random.nextInt(FIELDS.length)];
            String value = VALUES[random.nextInt(VALUES.length)];
            if (field.equals("model") || field.equals("messages")) {
                members.set(field.equals("model") ? 0 : 1, "\"" + field + "\":" + value);
            } else {
                members.add("\"" + field + "\":" + value);
            }
        }
        Collections.shuffle(members, new java.util.Random(random.nextLong()));
        return ("{" + String.join(random.nextBoolean() ? "," : " ,\n ", members) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Up to 30 tokens and odd byte sequences. */
    static byte[] soup(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = random.nextInt(30);
        for (int i = 0; i < n; i++) {
            fragment(random, out);
        }
        return out.toByteArray();
    }

    /** {@code json} with one to three edits: a bit flip, a deletion, an insertion, a truncation. */
    static byte[] mutate(byte[] json, SplittableRandom random) {
        byte[] b = json;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (random.nextInt(4)) {
                case 0 -> {
                    out.writeBytes(b);
                    if (b.length > 0) {
                        byte[] flipped = out.toByteArray();
                        flipped[Math.min(at, b.length - 1)] ^= (byte) (1 << random.nextInt(8));
                        b = flipped;
                        continue;
                    }
                }
                case 1 -> {
                    int end = Math.min(b.length, at + 1 + random.nextInt(6));
                    out.write(b, 0, at);
                    out.write(b, end, b.length - end);
                }
                case 2 -> {
                    out.write(b, 0, at);
                    fragment(random, out);
                    out.write(b, at, b.length - at);
                }
                default -> out.write(b, 0, at);
            }
            b = out.toByteArray();
        }
        return b;
    }

    private static void fragment(SplittableRandom random, ByteArrayOutputStream out) {
        if (random.nextInt(4) == 0) {
            out.writeBytes(ODD_BYTES[random.nextInt(ODD_BYTES.length)]);
        } else {
            out.writeBytes(TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        }
    }
}
