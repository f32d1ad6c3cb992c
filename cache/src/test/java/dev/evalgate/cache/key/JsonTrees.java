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
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates JSON trees (depth ≤ 4) and spells them many equivalent ways: shuffled keys, random
 * whitespace, random escapes, random number spellings.
 */
final class JsonTrees {
    private static final String[] WHITESPACE = {"", "", " ", "\n", "\t", "\r\n  "};

    private JsonTrees() {}

    /** Request-like bodies: a non-empty object whose top-level keys are never ignored ones. */
    static Arbitrary<JObject> bodies() {
        return object(3, keys().filter(k -> !Canonicalizer.IGNORED_TOP_LEVEL.contains(k)), 1);
    }

    static Arbitrary<JsonValue> leaves() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, strings().map(JString::new)),
                Tuple.of(4, numbers().map(JNumber::new)),
                Tuple.of(1, Arbitraries.of(true, false).map(JBool::new)),
                Tuple.of(1, Arbitraries.just(JNull.INSTANCE)));
    }

    private static Arbitrary<JsonValue> value(int depth) {
        if (depth == 0) {
            return leaves();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaves()),
                Tuple.of(1, object(depth - 1, keys(), 0).map(JsonValue.class::cast)),
                Tuple.of(1, array(depth - 1).map(JsonValue.class::cast)));
    }

    private static Arbitrary<JObject> object(int depth, Arbitrary<String> keys, int minSize) {
        return Arbitraries.maps(keys, value(depth))
                .ofMinSize(minSize)
                .ofMaxSize(5)
                .map(
                        m -> {
                            List<Member> members = new ArrayList<>();
                            m.forEach((k, v) -> members.add(new Member(k, v)));
                            return new JObject(members);
                        });
    }

    private static Arbitrary<JArray> array(int depth) {
        return value(depth).list().ofMaxSize(4).map(JArray::new);
    }

    /** Keys never hold unpaired surrogates: the parser rejects those in names. */
    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.of(
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
                        ""),
                strings().filter(JsonTrees::wellFormed));
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

    private static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(6),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(8));
    }

    private static Arbitrary<BigDecimal> numbers() {
        return Combinators.combine(
                        Arbitraries.oneOf(
                                Arbitraries.longs().between(-1000, 1000), Arbitraries.longs()),
                        Arbitraries.integers().between(-25, 25))
                .as((unscaled, scale) -> new BigDecimal(BigInteger.valueOf(unscaled), scale));
    }

    /** Serialises {@code tree} as UTF-8 JSON, one of its many equivalent spellings. */
    static byte[] spell(JsonValue tree, Random random) {
        StringBuilder out = new StringBuilder();
        write(tree, random, out);
        out.append(ws(random));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonValue v, Random random, StringBuilder out) {
        out.append(ws(random));
        if (v instanceof JObject o) {
            List<Member> members = new ArrayList<>(o.members());
            Collections.shuffle(members, random);
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

    /** An equivalent spelling: extra trailing zeros, a shifted exponent, either exponent case. */
    static String number(BigDecimal value, Random random) {
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

    private static void string(String s, Random random, StringBuilder out) {
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

    private static void escape(char c, Random random, StringBuilder out) {
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
        out.append("\\u")
                .append(random.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT));
    }

    private static String ws(Random random) {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }
}
