package dev.evalgate.cache.sse;

import java.util.ArrayList;
import java.util.Arrays;
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
        if (text.isEmpty()) {
            return List.of();
        }
        // Words tile the text, so a piece of consecutive words is one substring: only the word
        // starts are kept, and no word is copied on its own.
        int[] starts = new int[16];
        int words = 1;
        for (int i = 1; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))
                    && !Character.isWhitespace(text.charAt(i - 1))) {
                if (words == starts.length) {
                    starts = Arrays.copyOf(starts, words * 2);
                }
                starts[words++] = i;
            }
        }
        int count = Math.min(words, MAX_PIECES);
        List<String> pieces = new ArrayList<>(count);
        for (int g = 0; g < count; g++) {
            int from = (int) ((long) g * words / count);
            int to = (int) ((long) (g + 1) * words / count);
            pieces.add(text.substring(starts[from], to == words ? text.length() : starts[to]));
        }
        return pieces;
    }
}
