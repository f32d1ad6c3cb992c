package dev.evalgate.gateway.report;

import java.util.List;
import java.util.Map;

/**
 * An estimate as GitHub-flavoured Markdown for a job summary or a merge-request comment: a heading,
 * a figures table, a per-model table, warnings, problems and the checks.
 */
final class EstimateMarkdown {

    private EstimateMarkdown() {}

    static String render(SuiteEstimate e, List<Check> checks) {
        StringBuilder out = new StringBuilder();
        out.append("### evalgate estimate: ")
                .append(MarkdownReport.code(Amounts.text(e.endpoint)))
                .append("\n\n");
        out.append("| Requests | Cached | To call | Duplicates | Unroutable | Invalid |")
                .append(" Expected | Worst case | Cached value | Cache | Catalog |\n");
        out.append("|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n");
        MarkdownReport.cells(
                out,
                Amounts.count(e.requests),
                Amounts.share(e.cached, e.requests),
                Amounts.count(e.toCall),
                Amounts.count(e.duplicates),
                Amounts.count(e.unroutable),
                Amounts.count(e.invalid),
                MarkdownReport.escape(Amounts.usd(e.expectedMicros)),
                MarkdownReport.escape(Amounts.usd(e.worstCaseMicros)),
                MarkdownReport.escape(Amounts.usd(e.cachedValueMicros)),
                MarkdownReport.escape(Amounts.text(e.cacheMode)),
                MarkdownReport.escape(Amounts.text(e.catalogVersion)));
        if (!e.byModel.isEmpty()) {
            out.append("\n| Model | Requests | Cached | Prompt tokens | Expected | Worst case |")
                    .append(" Cached value |\n");
            out.append("|---|--:|--:|--:|--:|--:|--:|\n");
            for (SuiteEstimate.Row row : e.byModel) {
                MarkdownReport.cells(
                        out,
                        MarkdownReport.code(row.name()),
                        Amounts.count(row.requests()),
                        Amounts.count(row.cached()),
                        Amounts.count(row.promptTokens()),
                        MarkdownReport.escape(Amounts.usd(row.expectedMicros())),
                        MarkdownReport.escape(Amounts.usd(row.worstCaseMicros())),
                        MarkdownReport.escape(Amounts.usd(row.cachedValueMicros())));
            }
        }
        if (!e.unknownModels.isEmpty()) {
            out.append("\n> [!WARNING]\n> Priced at \\$0 because the catalog has no price for")
                    .append(e.unknownModels.size() == 1 ? " this model" : " these models")
                    .append(" — add a price to `pricing.models`:\n");
            for (Map.Entry<String, Long> u : e.unknownModels.entrySet()) {
                out.append("> - ")
                        .append(MarkdownReport.code(u.getKey()))
                        .append(" (")
                        .append(Amounts.count(u.getValue()))
                        .append(" requests)\n");
            }
        }
        if (!e.problems.isEmpty()) {
            out.append("\n**Not estimated** (")
                    .append(Amounts.count(e.unroutable))
                    .append(" unroutable, ")
                    .append(Amounts.count(e.invalid))
                    .append(" invalid")
                    .append(EstimateText.listed(e))
                    .append("):\n\n");
            for (SuiteEstimate.Problem p : e.problems) {
                out.append("- line ")
                        .append(Amounts.count(p.line()))
                        .append(": ")
                        .append(MarkdownReport.escape(Amounts.text(p.message())))
                        .append('\n');
            }
        }
        if (!checks.isEmpty()) {
            out.append("\n| Check | Result | Details |\n|---|---|---|\n");
            for (Check c : checks) {
                MarkdownReport.cells(
                        out,
                        MarkdownReport.code(c.name()),
                        c.passed() ? "✅ passed" : "❌ failed",
                        MarkdownReport.escape(c.message()));
            }
        }
        return out.toString();
    }
}
