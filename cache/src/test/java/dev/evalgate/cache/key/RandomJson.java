package dev.evalgate.cache.key;

import dev.evalgate.cache.key.JsonValue.JArray;
import dev.evalgate.cache.key.JsonValue.JBool;
import dev.evalgate.cache.key.JsonValue.JNull;
import dev.evalgate.cache.key.JsonValue.JNumber;
import dev.evalgate.cache.key.JsonValue.JObject;
import dev.evalgate.cache.key.JsonValue.JString;
import dev.evalgate.cache.key.JsonValue.Member;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates JSON trees (depth ≤ 4) from a seeded random and spells them many equivalent ways:
 * shuffled keys, random whitespace, random escapes, random number spellings.
 */
final class RandomJson {
    private static final String[] WHITESPACE = {"", "", " ", "\n", "\t", "\r\n  "};

    private static final String[] KEYS = {
        "model",
        "messages",
        "temperature",
        "stream",
        "user",
        "metadata",
        "a",
        "A",
        "é",
        "\uD83D\uDE00",
        "\uFF61",
        ""
    };

    /** Characters that break naive escaping, UTF-8 encoding or surrogate handling. */
    private static final char[] EDGE_CHARS = {
        '\u0000', '\u0001', '\b', '\t', '\n', '\f', '\r', '\u001f', ' ', '"', '\\', '/', '~',
        '\u007f', '\u0080', '\u00e9', '\u07ff', '\u0800', '\u2028', '\u2029', '\uD800', '\uDBFF',
        '\uDC00', '\uDFFF', '\uE000', '\uFEFF', '\uFFFD', '\uFFFF'
    };

    private static final long[] EDGE_LONGS = {
        0,
        1,
        -1,
        9,
        10,
        -10,
        1000,
        -1000,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        Long.MAX_VALUE,
        Long.MIN_VALUE
    };

    private RandomJson() {}

    /** A request-like body: a non-empty object whose top-level keys are never ignored ones. */
    static JObject body(SplittableRandom random) {
        return object(random, 3, 1, true);
    }

    /** A string (4 in 10), number (4), boolean (1) or null (1). */
    static JsonValue leaf(SplittableRandom random) {
        int pick = random.nextInt(10);
        if (pick < 4) {
            return new JString(string(random));
        }
        if (pick < 8) {
            return new JNumber(number(random));
        }
        return pick < 9 ? new JBool(random.nextBoolean()) : JNull.INSTANCE;
    }

    /** A leaf (4 in 6), object (1) or array (1); {@code depth} more container levels at most. */
    private static JsonValue value(SplittableRandom random, int depth) {
        if (depth == 0) {
            return leaf(random);
        }
        int pick = random.nextInt(6);
        if (pick < 4) {
            return leaf(random);
        }
        return pick < 5 ? object(random, depth - 1, 0, false) : array(random, depth - 1);
    }

    /** {@code minSize..5} members with distinct keys. */
    private static JObject object(
            SplittableRandom random, int depth, int minSize, boolean topLevel) {
        int size = random.nextInt(minSize, 6);
        Set<String> keys = new LinkedHashSet<>();
        for (int attempt = 0; keys.size() < size && attempt < 100; attempt++) {
            String key = key(random);
            if (!topLevel || !Canonicalizer.IGNORED_TOP_LEVEL.contains(key)) {
                keys.add(key);
            }
        }
        List<Member> members = new ArrayList<>();
        for (String key : keys) {
            members.add(new Member(key, value(random, depth)));
        }
        return new JObject(members);
    }

    private static JArray array(SplittableRandom random, int depth) {
        int size = random.nextInt(5);
        List<JsonValue> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(value(random, depth));
        }
        return new JArray(items);
    }

    /**
     * A well-known key or a random string. Keys never hold unpaired surrogates: the parser rejects
     * those in names.
     */
    private static String key(SplittableRandom random) {
        if (random.nextBoolean()) {
            return KEYS[random.nextInt(KEYS.length)];
        }
        while (true) {
            String s = string(random);
            if (wellFormed(s)) {
                return s;
            }
        }
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Half: up to 6 of any UTF-16 unit (lone surrogates included); half: up to 8 ASCII. */
    private static String string(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        if (random.nextBoolean()) {
            int length = random.nextInt(7);
            while (s.length() < length) {
                anyChar(random, s);
            }
            s.setLength(length);
        } else {
            int length = random.nextInt(9);
            for (int i = 0; i < length; i++) {
                s.append((char) random.nextInt(' ', '~' + 1));
            }
        }
        return s.toString();
    }

    /** Appends one UTF-16 unit, or a surrogate pair (an emoji or other astral code point). */
    private static void anyChar(SplittableRandom random, StringBuilder s) {
        int pick = random.nextInt(8);
        if (pick == 0) {
            s.append(EDGE_CHARS[random.nextInt(EDGE_CHARS.length)]);
        } else if (pick == 1) {
            s.appendCodePoint(random.nextInt(0x10000, Character.MAX_CODE_POINT + 1));
        } else {
            s.append((char) random.nextInt(0x10000));
        }
    }

    /** An unscaled value, small or any long (edge values included), at a scale in -25..25. */
    private static BigDecimal number(SplittableRandom random) {
        long unscaled =
                switch (random.nextInt(4)) {
                    case 0, 1 -> random.nextLong(-1000, 1001);
                    case 2 -> EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
                    default -> random.nextLong();
                };
        return new BigDecimal(BigInteger.valueOf(unscaled), random.nextInt(-25, 26));
    }

    /** Serialises {@code tree} as UTF-8 JSON, one of its many equivalent spellings. */
    static byte[] spell(JsonValue tree, SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        write(tree, random, out);
        out.append(ws(random));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonValue v, SplittableRandom random, StringBuilder out) {
        out.append(ws(random));
        if (v instanceof JObject o) {
            List<Member> members = shuffled(o.members(), random);
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                out.append(i > 0 ? "," : "").append(ws(random));
                string(members.get(i).key(), random, out);
                out.append(ws(random)).append(':');
                write(members.get(i).value(), random, out);
                out.append(ws(random));
            }
            out.append(ws(random)).append('}');
        } else if (v instanceof JArray a) {
            out.append('[');
            for (int i = 0; i < a.items().size(); i++) {
                out.append(i > 0 ? "," : "");
                write(a.items().get(i), random, out);
                out.append(ws(random));
            }
            out.append(ws(random)).append(']');
        } else if (v instanceof JString s) {
            string(s.value(), random, out);
        } else if (v instanceof JNumber n) {
            out.append(number(n.value(), random));
        } else if (v instanceof JBool b) {
            out.append(b.value());
        } else {
            out.append("null");
        }
    }

    private static <T> List<T> shuffled(List<T> list, SplittableRandom random) {
        List<T> copy = new ArrayList<>(list);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            copy.set(j, copy.set(i, copy.get(j)));
        }
        return copy;
    }

    /** An equivalent spelling: extra trailing zeros, a shifted exponent, either exponent case. */
    static String number(BigDecimal value, SplittableRandom random) {
        if (value.signum() == 0 && random.nextBoolean()) {
            return random.nextBoolean() ? "-0" : "-0.0e" + random.nextInt(5);
        }
        BigDecimal padded = value.setScale(value.scale() + random.nextInt(3));
        if (padded.scale() < 0 && random.nextBoolean()) {
            padded = padded.setScale(0);
        }
        int shift = random.nextInt(7) - 3;
        if (shift == 0 && random.nextBoolean()) {
            return padded.toPlainString();
        }
        String mantissa = padded.scaleByPowerOfTen(-shift).toPlainString();
        String sign = shift >= 0 && random.nextBoolean() ? "+" : "";
        return mantissa + (random.nextBoolean() ? "e" : "E") + sign + shift;
    }

    private static void string(String s, SplittableRandom random, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
            boolean mustEscape = c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c);
            if (pair && random.nextInt(3) > 0) {
                out.append(c).append(s.charAt(++i));
            } else if (mustEscape || random.nextInt(8) == 0) {
                escape(c, random, out);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void escape(char c, SplittableRandom random, StringBuilder out) {
        String shortForm =
                switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '/' -> "\\/";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> null;
                };
        if (shortForm != null && random.nextBoolean()) {
            out.append(shortForm);
            return;
        }
        String hex = String.format("%04x", (int) c);
        out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
    }

    private static String ws(SplittableRandom random) {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }
}
