package dev.evalgate.gateway.report;

import java.util.List;

/** The default rendering: a compact block for a CI log. */
final class TextReport {

    private TextReport() {}

    static String render(RunReport r, List<Check> checks, boolean showChecks) {
        StringBuilder out = new StringBuilder();
        TextLayout.line(out)
                .figure("evalgate run", Amounts.text(r.run))
                .figure("pipeline", Amounts.text(r.pipeline))
                .figure("catalog", Amounts.text(r.catalogVersion))
                .end();
        TextLayout.line(out)
                .figure("calls", Amounts.count(r.calls))
                .figure("hits", Amounts.share(r.hits, r.calls))
                .figure("misses", Amounts.count(r.misses))
                .figure("coalesced", Amounts.count(r.coalesced))
                .figure("bypassed", Amounts.count(r.bypassed))
                .end();
        TextLayout.line(out)
                .figure("cost", Amounts.usd(r.costMicros))
                .figure("saved", Amounts.usd(r.savedMicros))
                .figure(
                        "tokens billed",
                        Amounts.count(r.billedTokens)
                                + " / served "
                                + Amounts.count(r.servedTokens))
                .end();
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
        TextLayout.unknownModels(out, r.unknownModels, "calls");
        if (r.estimatedCalls != null && r.estimatedCalls > 0) {
            out.append("note: ")
                    .append(r.estimatedCalls)
                    .append(r.estimatedCalls == 1 ? " call was" : " calls were")
                    .append(" priced from estimated token counts (the answer carried no usage)\n");
        }
        if (!r.agreement.isEmpty()) {
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
            TextLayout.table(out, t);
        }
        if (showChecks) {
            TextLayout.verdicts(out, checks);
        }
        return out.toString();
    }

    private static void rows(StringBuilder out, String what, List<RunReport.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
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
        TextLayout.table(out, t);
    }
}
