package dev.evalgate.gateway.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EstimateTotalsTest {

    private static final String MINI = "openai/gpt-4o-mini";

    @Test
    void countsEachKindOfRequestAndSumsTheMoney() {
        EstimateTotals t = new EstimateTotals();
        t.toCall(MINI, false, new CallEstimate(1000, 256, 304, 2608));
        t.toCall(MINI, false, new CallEstimate(1000, 100, 210, 210));
        t.cached(MINI, false, 500, 123);
        t.duplicate(MINI, false, 1000);
        t.unroutable(7, "The model 'x' is not served by this gateway.");
        t.invalid(9, "The request has no 'model'.");

        ObjectNode n = t.toJson("chat/completions", 256, "record", "2026-11-01");

        assertThat(n.path("requests").asLong()).isEqualTo(6);
        assertThat(n.path("cached").asLong()).isEqualTo(1);
        assertThat(n.path("to_call").asLong()).isEqualTo(2);
        assertThat(n.path("duplicates").asLong()).isEqualTo(1);
        assertThat(n.path("unroutable").asLong()).isEqualTo(1);
        assertThat(n.path("invalid").asLong()).isEqualTo(1);
        assertThat(n.path("expected_micros").asLong()).isEqualTo(514);
        assertThat(n.path("expected_usd").asText()).isEqualTo("0.000514");
        assertThat(n.path("worst_case_micros").asLong()).isEqualTo(2818);
        assertThat(n.path("worst_case_usd").asText()).isEqualTo("0.002818");
        assertThat(n.path("cached_value_micros").asLong()).isEqualTo(123);
        assertThat(n.path("cached_value_usd").asText()).isEqualTo("0.000123");
        assertThat(n.path("catalog_version").asText()).isEqualTo("2026-11-01");
        assertThat(n.path("endpoint").asText()).isEqualTo("chat/completions");
        assertThat(n.path("output_tokens").asLong()).isEqualTo(256);
        assertThat(n.path("cache_mode").asText()).isEqualTo("record");

        JsonNode mini = n.path("by_model").path(MINI);
        assertThat(mini.path("requests").asLong()).isEqualTo(4);
        assertThat(mini.path("cached").asLong()).isEqualTo(1);
        assertThat(mini.path("prompt_tokens").asLong()).isEqualTo(3500);
        assertThat(mini.path("expected_micros").asLong()).isEqualTo(514);
        assertThat(mini.path("worst_case_usd").asText()).isEqualTo("0.002818");
        assertThat(mini.path("cached_value_micros").asLong()).isEqualTo(123);

        assertThat(n.path("problems")).hasSize(2);
        assertThat(n.path("problems").get(0).path("line").asInt()).isEqualTo(7);
        assertThat(n.path("problems").get(1).path("message").asText())
                .isEqualTo("The request has no 'model'.");
        assertThat(n.path("unknown_models").size()).isZero();
    }

    @Test
    void listsModelsInOrderAndCountsUnknownOnes() {
        EstimateTotals t = new EstimateTotals();
        t.toCall("openai/sim-mystery", true, new CallEstimate(10, 256, 0, 0));
        t.cached("openai/sim-mystery", true, 10, 0);
        t.toCall("anthropic/claude-haiku-4-5", false, new CallEstimate(10, 64, 330, 332));

        ObjectNode n = t.toJson("chat/completions", 256, "record", "v");

        assertThat(n.path("by_model").fieldNames())
                .toIterable()
                .containsExactly("anthropic/claude-haiku-4-5", "openai/sim-mystery");
        assertThat(n.path("unknown_models").path("openai/sim-mystery").asLong()).isEqualTo(2);
        assertThat(n.path("unknown_models").size()).isEqualTo(1);
    }

    @Test
    void listsTheFirstTwentyProblemsAndCountsThemAll() {
        EstimateTotals t = new EstimateTotals();
        for (int line = 1; line <= 25; line++) {
            t.invalid(line, "bad " + line);
        }

        ObjectNode n = t.toJson("chat/completions", 256, "record", "v");

        assertThat(n.path("invalid").asLong()).isEqualTo(25);
        assertThat(n.path("requests").asLong()).isEqualTo(25);
        assertThat(n.path("problems")).hasSize(EstimateTotals.MAX_PROBLEMS);
        assertThat(n.path("problems").get(19).path("line").asInt()).isEqualTo(20);
    }

    @Test
    void sumsSaturateRatherThanWrap() {
        EstimateTotals t = new EstimateTotals();
        t.toCall(MINI, false, new CallEstimate(1, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE - 1));
        t.toCall(MINI, false, new CallEstimate(1, 1, 5, 5));

        ObjectNode n = t.toJson("chat/completions", 256, "record", "v");

        assertThat(n.path("expected_micros").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(n.path("worst_case_micros").asLong()).isEqualTo(Long.MAX_VALUE);
    }
}
