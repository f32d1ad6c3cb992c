package dev.evalgate.cache.semantic;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.cache.semantic.SemanticPairs.Pair;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of the pair sets' README, checked over all three sets together. */
class SemanticPairsTest {
    private static final List<Pair> PAIRS =
            java.util.stream.Stream.of(
                            SemanticPairs.load(),
                            SemanticPairs.loadHeldOut(),
                            SemanticPairs.loadBlind())
                    .flatMap(List::stream)
                    .toList();

    @Test
    void everySetHoldsAtLeastTwoHundredPairs() {
        assertThat(SemanticPairs.load()).hasSizeGreaterThanOrEqualTo(200);
        assertThat(SemanticPairs.loadHeldOut()).hasSizeGreaterThanOrEqualTo(200);
        assertThat(SemanticPairs.loadBlind()).hasSizeGreaterThanOrEqualTo(200);
    }

    @Test
    void idsAreUnique() {
        assertThat(PAIRS)
                .extracting(Pair::id)
                .doesNotHaveDuplicates()
                .allMatch(id -> !id.isBlank());
    }

    @Test
    void everyLabelIsHitOrMiss() {
        assertThat(PAIRS)
                .extracting(Pair::label)
                .containsOnly(SemanticPairs.HIT, SemanticPairs.MISS);
    }

    @Test
    void bothLabelsHaveAtLeastOneHundredPairs() {
        Map<String, Long> byLabel = PAIRS.stream().collect(groupingBy(Pair::label, counting()));

        assertThat(byLabel.get(SemanticPairs.HIT)).isGreaterThanOrEqualTo(100);
        assertThat(byLabel.get(SemanticPairs.MISS)).isGreaterThanOrEqualTo(100);
    }

    @Test
    void hitsAreParaphrasesAndMissesAreNearMissesOrUnrelated() {
        Set<String> missKinds = new HashSet<>(SemanticPairs.NEAR_MISS_KINDS);
        missKinds.add(SemanticPairs.UNRELATED);

        assertThat(PAIRS)
                .filteredOn(Pair::shouldHit)
                .extracting(Pair::kind)
                .containsOnly(SemanticPairs.PARAPHRASE);
        assertThat(PAIRS)
                .filteredOn(pair -> !pair.shouldHit())
                .extracting(Pair::kind)
                .allMatch(missKinds::contains);
    }

    @Test
    void everyNearMissKindHasAtLeastFifteenPairs() {
        Map<String, Long> byKind = PAIRS.stream().collect(groupingBy(Pair::kind, counting()));

        for (String kind : SemanticPairs.NEAR_MISS_KINDS) {
            assertThat(byKind.getOrDefault(kind, 0L)).as(kind).isGreaterThanOrEqualTo(15);
        }
    }

    @Test
    void noPairComparesATextWithItself() {
        assertThat(PAIRS).filteredOn(pair -> pair.a().equals(pair.b())).isEmpty();
    }

    /**
     * Order does not matter: {@code (a, b)} and {@code (b, a)} are one pair, whatever the labels.
     */
    @Test
    void noPairAppearsTwice() {
        assertThat(PAIRS).extracting(pair -> Set.of(pair.a(), pair.b())).doesNotHaveDuplicates();
    }

    @Test
    void rejectsAnUnknownFieldWithItsLineNumber() {
        String text =
                "{\"id\":\"p1\",\"a\":\"x\",\"b\":\"y\",\"label\":\"hit\",\"kind\":\"paraphrase\"}\n"
                        + "{\"id\":\"p2\",\"a\":\"x\",\"b\":\"z\",\"label\":\"miss\",\"kind\":\"entity\","
                        + "\"score\":1}\n";

        assertThatThrownBy(() -> SemanticPairs.parse(new StringReader(text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unknown field score");
    }

    @Test
    void rejectsAMissingText() {
        String text = "{\"id\":\"p1\",\"a\":\"x\",\"label\":\"hit\",\"kind\":\"paraphrase\"}\n";

        assertThatThrownBy(() -> SemanticPairs.parse(new StringReader(text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("b (expected: a string)");
    }
}
