package dev.evalgate.it;

/** Reads samples from a Prometheus text exposition, as the ITs need them. */
final class Metrics {

    private Metrics() {}

    /** The value of the one sample of {@code name} (no labels given), or 0 when absent. */
    static double value(String exposition, String name) {
        return sum(exposition, name, null, null);
    }

    /** The value of {@code name} with {@code label="value"}, or 0 when absent. */
    static double value(String exposition, String name, String label, String value) {
        return sum(exposition, name, label, value);
    }

    /**
     * The sum of every sample of {@code name} whose labels include {@code label="value"} (all
     * samples when {@code label} is null).
     */
    static double sum(String exposition, String name, String label, String value) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            boolean named = line.startsWith(name + "{") || line.startsWith(name + " ");
            if (!named) {
                continue;
            }
            if (label != null && !line.contains(label + "=\"" + value + "\"")) {
                continue;
            }
            total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return total;
    }
}
