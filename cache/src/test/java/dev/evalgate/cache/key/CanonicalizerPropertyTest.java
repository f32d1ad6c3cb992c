package dev.evalgate.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.evalgate.cache.key.JsonValue.JArray;
import dev.evalgate.cache.key.JsonValue.JObject;
import dev.evalgate.cache.key.JsonValue.Member;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CanonicalizerPropertyTest {

    @Property(tries = 300)
    void everySpellingOfATreeHasTheSameCanonicalBytes(
            @ForAll("bodies") JObject tree, @ForAll Random first, @ForAll Random second)
            throws InvalidJsonException {
        byte[] a = JsonTrees.spell(tree, first);
        byte[] b = JsonTrees.spell(tree, second);

        assertThat(canonicalize(a)).isEqualTo(canonicalize(b));
    }

    @Property(tries = 300)
    void changingAnyOneValueChangesTheKey(
            @ForAll("bodies") JObject tree,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll("leaves") JsonValue replacement,
            @ForAll Random random)
            throws InvalidJsonException {
        List<JsonValue> values = new ArrayList<>();
        collect(tree, values);
        int index = position % values.size();
        Assume.that(!JsonValue.sameValue(values.get(index), replacement));
        JObject changed = (JObject) replace(tree, new int[] {index}, replacement);

        assertThat(key(JsonTrees.spell(changed, random)))
                .isNotEqualTo(key(JsonTrees.spell(tree, random)));
    }

    @Property(tries = 300)
    void canonicalFormIsAFixedPointAndValidJson(
            @ForAll("bodies") JObject tree, @ForAll Random random)
            throws InvalidJsonException, IOException {
        byte[] canonical = canonicalize(JsonTrees.spell(tree, random));

        assertThat(canonicalize(canonical)).isEqualTo(canonical);
        try (JsonParser parser = new JsonFactory().createParser(canonical)) {
            int tokens = 0;
            while (parser.nextToken() != null) {
                tokens++;
            }
            assertThat(tokens).isPositive();
        }
    }

    @Property(tries = 300)
    void streamAndArrayInputsAgree(@ForAll("bodies") JObject tree, @ForAll Random random)
            throws InvalidJsonException {
        byte[] json = JsonTrees.spell(tree, random);

        assertThat(Canonicalizer.canonicalize(new ByteArrayInputStream(json)))
                .isEqualTo(canonicalize(json));
    }

    @Provide
    Arbitrary<JObject> bodies() {
        return JsonTrees.bodies();
    }

    @Provide
    Arbitrary<JsonValue> leaves() {
        return JsonTrees.leaves();
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
