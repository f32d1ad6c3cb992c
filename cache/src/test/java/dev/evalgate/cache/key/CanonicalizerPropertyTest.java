package dev.evalgate.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.evalgate.cache.key.JsonValue.JArray;
import dev.evalgate.cache.key.JsonValue.JObject;
import dev.evalgate.cache.key.JsonValue.Member;
import dev.evalgate.cache.testing.Seeded;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the canonicalizer over random JSON trees and random spellings of them ({@link
 * RandomJson}). Each property runs once per seed of {@link #seeds()}.
 */
class CanonicalizerPropertyTest {
    /** Cases per property: seeds {@code 0..TRIES-1}, as many tries as each property ever had. */
    private static final int TRIES = 200;

    static LongStream seeds() {
        return Seeded.seeds(TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everySpellingOfATreeHasTheSameCanonicalBytes(long seed) {
        Seeded.check(
                seed,
                random -> {
                    JObject tree = RandomJson.body(random);
                    byte[] a = RandomJson.spell(tree, random);
                    byte[] b = RandomJson.spell(tree, random);

                    assertThat(canonicalize(a))
                            .as("%s%nand%n%s", utf8(a), utf8(b))
                            .isEqualTo(canonicalize(b));
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void changingAnyOneValueChangesTheKey(long seed) {
        Seeded.check(
                seed,
                random -> {
                    JObject tree = RandomJson.body(random);
                    List<JsonValue> values = new ArrayList<>();
                    collect(tree, values);
                    int index = random.nextInt(values.size());
                    JsonValue replacement = differentLeaf(values.get(index), random);
                    JObject changed = (JObject) replace(tree, new int[] {index}, replacement);
                    byte[] before = RandomJson.spell(tree, random);
                    byte[] after = RandomJson.spell(changed, random);

                    assertThat(key(after))
                            .as("%s%nand%n%s", utf8(before), utf8(after))
                            .isNotEqualTo(key(before));
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void canonicalFormIsAFixedPointAndValidJson(long seed) {
        Seeded.check(
                seed,
                random -> {
                    byte[] canonical =
                            canonicalize(RandomJson.spell(RandomJson.body(random), random));

                    assertThat(canonicalize(canonical))
                            .as("%s", utf8(canonical))
                            .isEqualTo(canonical);
                    try (JsonParser parser = new JsonFactory().createParser(canonical)) {
                        int tokens = 0;
                        while (parser.nextToken() != null) {
                            tokens++;
                        }
                        assertThat(tokens).as("%s", utf8(canonical)).isPositive();
                    }
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void streamAndArrayInputsAgree(long seed) {
        Seeded.check(
                seed,
                random -> {
                    byte[] json = RandomJson.spell(RandomJson.body(random), random);

                    assertThat(Canonicalizer.canonicalize(new ByteArrayInputStream(json)))
                            .as("%s", utf8(json))
                            .isEqualTo(canonicalize(json));
                });
    }

    /** A random leaf that is not the same JSON value as {@code old}. */
    private static JsonValue differentLeaf(JsonValue old, SplittableRandom random) {
        while (true) {
            JsonValue leaf = RandomJson.leaf(random);
            if (!JsonValue.sameValue(old, leaf)) {
                return leaf;
            }
        }
    }

    private static String utf8(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static byte[] canonicalize(byte[] json) throws InvalidJsonException {
        return Canonicalizer.canonicalize(json, 0, json.length);
    }

    private static CacheKey key(byte[] json) throws InvalidJsonException {
        return CacheKey.of(
                new KeyInput("ns", "t", "openai", "gpt-4o", "/v1/chat", -1, canonicalize(json)));
    }

    /** Every value below the root, in document order. */
    private static void collect(JsonValue v, List<JsonValue> out) {
        if (v instanceof JObject o) {
            for (Member m : o.members()) {
                out.add(m.value());
                collect(m.value(), out);
            }
        } else if (v instanceof JArray a) {
            for (JsonValue item : a.items()) {
                out.add(item);
                collect(item, out);
            }
        }
    }

    /** {@code tree} with the value at {@code index[0]} (in {@link #collect} order) replaced. */
    private static JsonValue replace(JsonValue tree, int[] index, JsonValue replacement) {
        if (tree instanceof JObject o) {
            List<Member> members = new ArrayList<>();
            for (Member m : o.members()) {
                members.add(new Member(m.key(), child(m.value(), index, replacement)));
            }
            return new JObject(members);
        }
        if (tree instanceof JArray a) {
            List<JsonValue> items = new ArrayList<>();
            for (JsonValue item : a.items()) {
                items.add(child(item, index, replacement));
            }
            return new JArray(items);
        }
        return tree;
    }

    private static JsonValue child(JsonValue v, int[] index, JsonValue replacement) {
        return index[0]-- == 0 ? replacement : replace(v, index, replacement);
    }
}
