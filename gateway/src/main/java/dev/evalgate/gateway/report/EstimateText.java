package dev.evalgate.gateway.report;

import java.util.List;
import java.util.Map;

/** The default rendering of an estimate: a compact block for a CI log. */
final class EstimateText {

    private EstimateText() {}

    static String render(SuiteEstimate e, List<Check> checks) {
        StringBuilder out = new StringBuilder();
        out.append("evalgate estimate  endpoint ")
                .append(Amounts.text(e.endpoint))
                .append("  cache ")
                .append(Amounts.text(e.cacheMode))
                .append("  catalog ")
                .append(Amounts.text(e.catalogVersion))
                .append('\n');
        out.append("requests ")
                .append(Amounts.count(e.requests))
                .append("  cached ")
                .append(Amounts.count(e.cached))
                .append(" (")
                .append(Amounts.percentOf(e.cached, e.requests))
                .append(")  to call ")
                .append(Amounts.count(e.toCall))
                .append("  duplicates ")
                .append(Amounts.count(e.duplicates))
                .append("  unroutable ")
                .append(Amounts.count(e.unroutable))
                .append("  invalid ")
                .append(Amounts.count(e.invalid))
                .append('\n');
        out.append("expected ")
                .append(Amounts.usd(e.expectedMicros))
                .append("  worst case ")
                .append(Amounts.usd(e.worstCaseMicros))
                .append("  cached value ")
                .append(Amounts.usd(e.cachedValueMicros))
                .append('\n');
        if (e.outputTokens != null) {
            out.append("(expected output: ")
                    .append(e.outputTokens)
                    .append(" tokens per call, less where max_tokens is lower)\n");
        }
        if (!e.byModel.isEmpty()) {
            out.append('\n');
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
            t.appendTo(out, "");
        }
        if (!e.unknownModels.isEmpty()) {
            out.append('\n');
            for (Map.Entry<String, Long> u : e.unknownModels.entrySet()) {
                out.append("WARNING unknown model ")
                        .append(u.getKey())
                        .append(" (")
                        .append(Amounts.count(u.getValue()))
                        .append(" requests) priced at $0 — add a price to pricing.models\n");
            }
        }
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
            out.append('\n');
            for (Check c : checks) {
                out.append(c.passed() ? "PASS " : "FAIL ")
                        .append(c.name())
                        .append(": ")
                        .append(c.message())
                        .append('\n');
            }
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
