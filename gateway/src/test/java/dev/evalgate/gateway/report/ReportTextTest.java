package dev.evalgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.pricing.ratio.RatioBand;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReportTextTest {

    private static String render(RunReport r, Thresholds t) {
        return ReportFormat.TEXT.render(r, t.evaluate(r), t);
    }

    @Test
    void headerAndFiguresComeFromTheReport() {
        String text = render(ReportFixtures.report(), Thresholds.none());
        assertThat(text)
                .startsWith("evalgate run r1  pipeline nightly  catalog 2026-11-01+overrides\n")
                .contains("calls 10  hits 4 (40.0%)  misses 6  coalesced 0  bypassed 0")
                .contains("cost $0.012345  saved $0.004000  tokens billed 800 / served 1234")
                .contains("Testing-to-Inference ratio 12.00% (elevated) over 30 days")
                .contains("eval $12.000000, production $88.000000");
    }

    @Test
    void perModelAndPerTierTablesAlignTheirColumns() {
        RunReport r =
                ReportFixtures.report(
                        t ->
                                t.withObjectProperty("by_model")
                                        .putObject("anthropic/claude-3-5-haiku-latest")
                                        .put("calls", 1234)
                                        .put("cost_micros", 1_500_000));
        String text = render(r, Thresholds.none());
        assertThat(text)
                .contains(
                        "model                              calls  hits  billed  served"
                                + "       cost      saved\n"
                                + "openai/gpt-4o                          6     2     600     900"
                                + "  $0.010000  $0.003000\n"
                                + "anthropic/claude-3-5-haiku-latest   1234   n/a     n/a     n/a"
                                + "  $1.500000        n/a\n")
                .contains("frontier      6     2     600     900  $0.010000  $0.003000");
    }

    @Test
    void warnsOncePerUnknownModelAndNotesEstimatedCalls() {
        RunReport r =
                ReportFixtures.report(
                        t -> {
                            t.withObjectProperty("unknown_models").put("vllm/llama-8b", 1);
                            t.put("estimated_calls", 2);
                        });
        String text = render(r, Thresholds.none());
        assertThat(text)
                .contains(
                        "WARNING unknown model simulator/foo-1 (3 calls) priced at $0 — add a"
                                + " price to pricing.models\n")
                .contains("WARNING unknown model vllm/llama-8b (1 calls)")
                .contains("note: 2 calls were priced from estimated token counts");
        assertThat(render(ReportFixtures.report(), Thresholds.none())).doesNotContain("estimated");
    }

    @Test
    void showsAgreementPerRoute() {
        assertThat(render(ReportFixtures.report(), Thresholds.none()))
                .contains("shadow route   comparisons  agree  disagree  errors   rate\n")
                .contains("format-checks            3      2         1       0  66.7%\n");
    }

    @Test
    void printsVerdictsOnlyWhenAThresholdWasGiven() {
        assertThat(render(ReportFixtures.report(), Thresholds.none()))
                .doesNotContain("PASS")
                .doesNotContain("FAIL");
        String text =
                render(
                        ReportFixtures.report(),
                        new Thresholds(new BigDecimal("5"), RatioBand.CRITICAL, false));
        assertThat(text)
                .contains("PASS cost-budget: cost $0.012345 is within the budget of $5\n")
                .contains("PASS ratio-band: ratio band elevated (12.00%) is below the limit")
                .contains("PASS unknown-models:");
    }

    @Test
    void controlCharactersInNamesCannotSteerTheTerminal() {
        RunReport r =
                ReportFixtures.report(
                        t -> t.withObjectProperty("unknown_models").put("evil\u001b[2J\nPASS", 1));
        assertThat(render(r, Thresholds.none()))
                .contains("WARNING unknown model evil?[2J?PASS (1 calls)")
                .doesNotContain("\u001b");
    }
}
