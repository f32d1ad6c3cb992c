package dev.evalgate.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CosineTest {
    @Test
    void ignoresLength() {
        assertThat(Cosine.similarity(new float[] {1, 2, 3}, new float[] {2, 4, 6}))
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void orthogonalIsZeroAndOppositeIsMinusOne() {
        assertThat(Cosine.similarity(new float[] {1, 0}, new float[] {0, 5}))
                .isCloseTo(0.0, within(1e-9));
        assertThat(Cosine.similarity(new float[] {1, 1}, new float[] {-1, -1}))
                .isCloseTo(-1.0, within(1e-9));
    }

    @Test
    void zeroVectorIsSimilarToNothing() {
        assertThat(Cosine.similarity(new float[] {0, 0}, new float[] {1, 0})).isZero();
    }

    @Test
    void rejectsVectorsOfDifferentLengths() {
        assertThatThrownBy(() -> Cosine.similarity(new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 and 3");
    }

    @Test
    void normalizeGivesAUnitVector() {
        float[] unit = Cosine.normalize(new float[] {3, 4});
        assertThat(unit[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(unit[1]).isCloseTo(0.8f, within(1e-6f));
    }
}
