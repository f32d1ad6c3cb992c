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
        if (text.isEmpty()) {
            return List.of();
        }
        // Words tile the text, so a piece of consecutive words is one substring: a first pass
        // counts the words, a second cuts where each piece starts. No word is copied on its own.
        int words = 1;
        for (int i = 1; i < text.length(); i++) {
            if (startsWord(text, i)) {
                words++;
            }
        }
        int count = Math.min(words, MAX_PIECES);
        List<String> pieces = new ArrayList<>(count);
        int word = 0;
        int pieceStart = 0;
        int nextPiece = 1;
        for (int i = 1; i < text.length() && nextPiece < count; i++) {
            if (startsWord(text, i) && ++word == firstWord(nextPiece, words, count)) {
                pieces.add(text.substring(pieceStart, i));
                pieceStart = i;
                nextPiece++;
            }
        }
        pieces.add(text.substring(pieceStart));
        return pieces;
    }

    /** True where a word starts: whitespace after non-whitespace (the first word starts at 0). */
    private static boolean startsWord(String text, int i) {
        return Character.isWhitespace(text.charAt(i))
                && !Character.isWhitespace(text.charAt(i - 1));
    }

    /** The index of the first word of piece {@code piece} when {@code words} make {@code count}. */
    private static int firstWord(int piece, int words, int count) {
        return (int) ((long) piece * words / count);
    }
}
