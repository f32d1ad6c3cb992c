package dev.evalgate.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {
    // One model per JVM: MiniLmEmbedder holds it statically, so every test shares the load.
    private static final Embedder EMBEDDER = MiniLmEmbedder.of();

    @Test
    void embedsIntoThreeHundredEightyFourDimensions() {
        assertThat(EMBEDDER.dimensions()).isEqualTo(384);
        assertThat(EMBEDDER.embed("Is 7 prime?")).hasSize(384);
        assertThat(EMBEDDER.name()).isEqualTo("all-minilm-l6-v2-q");
    }

    @Test
    void returnsUnitVectors() {
        float[] v = EMBEDDER.embed("Summarise the following article in three bullet points.");
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void identicalTextIsFullySimilar() {
        String text = "Translate the sentence into German.";
        assertThat(Cosine.similarity(EMBEDDER.embed(text), EMBEDDER.embed(text)))
                .isCloseTo(1.0, within(1e-5));
    }

    @Test
    void paraphraseScoresAboveUnrelatedText() {
        float[] classify = EMBEDDER.embed("Classify the sentiment of this review.");
        float[] determine = EMBEDDER.embed("Determine the sentiment of the following review.");
        float[] capital = EMBEDDER.embed("What is the capital of France?");

        double paraphrase = Cosine.similarity(classify, determine);
        double unrelated = Cosine.similarity(classify, capital);
        System.out.printf(
                "MiniLmEmbedder: paraphrase similarity %.4f, unrelated %.4f%n",
                paraphrase, unrelated);
        assertThat(paraphrase).isGreaterThan(unrelated);
    }

    /** Benchmark figure for docs/benchmarks.md; printed, never asserted. */
    @Test
    void printsEmbedLatencyOfATwentyWordSentence() {
        String sentence =
                "Read the customer review below carefully and decide whether the overall"
                        + " sentiment it expresses is positive, negative or neutral today.";
        assertThat(sentence.split(" ")).hasSize(20);
        for (int i = 0; i < 20; i++) {
            EMBEDDER.embed(sentence);
        }
        long[] micros = new long[200];
        for (int i = 0; i < micros.length; i++) {
            long start = System.nanoTime();
            EMBEDDER.embed(sentence);
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf(
                "MiniLmEmbedder: embed 20 words x %d calls: p50 %d us, p99 %d us (%d cores)%n",
                micros.length,
                micros[micros.length / 2],
                micros[micros.length * 99 / 100 - 1],
                Runtime.getRuntime().availableProcessors());
    }
}
