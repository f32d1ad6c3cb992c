package dev.evalgate.cache.semantic;

/** Cosine similarity between two embeddings. */
public final class Cosine {
    /**
     * The similarity the semantic tier requires when a route names none: the figure issue 7 asked
     * for, kept rather than fitted to the labelled pairs (see the pairs' README).
     */
    public static final double DEFAULT_THRESHOLD = 0.95;

    private Cosine() {}

    /**
     * Returns the cosine of the angle between {@code a} and {@code b}, in [-1, 1]: 1 for vectors
     * pointing the same way. For unit vectors this is their dot product. A zero vector has no
     * direction and is similar to nothing: the result is then 0.
     *
     * @throws IllegalArgumentException if the vectors differ in length
     */
    public static double similarity(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "vector lengths differ: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return 0;
        }
        double cosine = dot / Math.sqrt(normA * normB);
        return Math.max(-1, Math.min(1, cosine));
    }

    /**
     * Returns {@code v} scaled to length 1, as a new array; a zero vector is returned as a zero
     * copy. Embedders whose model does not normalise its output use it, so that the similarity of
     * two unit vectors is their dot product.
     */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float[] unit = new float[v.length];
        if (sum == 0) {
            return unit;
        }
        double scale = 1 / Math.sqrt(sum);
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] * scale);
        }
        return unit;
    }
}
