package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The generated answer to one request: a pure function of the endpoint and the body without its
 * {@code stream} and {@code stream_options}, so a streamed and a plain request agree and any other
 * change (such as the model) changes the text. One word counts as one token.
 *
 * @param idHex hex digits for the response id
 * @param created the {@code created} timestamp, in epoch seconds
 * @param words the answer's words, punctuation attached
 * @param capped whether {@code max_tokens} cut the answer short
 */
record Answer(String idHex, long created, List<String> words, boolean capped) {
    private static final String[] VOCABULARY = {
        "the",
        "model",
        "answer",
        "is",
        "deterministic",
        "gateway",
        "cache",
        "token",
        "stream",
        "latency",
        "prompt",
        "request",
        "evaluation",
        "result",
        "simulated",
        "upstream",
        "quickly",
        "reliable",
        "and",
        "of",
        "a",
        "to",
        "with",
        "every",
        "response",
        "budget",
        "route",
        "metric",
        "signal",
        "value",
        "green",
        "blue",
        "river",
        "mountain",
        "light",
        "careful",
        "measured",
        "clear",
        "small",
        "steady"
    };
    private static final long EPOCH = 1_700_000_000L;
    // A stream of up to this many words has one event per word (SlowReaderIT needs a long one);
    // beyond it, words are grouped so that a huge answer does not become millions of events.
    static final int MAX_DELTAS = 1 << 17;

    /** The answer of {@code endpoint} to {@code body}, at most {@code cap} words if cap > 0. */
    static Answer derive(Endpoint endpoint, ObjectNode body, int cap) {
        return derive(endpoint, body, cap, 0, 0);
    }

    /**
     * The answer of {@code endpoint} to {@code body}: {@code length} words when {@code length > 0}
     * ({@code X-Sim-Answer-Words}), else 5 to 40, and more words until its text is at least {@code
     * minBytes} long ({@code X-Sim-Answer-Bytes}); at most {@code cap} words if cap > 0. Both make
     * answers large enough to test flow control and size limits.
     */
    static Answer derive(Endpoint endpoint, ObjectNode body, int cap, int length, int minBytes) {
        ObjectNode content = body.deepCopy();
        content.remove(List.of("stream", "stream_options"));
        byte[] digest = Seeds.sha256(endpoint.path(), Seeds.canonical(content));
        SplittableRandom random = new SplittableRandom(Seeds.toLong(digest));
        int drawn = 5 + random.nextInt(36);
        int wanted = length > 0 ? length : drawn;
        List<String> words = new ArrayList<>(Math.min(wanted, cap > 0 ? cap : wanted));
        long chars = -1;
        boolean capped = false;
        while (words.size() < wanted || chars + 1 < minBytes) {
            if (cap > 0 && words.size() == cap) {
                capped = true;
                break;
            }
            String word = VOCABULARY[random.nextInt(VOCABULARY.length)];
            words.add(word);
            chars += word.length() + 1;
        }
        words.set(0, capitalize(words.get(0)));
        int count = words.size();
        if (!capped) {
            words.set(count - 1, words.get(count - 1) + ".");
        }
        long created = EPOCH + Math.floorMod(Seeds.toLong(digest) >>> 8, 10_000_000L);
        return new Answer(Seeds.hex(digest, 12), created, List.copyOf(words), capped);
    }

    /** The whole text. */
    String text() {
        return String.join(" ", words);
    }

    /**
     * The text in pieces that concatenate to it, spaces attached: one per word, or for a huge
     * answer one per run of words, so that no answer is more than about {@value #MAX_DELTAS}
     * pieces.
     */
    List<String> deltas() {
        int per = (words.size() + MAX_DELTAS - 1) / MAX_DELTAS;
        List<String> deltas = new ArrayList<>(words.size() / per + 1);
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            piece.append(i == 0 ? "" : " ").append(words.get(i));
            if ((i + 1) % per == 0 || i == words.size() - 1) {
                deltas.add(piece.toString());
                piece.setLength(0);
            }
        }
        return deltas;
    }

    int tokens() {
        return words.size();
    }

    private static String capitalize(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
