package dev.evalgate.gateway.report;

import java.util.List;

/** The default rendering of an estimate: a compact block for a CI log. */
final class EstimateText {

    private EstimateText() {}

    static String render(SuiteEstimate e, List<Check> checks) {
        StringBuilder out = new StringBuilder();
        TextLayout.line(out)
                .word("evalgate estimate")
                .figure("endpoint", Amounts.text(e.endpoint))
                .figure("cache", Amounts.text(e.cacheMode))
                .figure("catalog", Amounts.text(e.catalogVersion))
                .end();
        TextLayout.line(out)
                .figure("requests", Amounts.count(e.requests))
                .figure("cached", Amounts.share(e.cached, e.requests))
                .figure("to call", Amounts.count(e.toCall))
                .figure("duplicates", Amounts.count(e.duplicates))
                .figure("unroutable", Amounts.count(e.unroutable))
                .figure("invalid", Amounts.count(e.invalid))
                .end();
        TextLayout.line(out)
                .figure("expected", Amounts.usd(e.expectedMicros))
                .figure("worst case", Amounts.usd(e.worstCaseMicros))
                .figure("cached value", Amounts.usd(e.cachedValueMicros))
                .end();
        if (e.outputTokens != null) {
            out.append("(expected output: ")
                    .append(e.outputTokens)
                    .append(" tokens per call, less where max_tokens is lower)\n");
        }
        if (!e.byModel.isEmpty()) {
            TextTable t =
                    new TextTable(
                            "model",
                            "requests",
                            "cached",
                            "prompt tokens",
                            "expected",
                            "worst case",
                            "cached value");
            for (SuiteEstimate.Row row : e.byModel) {
                t.row(
                        row.name(),
                        Amounts.count(row.requests()),
                        Amounts.count(row.cached()),
                        Amounts.count(row.promptTokens()),
                        Amounts.usd(row.expectedMicros()),
                        Amounts.usd(row.worstCaseMicros()),
                        Amounts.usd(row.cachedValueMicros()));
            }
            TextLayout.table(out, t);
        }
        TextLayout.unknownModels(out, e.unknownModels, "requests");
        if (!e.problems.isEmpty()) {
            out.append('\n')
                    .append("problems (")
                    .append(Amounts.count(e.unroutable))
                    .append(" unroutable, ")
                    .append(Amounts.count(e.invalid))
                    .append(" invalid")
                    .append(listed(e))
                    .append("):\n");
            for (SuiteEstimate.Problem p : e.problems) {
                out.append("  line ")
                        .append(Amounts.count(p.line()))
                        .append(": ")
                        .append(Amounts.text(p.message()))
                        .append('\n');
            }
        }
        if (!checks.isEmpty()) {
            TextLayout.verdicts(out, checks);
        }
        return out.toString();
    }

    /** {@code ; first 20 listed} when the gateway listed fewer problems than it counted. */
    static String listed(SuiteEstimate e) {
        long counted =
                (e.unroutable == null ? 0 : e.unroutable) + (e.invalid == null ? 0 : e.invalid);
        return counted > e.problems.size() ? "; first " + e.problems.size() + " listed" : "";
    }
}
