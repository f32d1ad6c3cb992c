package dev.evalgate.cache.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeltasTest {

    @Test
    void shortTextSplitsIntoWordsWithTheWhitespaceBeforeThem() {
        assertThat(Deltas.split("  Hello there,\n world "))
                .containsExactly("  Hello", " there,", "\n world", " ");
        assertThat(Deltas.split("")).isEmpty();
    }

    @Test
    void longTextGroupsWordsEvenlyIntoAtMostMaxPiecesThatJoinBackToIt() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append(i % 7 == 0 ? "\n" : " ").append("w").append(i).append("\uD83D\uDE42");
        }

        List<String> pieces = Deltas.split(text.toString());

        assertThat(pieces).hasSize(Deltas.MAX_PIECES);
        assertThat(String.join("", pieces)).isEqualTo(text.toString());
        // 100 words in 24 groups: four or five words each, in order.
        assertThat(pieces.get(0))
                .isEqualTo("\nw0\uD83D\uDE42 w1\uD83D\uDE42 w2\uD83D\uDE42 w3\uD83D\uDE42");
        assertThat(pieces)
                .allMatch(
                        p -> p.split("w", -1).length - 1 >= 4 && p.split("w", -1).length - 1 <= 5);
    }
}
