package dev.evalgate.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's measurement: precision and recall of the semantic tier's decision (the {@link
 * TextGuard}, then MiniLM cosine at the default threshold) on the labelled pairs. Fails when more
 * than 1 % of the misses would be answered from cache, or when the tier would answer almost nothing
 * (a guard that refuses everything is safe and useless).
 */
class SemanticQualityTest {

    private static final double MAX_FALSE_HIT_RATE = 0.01;
    private static final double MIN_RECALL = 0.10;
    private static final double[] CURVE = {0.80, 0.85, 0.90, 0.95};

    private final Map<String, float[]> vectors = new HashMap<>();

    @Test
    void labelledPairsStayUnderOnePercentFalseHitsAtTheDefaultThreshold() {
        check("pairs.jsonl", SemanticPairs.load());
    }

    @Test
    void heldOutPairsStayUnderOnePercentFalseHitsAtTheDefaultThreshold() {
        check("heldout.jsonl", SemanticPairs.loadHeldOut());
    }

    @Test
    void secondBlindSetStaysUnderOnePercentFalseHitsAtTheDefaultThreshold() {
        check("blind2.jsonl", SemanticPairs.loadBlind());
    }

    private void check(String name, List<SemanticPairs.Pair> pairs) {
        double t = Cosine.DEFAULT_THRESHOLD;
        Map<String, int[]> byKind = new TreeMap<>(); // kind -> {pairs, predicted hits}
        int truePos = 0;
        int falsePos = 0;
        int hits = 0;
        int misses = 0;
        int nearMissFalse = 0;
        int nearMisses = 0;
        for (SemanticPairs.Pair p : pairs) {
            boolean hit = predictHit(p, t);
            int[] k = byKind.computeIfAbsent(p.kind(), x -> new int[2]);
            k[0]++;
            k[1] += hit ? 1 : 0;
            if (p.shouldHit()) {
                hits++;
                truePos += hit ? 1 : 0;
            } else {
                misses++;
                falsePos += hit ? 1 : 0;
                if (SemanticPairs.NEAR_MISS_KINDS.contains(p.kind())) {
                    nearMisses++;
                    nearMissFalse += hit ? 1 : 0;
                }
            }
        }
        double recall = (double) truePos / hits;
        double precision = truePos + falsePos == 0 ? 1 : (double) truePos / (truePos + falsePos);
        double falseHitRate = (double) falsePos / misses;
        double nearMissRate = (double) nearMissFalse / nearMisses;
        System.out.printf(
                "semantic quality %s at %.2f: precision %.3f, recall %.3f (%d/%d), false hits"
                        + " %d/%d misses (%.2f %%), %d/%d near-misses (%.2f %%)%n",
                name,
                t,
                precision,
                recall,
                truePos,
                hits,
                falsePos,
                misses,
                100 * falseHitRate,
                nearMissFalse,
                nearMisses,
                100 * nearMissRate);
        byKind.forEach(
                (kind, c) ->
                        System.out.printf(
                                "  %-10s %3d pairs, %3d answered from cache%n", kind, c[0], c[1]));
        for (double other : CURVE) {
            int tp = 0;
            int fp = 0;
            for (SemanticPairs.Pair p : pairs) {
                if (predictHit(p, other)) {
                    tp += p.shouldHit() ? 1 : 0;
                    fp += p.shouldHit() ? 0 : 1;
                }
            }
            System.out.printf(
                    "  threshold %.2f: recall %d/%d, false hits %d/%d%n",
                    other, tp, hits, fp, misses);
        }
        assertThat(falseHitRate)
                .as("false-hit rate on all misses of " + name)
                .isLessThanOrEqualTo(MAX_FALSE_HIT_RATE);
        assertThat(nearMissRate)
                .as("false-hit rate on near-misses of " + name)
                .isLessThanOrEqualTo(MAX_FALSE_HIT_RATE);
        assertThat(recall).as("recall on " + name).isGreaterThanOrEqualTo(MIN_RECALL);
    }

    private boolean predictHit(SemanticPairs.Pair p, double threshold) {
        if (!TextGuard.compatible(TextGuard.termsOf(p.a()), TextGuard.termsOf(p.b()))) {
            return false;
        }
        return Cosine.similarity(vector(p.a()), vector(p.b())) >= threshold;
    }

    private float[] vector(String text) {
        return vectors.computeIfAbsent(text, MiniLmEmbedder.of()::embed);
    }
}
