package dev.evalgate.cache.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The labelled prompt pairs under {@code src/test/resources/semantic/pairs.jsonl}: paraphrases a
 * semantic tier should answer from cache and near-misses it must not (see the README beside the
 * file). The set is for measuring a threshold, never for fitting one.
 */
public final class SemanticPairs {
    /** Label of a pair whose two prompts mean the same thing. */
    public static final String HIT = "hit";

    /** Label of a pair whose prompts differ in meaning, however close their wording. */
    public static final String MISS = "miss";

    /** Kind of every {@link #HIT} pair. */
    public static final String PARAPHRASE = "paraphrase";

    /** Kind of the easy misses: different task and topic, a floor for any embedder. */
    public static final String UNRELATED = "unrelated";

    /** The kinds of hard misses: one or two words changed, the meaning changed with them. */
    public static final Set<String> NEAR_MISS_KINDS =
            Set.of("negation", "number", "entity", "format", "direction", "scope", "verdict");

    private static final String RESOURCE = "/semantic/pairs.jsonl";
    private static final String HELD_OUT = "/semantic/heldout.jsonl";
    private static final String BLIND = "/semantic/blind2.jsonl";
    private static final Set<String> FIELDS = Set.of("id", "a", "b", "label", "kind", "note");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SemanticPairs() {}

    /**
     * One labelled pair of final-user-message texts.
     *
     * @param label {@link #HIT} or {@link #MISS}
     * @param kind {@link #PARAPHRASE}, {@link #UNRELATED} or one of {@link #NEAR_MISS_KINDS}
     */
    public record Pair(String id, String a, String b, String label, String kind) {
        /** Whether a semantic tier should answer {@code b} with the answer cached for {@code a}. */
        public boolean shouldHit() {
            return HIT.equals(label);
        }
    }

    /** All pairs of the committed set, in file order. */
    public static List<Pair> load() {
        return load(RESOURCE);
    }

    /**
     * The held-out set: the same kinds and rules, written by a separate author who had not seen the
     * guards, to measure how far they generalise.
     */
    public static List<Pair> loadHeldOut() {
        return load(HELD_OUT);
    }

    /**
     * The second blind set: written by another author blind to the guards, first measured once the
     * guards were frozen.
     */
    public static List<Pair> loadBlind() {
        return load(BLIND);
    }

    private static List<Pair> load(String resource) {
        try (InputStream in = SemanticPairs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Pairs from JSON Lines text, one object per line; a malformed line fails with its number.
     * Values are not validated here, so that a test can report every bad value at once.
     */
    static List<Pair> parse(Reader source) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        BufferedReader lines = new BufferedReader(source);
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            try {
                pairs.add(pairOf(JSON.readTree(line)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        RESOURCE + " line " + number + ": " + e.getMessage(), e);
            }
        }
        return pairs;
    }

    private static Pair pairOf(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + name);
            }
        }
        return new Pair(
                text(node, "id"),
                text(node, "a"),
                text(node, "b"),
                text(node, "label"),
                text(node, "kind"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " (expected: a string)");
        }
        return value.textValue();
    }
}
