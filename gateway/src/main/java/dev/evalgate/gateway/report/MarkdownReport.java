package dev.evalgate.gateway.report;

import java.util.List;
import java.util.Map;

/**
 * GitHub-flavoured Markdown for a job summary ({@code >> $GITHUB_STEP_SUMMARY}) or a merge-request
 * comment: a heading, a figures table, per-model and per-tier tables, the ratio, warnings and the
 * checks.
 */
final class MarkdownReport {

    private MarkdownReport() {}

    static String render(RunReport r, List<Check> checks, boolean showChecks) {
        StringBuilder out = new StringBuilder();
        out.append("### evalgate run ").append(code(Amounts.text(r.run))).append("\n\n");
        out.append("| Pipeline | Catalog | Calls | Hits | Misses | Coalesced | Bypassed |")
                .append(" Cost | Saved | Tokens billed | Tokens served |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        cells(
                out,
                escape(Amounts.text(r.pipeline)),
                escape(Amounts.text(r.catalogVersion)),
                Amounts.count(r.calls),
                Amounts.share(r.hits, r.calls),
                Amounts.count(r.misses),
                Amounts.count(r.coalesced),
                Amounts.count(r.bypassed),
                escape(Amounts.usd(r.costMicros)),
                escape(Amounts.usd(r.savedMicros)),
                Amounts.count(r.billedTokens),
                Amounts.count(r.servedTokens));
        rows(out, "Model", r.byModel);
        rows(out, "Tier", r.byTier);
        if (r.ratio != null) {
            RunReport.Ratio ratio = r.ratio;
            out.append("\n**Testing-to-Inference ratio ")
                    .append(escape(Amounts.ratioPercent(ratio)))
                    .append("** (")
                    .append(escape(Amounts.text(ratio.bandLabel())))
                    .append(") over ")
                    .append(Amounts.count(ratio.windowDays()))
                    .append(" days: eval ")
                    .append(escape(Amounts.usd(ratio.evalMicros())))
                    .append(", production ")
                    .append(escape(Amounts.usd(ratio.productionMicros())))
                    .append(".\n");
        }
        if (!r.unknownModels.isEmpty()) {
            out.append("\n> [!WARNING]\n> Priced at \\$0 because the catalog has no price for")
                    .append(r.unknownModels.size() == 1 ? " this model" : " these models")
                    .append(" — add a price to `pricing.models`:\n");
            for (Map.Entry<String, Long> e : r.unknownModels.entrySet()) {
                out.append("> - ")
                        .append(code(e.getKey()))
                        .append(" (")
                        .append(Amounts.count(e.getValue()))
                        .append(" calls)\n");
            }
        }
        if (r.estimatedCalls != null && r.estimatedCalls > 0) {
            out.append('\n')
                    .append(r.estimatedCalls)
                    .append(r.estimatedCalls == 1 ? " call was" : " calls were")
                    .append(" priced from estimated token counts (the answer carried no usage).\n");
        }
        if (!r.agreement.isEmpty()) {
            out.append("\n| Shadow route | Comparisons | Agree | Disagree | Errors | Rate |\n");
            out.append("|---|--:|--:|--:|--:|--:|\n");
            for (RunReport.RouteAgreement a : r.agreement) {
                cells(
                        out,
                        code(a.route()),
                        Amounts.count(a.comparisons()),
                        Amounts.count(a.agree()),
                        Amounts.count(a.disagree()),
                        Amounts.count(a.errors()),
                        Amounts.agreementRate(a));
            }
        }
        if (showChecks) {
            out.append("\n| Check | Result | Details |\n|---|---|---|\n");
            for (Check c : checks) {
                cells(
                        out,
                        code(c.name()),
                        c.passed() ? "✅ passed" : "❌ failed",
                        escape(c.message()));
            }
        }
        return out.toString();
    }

    private static void rows(StringBuilder out, String what, List<RunReport.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("\n| ")
                .append(what)
                .append(" | Calls | Hits | Tokens billed | Tokens served | Cost | Saved |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (RunReport.Row row : rows) {
            cells(
                    out,
                    code(row.name()),
                    Amounts.count(row.calls()),
                    Amounts.count(row.hits()),
                    Amounts.count(row.billedTokens()),
                    Amounts.count(row.servedTokens()),
                    escape(Amounts.usd(row.costMicros())),
                    escape(Amounts.usd(row.savedMicros())));
        }
    }

    static void cells(StringBuilder out, String... cells) {
        out.append('|');
        for (String c : cells) {
            out.append(' ').append(c).append(" |");
        }
        out.append('\n');
    }

    /**
     * A name as inline code. Backticks cannot be escaped inside a code span, so a name holding one
     * is escaped as plain text instead; {@code |} is escaped in both, as tables need.
     */
    static String code(String s) {
        if (s.indexOf('`') >= 0) {
            return escape(s);
        }
        return "`" + s.replace("|", "\\|") + "`";
    }

    /**
     * Plain text for the middle of a line: what could start emphasis, code, a link, HTML, an
     * entity, math or a table cell is backslash-escaped; line breaks are flattened.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(' ');
            } else if ("\\`*_[]<>|~$&".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
