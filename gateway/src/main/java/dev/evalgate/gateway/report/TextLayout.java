package dev.evalgate.gateway.report;

import java.util.List;
import java.util.Map;

/**
 * What the plain-text renderings of a run's report and a suite's estimate share: lines of labelled
 * figures, tables set off by a blank line, unknown-model warnings and the checks' verdicts.
 */
final class TextLayout {

    private TextLayout() {}

    /** Starts a line on {@code out}; {@link Line#end()} finishes it. */
    static Line line(StringBuilder out) {
        return new Line(out);
    }

    /** Appends a blank line, then {@code table}. */
    static void table(StringBuilder out, TextTable table) {
        out.append('\n');
        table.appendTo(out, "");
    }

    /**
     * Appends a blank line, then one warning per model priced at $0 with how many {@code unit}s
     * ({@code calls}, {@code requests}) it had; nothing when there are none.
     */
    static void unknownModels(StringBuilder out, Map<String, Long> models, String unit) {
        if (models.isEmpty()) {
            return;
        }
        out.append('\n');
        for (Map.Entry<String, Long> e : models.entrySet()) {
            out.append("WARNING unknown model ")
                    .append(e.getKey())
                    .append(" (")
                    .append(Amounts.count(e.getValue()))
                    .append(' ')
                    .append(unit)
                    .append(") priced at $0 — add a price to pricing.models\n");
        }
    }

    /** Appends a blank line, then {@code PASS name: message} or {@code FAIL …} per check. */
    static void verdicts(StringBuilder out, List<Check> checks) {
        out.append('\n');
        for (Check c : checks) {
            out.append(c.passed() ? "PASS " : "FAIL ")
                    .append(c.name())
                    .append(": ")
                    .append(c.message())
                    .append('\n');
        }
    }

    /** One line of figures, two spaces apart: {@code calls 10 hits 4 (40.0%) misses 6}. */
    static final class Line {

        private final StringBuilder out;
        private boolean empty = true;

        private Line(StringBuilder out) {
            this.out = out;
        }

        /** Appends {@code text} as it is. */
        Line word(String text) {
            if (!empty) {
                out.append("  ");
            }
            out.append(text);
            empty = false;
            return this;
        }

        /** Appends {@code label value}. */
        Line figure(String label, String value) {
            return word(label + " " + value);
        }

        /** Ends the line. */
        void end() {
            out.append('\n');
        }
    }
}
