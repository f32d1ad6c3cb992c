package dev.evalgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReportMarkdownTest {

    private static String render(RunReport r, Thresholds t) {
        return ReportFormat.MARKDOWN.render(r, t.evaluate(r), t);
    }

    @Test
    void rendersTheFiguresAsTables() {
        String md = render(ReportFixtures.report(), Thresholds.none());
        assertThat(md)
                .startsWith("### evalgate run `r1`\n\n")
                .contains(
                        "| nightly | 2026-11-01+overrides | 10 | 4 (40.0%) | 6 | 0 | 0 |"
                                + " \\$0.012345 | \\$0.004000 | 800 | 1234 |\n")
                .contains(
                        "| Model | Calls | Hits | Tokens billed | Tokens served | Cost | Saved |\n"
                                + "|---|--:|--:|--:|--:|--:|--:|\n"
                                + "| `openai/gpt-4o` | 6 | 2 | 600 | 900 | \\$0.010000 |"
                                + " \\$0.003000 |\n")
                .contains("| `frontier` | 6 | 2 | 600 | 900 |")
                .contains("**Testing-to-Inference ratio 12.00%** (elevated) over 30 days")
                .contains("> [!WARNING]\n")
                .contains("> - `simulator/foo-1` (3 calls)\n")
                .contains("| `format-checks` | 3 | 2 | 1 | 0 | 66.7% |\n")
                .doesNotContain("| Check |");
    }

    @Test
    void addsAChecksTableWhenAThresholdWasGiven() {
        String md =
                render(
                        ReportFixtures.report(),
                        new Thresholds(new BigDecimal("0.01"), null, false));
        assertThat(md)
                .contains("| Check | Result | Details |\n|---|---|---|\n")
                .contains("| `cost-budget` | ❌ failed | cost \\$0.012345 is over the budget")
                .contains("| `unknown-models` | ✅ passed |");
    }

    @Test
    void namesCannotBreakOutOfTheirTableCell() {
        RunReport r =
                ReportFixtures.report(
                        t -> {
                            t.withObjectProperty("by_model").putObject("a|b").put("calls", 1);
                            t.withObjectProperty("by_model")
                                    .putObject("x`<img src=y>|z")
                                    .put("calls", 1);
                        });
        String md = render(r, Thresholds.none());
        assertThat(md).contains("| `a\\|b` | 1 |").contains("| x\\`\\<img src=y\\>\\|z | 1 |");
    }

    @Test
    void leavesOutWhatTheReportLacks() {
        String md = render(ReportFixtures.parse("{\"run\":\"r1\",\"calls\":3}"), Thresholds.none());
        assertThat(md)
                .contains("| n/a | n/a | 3 | n/a (n/a) |")
                .doesNotContain("| Model |")
                .doesNotContain("| Tier |")
                .doesNotContain("ratio")
                .doesNotContain("WARNING")
                .doesNotContain("Shadow");
    }
}
