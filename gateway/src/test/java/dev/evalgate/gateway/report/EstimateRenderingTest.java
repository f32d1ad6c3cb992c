package dev.evalgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EstimateRenderingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SuiteEstimate estimate(Consumer<ObjectNode> change) {
        try (InputStream in =
                EstimateRenderingTest.class.getResourceAsStream("/report/estimate.json")) {
            ObjectNode n = (ObjectNode) JSON.readTree(in);
            change.accept(n);
            return SuiteEstimate.of(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SuiteEstimate estimate() {
        return estimate(n -> {});
    }

    @Test
    void textShowsTheFiguresTheModelsTheWarningsAndTheProblems() {
        String text = estimate().render(ReportFormat.TEXT, List.of());

        assertThat(text)
                .startsWith(
                        "evalgate estimate  endpoint chat/completions  cache record  catalog"
                                + " 2026-11-01\n")
                .contains(
                        "requests 10  cached 4 (40.0%)  to call 5  duplicates 0  unroutable 1 "
                                + " invalid 0\n")
                .contains("expected $0.001234  worst case $0.012345  cached value $0.000456\n")
                .contains(
                        "model               requests  cached  prompt tokens   expected"
                                + "  worst case  cached value\n"
                                + "openai/gpt-4o-mini         7       4            700"
                                + "  $0.001234   $0.012345     $0.000456\n")
                .contains(
                        "WARNING unknown model openai/sim-mystery (2 requests) priced at $0 — add"
                                + " a price to pricing.models\n")
                .contains(
                        "problems (1 unroutable, 0 invalid):\n"
                                + "  line 3: The model 'mistral-large' is not served by this"
                                + " gateway.\n")
                .doesNotContain("PASS")
                .doesNotContain("FAIL");
    }

    @Test
    void theExpectedCostCheckIsExactToTheMicroDollar() {
        SuiteEstimate e = estimate();

        List<Check> within = e.evaluate(new BigDecimal("0.001234"));
        List<Check> over = e.evaluate(new BigDecimal("0.001233"));

        assertThat(within).singleElement().satisfies(c -> assertThat(c.passed()).isTrue());
        assertThat(over)
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.name()).isEqualTo("expected-cost");
                            assertThat(c.passed()).isFalse();
                            assertThat(c.message())
                                    .isEqualTo(
                                            "expected cost $0.001234 of 5 requests to call is over"
                                                    + " the budget of $0.001233 by $0.000001");
                        });
        assertThat(e.evaluate(null)).isEmpty();
        assertThat(e.render(ReportFormat.TEXT, over))
                .endsWith(
                        "\nFAIL expected-cost: expected cost $0.001234 of 5 requests to call is"
                                + " over the budget of $0.001233 by $0.000001\n");
        assertThat(e.verdict(over))
                .isEqualTo(
                        "evalgate estimate: 10 requests, 5 to call, expected $0.001234; 1 of 1"
                                + " checks failed: expected-cost");
    }

    @Test
    void aMissingExpectedCostFailsTheCheckAndShowsNa() {
        SuiteEstimate e =
                estimate(
                        n -> {
                            n.remove("expected_micros");
                            n.remove("expected_usd");
                            n.remove("cached");
                        });

        assertThat(e.evaluate(BigDecimal.TEN))
                .singleElement()
                .satisfies(c -> assertThat(c.passed()).isFalse());
        assertThat(e.render(ReportFormat.TEXT, List.of()))
                .contains("requests 10  cached n/a (n/a)")
                .contains("expected n/a  worst case $0.012345");
    }

    @Test
    void moneyFallsBackToTheDecimalStrings() {
        SuiteEstimate e = estimate(n -> n.remove("expected_micros"));

        assertThat(e.render(ReportFormat.TEXT, List.of())).contains("expected $0.001234");
    }

    @Test
    void saysHowManyProblemsWereListedWhenTheGatewayCutTheList() {
        SuiteEstimate e = estimate(n -> n.put("invalid", 30));

        assertThat(e.render(ReportFormat.TEXT, List.of()))
                .contains("problems (1 unroutable, 30 invalid; first 1 listed):");
    }

    @Test
    void markdownHasTheFiguresAndModelTablesEscaped() {
        SuiteEstimate e =
                estimate(
                        n ->
                                ((ObjectNode) n.path("problems").get(0))
                                        .put("message", "model `a|b` <script>"));

        String md = e.render(ReportFormat.MARKDOWN, e.evaluate(BigDecimal.ONE));

        assertThat(md)
                .startsWith("### evalgate estimate: `chat/completions`\n\n")
                .contains(
                        "| 10 | 4 (40.0%) | 5 | 0 | 1 | 0 | \\$0.001234 | \\$0.012345 |"
                                + " \\$0.000456 | record | 2026-11-01 |\n")
                .contains(
                        "| `openai/gpt-4o-mini` | 7 | 4 | 700 | \\$0.001234 | \\$0.012345 |"
                                + " \\$0.000456 |\n")
                .contains("> - `openai/sim-mystery` (2 requests)\n")
                .contains("- line 3: model \\`a\\|b\\` \\<script\\>\n")
                .contains("| `expected-cost` | ✅ passed |");
    }

    @Test
    void jsonIsTheGatewaysAnswerPlusTheChecks() throws IOException {
        SuiteEstimate e = estimate();

        JsonNode json =
                JSON.readTree(e.render(ReportFormat.JSON, e.evaluate(new BigDecimal("0.001"))));

        assertThat(json.path("expected_micros").asLong()).isEqualTo(1234);
        assertThat(json.path("by_model").size()).isEqualTo(2);
        assertThat(json.path("checks").get(0).path("name").asText()).isEqualTo("expected-cost");
        assertThat(json.path("checks").get(0).path("passed").asBoolean()).isFalse();
    }

    @Test
    void thereIsNoJunitRendering() {
        assertThatThrownBy(() -> estimate().render(ReportFormat.JUNIT, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
