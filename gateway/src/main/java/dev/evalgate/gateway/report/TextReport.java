package dev.evalgate.gateway.report;

import java.util.List;
import java.util.Map;

/** The default rendering: a compact block for a CI log. */
final class TextReport {

    private TextReport() {}

    static String render(RunReport r, List<Check> checks, boolean showChecks) {
        StringBuilder out = new StringBuilder();
        out.append("evalgate run ")
                .append(Amounts.text(r.run))
                .append("  pipeline ")
                .append(Amounts.text(r.pipeline))
                .append("  catalog ")
                .append(Amounts.text(r.catalogVersion))
                .append('\n');
        out.append("calls ")
                .append(Amounts.count(r.calls))
                .append("  hits ")
                .append(Amounts.count(r.hits))
                .append(" (")
                .append(Amounts.percentOf(r.hits, r.calls))
                .append(")  misses ")
                .append(Amounts.count(r.misses))
                .append("  coalesced ")
                .append(Amounts.count(r.coalesced))
                .append("  bypassed ")
                .append(Amounts.count(r.bypassed))
                .append('\n');
        out.append("cost ")
                .append(Amounts.usd(r.costMicros))
                .append("  saved ")
                .append(Amounts.usd(r.savedMicros))
                .append("  tokens billed ")
                .append(Amounts.count(r.billedTokens))
                .append(" / served ")
                .append(Amounts.count(r.servedTokens))
                .append('\n');
        if (r.firstAt != null || r.lastAt != null) {
            out.append("from ")
                    .append(Amounts.text(r.firstAt))
                    .append(" to ")
                    .append(Amounts.text(r.lastAt))
                    .append('\n');
        }
        rows(out, "model", r.byModel);
        rows(out, "tier", r.byTier);
        if (r.ratio != null) {
            RunReport.Ratio ratio = r.ratio;
            out.append('\n')
                    .append("Testing-to-Inference ratio ")
                    .append(Amounts.ratioPercent(ratio))
                    .append(" (")
                    .append(Amounts.text(ratio.bandLabel()))
                    .append(") over ")
                    .append(Amounts.count(ratio.windowDays()))
                    .append(" days: eval ")
                    .append(Amounts.usd(ratio.evalMicros()))
                    .append(", production ")
                    .append(Amounts.usd(ratio.productionMicros()));
            if (ratio.from() != null && ratio.to() != null) {
                out.append(" [").append(ratio.from()).append(", ").append(ratio.to()).append(')');
            }
            out.append('\n');
        }
        if (!r.unknownModels.isEmpty()) {
            out.append('\n');
            for (Map.Entry<String, Long> e : r.unknownModels.entrySet()) {
                out.append("WARNING unknown model ")
                        .append(e.getKey())
                        .append(" (")
                        .append(Amounts.count(e.getValue()))
                        .append(" calls) priced at $0 — add a price to pricing.models\n");
            }
        }
        if (r.estimatedCalls != null && r.estimatedCalls > 0) {
            out.append("note: ")
                    .append(r.estimatedCalls)
                    .append(r.estimatedCalls == 1 ? " call was" : " calls were")
                    .append(" priced from estimated token counts (the answer carried no usage)\n");
        }
        if (!r.agreement.isEmpty()) {
            out.append('\n');
            TextTable t =
                    new TextTable(
                            "shadow route", "comparisons", "agree", "disagree", "errors", "rate");
            for (RunReport.RouteAgreement a : r.agreement) {
                t.row(
                        a.route(),
                        Amounts.count(a.comparisons()),
                        Amounts.count(a.agree()),
                        Amounts.count(a.disagree()),
                        Amounts.count(a.errors()),
                        Amounts.agreementRate(a));
            }
            t.appendTo(out, "");
        }
        if (showChecks) {
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

    private static void rows(StringBuilder out, String what, List<RunReport.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append('\n');
        TextTable t = new TextTable(what, "calls", "hits", "billed", "served", "cost", "saved");
        for (RunReport.Row row : rows) {
            t.row(
                    row.name(),
                    Amounts.count(row.calls()),
                    Amounts.count(row.hits()),
                    Amounts.count(row.billedTokens()),
                    Amounts.count(row.servedTokens()),
                    Amounts.usd(row.costMicros()),
                    Amounts.usd(row.savedMicros()));
        }
        t.appendTo(out, "");
    }
}
