package dev.evalgate.gateway.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The renderings of {@code evalgate report --format}. */
public enum ReportFormat {
    /** A compact block for a CI log; the default. */
    TEXT,
    /** The gateway's JSON plus a {@code checks} array. */
    JSON,
    /** GitHub-flavoured Markdown for a job summary or a merge-request comment. */
    MARKDOWN,
    /** JUnit XML, one test case per check. */
    JUNIT;

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format with that label, any case. */
    public static Optional<ReportFormat> fromLabel(String label) {
        for (ReportFormat f : values()) {
            if (f.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code report} with the verdicts of {@code checks}. Text and Markdown show the checks only
     * when {@code thresholds} set a limit; JSON and JUnit always carry them.
     */
    public String render(RunReport report, List<Check> checks, Thresholds thresholds) {
        switch (this) {
            case TEXT:
                return TextReport.render(report, checks, thresholds.any());
            case JSON:
                return JsonReport.render(report, checks);
            case MARKDOWN:
                return MarkdownReport.render(report, checks, thresholds.any());
            case JUNIT:
                return JunitReport.render(report, checks);
            default:
                throw new AssertionError(this);
        }
    }
}
