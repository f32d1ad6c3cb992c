package dev.evalgate.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.key.JsonValue.JObject;
import dev.evalgate.cache.testing.Seeded;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the canonicalizer with hostile input ({@link HostileBytes}) and checks the documented
 * limits of {@code docs/cache-keys.md} as properties. The timeout is a hang guard only.
 */
@Timeout(60)
class CanonicalizerFuzzTest {
    private static final int TRIES = 300;

    static LongStream seeds() {
        return Seeded.seeds(TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyBytesGiveCanonicalBytesOrAnInvalidJsonException(long seed) {
        Seeded.check(
                seed,
                random -> {
                    for (int i = 0; i < 4; i++) {
                        byte[] input = HostileBytes.any(random);
                        Outcome fromArray = outcome(() -> canonicalize(input));
                        Outcome fromStream =
                                outcome(
                                        () ->
                                                Canonicalizer.canonicalize(
                                                        new ByteArrayInputStream(input)));

                        String hex = HexFormat.of().formatHex(input);
                        assertThat(fromArray.unexpected()).as(hex).isNull();
                        assertThat(fromStream.unexpected()).as(hex).isNull();
                        assertThat(fromStream.accepted()).as(hex).isEqualTo(fromArray.accepted());
                        if (fromArray.canonical() != null) {
                            assertThat(fromStream.canonical())
                                    .as(hex)
                                    .isEqualTo(fromArray.canonical());
                            assertThat(canonicalize(fromArray.canonical()))
                                    .as(hex)
                                    .isEqualTo(fromArray.canonical());
                        }
                    }
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void ignoredTopLevelFieldsNeverChangeTheKey(long seed) {
        Seeded.check(
                seed,
                random -> {
                    JObject tree = RandomJson.body(random);
                    List<JsonValue.Member> members = new java.util.ArrayList<>(tree.members());
                    for (String field : Canonicalizer.IGNORED_TOP_LEVEL) {
                        if (random.nextBoolean()) {
                            members.add(new JsonValue.Member(field, RandomJson.leaf(random)));
                        }
                    }
                    byte[] plain = RandomJson.spell(tree, random);
                    byte[] decorated = RandomJson.spell(new JObject(members), random);

                    assertThat(canonicalize(decorated))
                            .as("%s%nand%n%s", utf8(plain), utf8(decorated))
                            .isEqualTo(canonicalize(plain));
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void numbersAreKeptExactlyWithinTheDocumentedLimitsAndRejectedBeyond(long seed) {
        Seeded.check(
                seed,
                random -> {
                    Literal n = Literal.random(random);
                    byte[] json = ("{\"n\":" + n.text + "}").getBytes(StandardCharsets.US_ASCII);
                    boolean withinLimits =
                            n.text.length() <= CanonicalNumbers.MAX_LENGTH
                                    && (n.zero
                                            || Math.abs(n.leadExponent)
                                                    <= CanonicalNumbers.MAX_EXPONENT);
                    Outcome outcome = outcome(() -> canonicalize(json));

                    assertThat(outcome.unexpected()).as(n.text).isNull();
                    assertThat(outcome.accepted()).as(n.text).isEqualTo(withinLimits);
                    if (outcome.accepted()) {
                        String written = utf8(outcome.canonical());
                        String number = written.substring(5, written.length() - 1);
                        assertThat(new BigDecimal(number)).as(n.text).isEqualByComparingTo(n.text);
                        assertThat(number.length())
                                .as(n.text)
                                .isLessThanOrEqualTo(n.text.length() + 24);
                    }
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nestingIsAcceptedTo128LevelsAndRejectedBeyondWithoutOverflowingTheStack(long seed) {
        Seeded.check(
                seed,
                random -> {
                    int levels = 1 + random.nextInt(100, 200); // the body object is level 1
                    StringBuilder open = new StringBuilder("{\"k\":");
                    StringBuilder close = new StringBuilder("}");
                    for (int i = 1; i < levels; i++) {
                        boolean object = random.nextBoolean();
                        open.append(object ? "{\"k\":" : "[");
                        close.insert(0, object ? '}' : ']');
                    }
                    byte[] json = (open + "0" + close).getBytes(StandardCharsets.US_ASCII);
                    Outcome outcome = outcome(() -> canonicalize(json));

                    assertThat(outcome.unexpected()).isNull();
                    assertThat(outcome.accepted())
                            .as("%d levels", levels)
                            .isEqualTo(levels <= Canonicalizer.MAX_DEPTH);
                });
    }

    /** A JSON number literal and what it denotes: its leading digit's decimal exponent. */
    private record Literal(String text, boolean zero, long leadExponent) {
        static Literal random(SplittableRandom random) {
            String sign = random.nextBoolean() ? "-" : "";
            String digits =
                    digits(
                            random,
                            random.nextInt(8) == 0
                                    ? random.nextInt(900, 1100)
                                    : 1 + random.nextInt(30));
            int point = random.nextInt(digits.length() + 1);
            String intPart = point == 0 ? "0" : digits.substring(0, point);
            String fraction = digits.substring(point);
            if (intPart.length() > 1 && intPart.charAt(0) == '0') {
                intPart = "1" + intPart.substring(1);
            }
            long exponent =
                    switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> random.nextLong(-30, 31);
                        case 2 -> random.nextLong(-10_040, 10_041);
                        default -> random.nextLong(-1_000_000_000, 1_000_000_001);
                    };
            String text =
                    sign
                            + intPart
                            + (fraction.isEmpty() ? "" : "." + fraction)
                            + (exponent == 0 && random.nextBoolean()
                                    ? ""
                                    : (random.nextBoolean() ? "e" : "E") + exponent);
            String all = intPart + fraction;
            int firstNonZero = 0;
            while (firstNonZero < all.length() && all.charAt(firstNonZero) == '0') {
                firstNonZero++;
            }
            boolean zero = firstNonZero == all.length();
            long lead = exponent + intPart.length() - 1 - firstNonZero;
            return new Literal(text, zero, lead);
        }

        private static String digits(SplittableRandom random, int count) {
            StringBuilder s = new StringBuilder(count);
            boolean zeros = random.nextInt(4) == 0;
            for (int i = 0; i < count; i++) {
                s.append(zeros && random.nextBoolean() ? '0' : (char) ('0' + random.nextInt(10)));
            }
            return s.toString();
        }
    }

    /** What a call did: canonical bytes, an {@link InvalidJsonException}, or something else. */
    private record Outcome(byte[] canonical, Throwable unexpected) {
        boolean accepted() {
            return canonical != null;
        }
    }

    private interface Call {
        byte[] run() throws Exception;
    }

    private static Outcome outcome(Call call) {
        try {
            return new Outcome(call.run(), null);
        } catch (InvalidJsonException e) {
            return new Outcome(null, null);
        } catch (Throwable t) { // StackOverflowError and any other escape is a finding
            return new Outcome(null, t);
        }
    }

    private static byte[] canonicalize(byte[] json) throws InvalidJsonException {
        return Canonicalizer.canonicalize(json, 0, json.length);
    }

    private static String utf8(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
