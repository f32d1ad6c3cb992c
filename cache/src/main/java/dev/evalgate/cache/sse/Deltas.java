package dev.evalgate.cache.sse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits stored text into the pieces a replayed stream sends: word-sized (each piece is a word with
 * the whitespace before it, as tokens usually are), at most {@link #MAX_PIECES} of them so a long
 * answer does not turn into thousands of events. Deterministic; never splits a surrogate pair.
 */
final class Deltas {
    static final int MAX_PIECES = 24;

    private Deltas() {}

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))
                    && !Character.isWhitespace(text.charAt(i - 1))) {
                words.add(text.substring(start, i));
                start = i;
            }
        }
        if (!text.isEmpty()) {
            words.add(text.substring(start));
        }
        if (words.size() <= MAX_PIECES) {
            return words;
        }
        List<String> pieces = new ArrayList<>(MAX_PIECES);
        for (int g = 0; g < MAX_PIECES; g++) {
            int from = g * words.size() / MAX_PIECES;
            int to = (g + 1) * words.size() / MAX_PIECES;
            pieces.add(String.join("", words.subList(from, to)));
        }
        return pieces;
    }
}
