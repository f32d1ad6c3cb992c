package dev.evalgate.it;

import static dev.evalgate.it.RunReports.awaitCalls;
import static dev.evalgate.it.RunReports.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.catalog.PriceCatalog;
import dev.evalgate.pricing.usage.TokenEstimator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, pre-flight estimate: a suite priced before it runs against a real gateway and simulator
 * — nothing cached at first, then the requests already run are found in the cache under the keys
 * the real calls used and valued at what they cost; the CLI gates on the rest.
 */
class EstimateIT {

    private static final PriceCatalog CATALOG = PriceCatalog.loadDefault();
    private static final ModelPrice MINI =
            CATALOG.resolve("openai", "gpt-4o-mini").orElseThrow().price();
    private static final TokenEstimator TOKENS = new TokenEstimator();
    private static final String CACHED = GatewayStack.withCache("{enabled: true}");

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    /** Ten chat requests; every third sets a max_tokens below the default expected output. */
    private List<String> suite() {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(
                    "{\"model\":\"gpt-4o-mini\","
                            + (i % 3 == 0 ? "\"max_tokens\":32," : "")
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Grade answer "
                            + i
                            + " of run "
                            + tag
                            + " for correctness.\"}]}");
        }
        return bodies;
    }

    @Test
    void estimatesTheSuiteThenFindsWhatARunCachedAtWhatItCost(@TempDir Path dir) throws Exception {
        try (GatewayStack stack = GatewayStack.start(CACHED)) {
            List<String> suite = suite();
            String jsonl = String.join("\n", suite) + "\n";

            JsonNode before = estimate(stack, jsonl, "");
            assertThat(before.path("requests").asLong()).isEqualTo(10);
            assertThat(before.path("cached").asLong()).isZero();
            assertThat(before.path("to_call").asLong()).isEqualTo(10);
            assertThat(before.path("unroutable").asLong()).isZero();
            assertThat(before.path("invalid").asLong()).isZero();
            assertThat(before.path("expected_micros").asLong())
                    .isPositive()
                    .isEqualTo(expected(suite));
            assertThat(before.path("expected_usd").asText())
                    .isEqualTo(usd(before.path("expected_micros").asLong()));
            assertThat(before.path("worst_case_micros").asLong())
                    .isGreaterThanOrEqualTo(before.path("expected_micros").asLong());
            assertThat(before.path("cached_value_micros").asLong()).isZero();
            assertThat(before.path("catalog_version").asText()).startsWith(CATALOG.version());
            JsonNode mini = before.path("by_model").path("openai/gpt-4o-mini");
            assertThat(mini.path("requests").asLong()).isEqualTo(10);
            assertThat(mini.path("prompt_tokens").asLong()).isEqualTo(promptTokens(suite));
            assertThat(before.path("unknown_models").size()).isZero();
            assertThat(before.path("problems").size()).isZero();

            // Run four of them for real.
            String run = "estimate-" + tag;
            for (String body : suite.subList(0, 4)) {
                HttpResponse<String> r =
                        Http.post(
                                stack.gatewayUrl() + "/run/" + run + "/v1/chat/completions", body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            long cost = awaitCalls(stack.gatewayUrl(), run, 4).path("cost_micros").asLong();
            assertThat(cost).isPositive();

            JsonNode[] after = new JsonNode[1];
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> {
                                after[0] = estimate(stack, jsonl, "");
                                assertThat(after[0].path("cached").asLong()).isEqualTo(4);
                            });
            assertThat(after[0].path("to_call").asLong()).isEqualTo(6);
            assertThat(after[0].path("cached_value_micros").asLong()).isEqualTo(cost);
            assertThat(after[0].path("cached_value_usd").asText()).isEqualTo(usd(cost));
            assertThat(after[0].path("expected_micros").asLong())
                    .isEqualTo(expected(suite.subList(4, 10)));
            assertThat(after[0].path("by_model").path("openai/gpt-4o-mini").path("cached").asLong())
                    .isEqualTo(4);

            // The CLI against the same gateway: the rest costs more than a micro-dollar.
            Path file = dir.resolve("suite.jsonl");
            Files.writeString(file, jsonl);
            String url = stack.gatewayUrl();
            Cli.Result tripped =
                    Cli.run(
                            "estimate",
                            "--suite",
                            file.toString(),
                            "--url",
                            url,
                            "--fail-over-usd",
                            "0.000001");
            assertThat(tripped.exitCode()).as(tripped.err()).isEqualTo(1);
            assertThat(tripped.out())
                    .contains("requests 10  cached 4 (40.0%)  to call 6")
                    .contains("cached value " + "$" + usd(cost))
                    .contains("FAIL expected-cost: expected cost $")
                    .contains("of 6 requests to call is over the budget of $0.000001");

            Cli.Result passed =
                    Cli.run(
                            "estimate",
                            "--suite",
                            file.toString(),
                            "--url",
                            url,
                            "--format",
                            "json",
                            "--fail-over-usd",
                            "5");
            assertThat(passed.exitCode()).as(passed.err()).isZero();
            JsonNode json = Http.json(passed.out());
            assertThat(json.path("to_call").asLong()).isEqualTo(6);
            assertThat(json.path("checks").get(0).path("passed").asBoolean()).isTrue();
            assertThat(passed.err()).startsWith("evalgate estimate: 10 requests, 6 to call");
        }
    }

    @Test
    void reportsWhatItCannotEstimateAndCountsRepeatsOnce() {
        try (GatewayStack stack = GatewayStack.start(CACHED)) {
            String first = suite().get(1);
            String array =
                    "[\n"
                            + first
                            + ",\n{\"model\":\"mistral-large\",\"messages\":[]},\n"
                            + "{\"messages\":[]},\n42,\n"
                            + Http.chatBody("sim-mystery-1", false)
                            + ",\n"
                            + first
                            + "\n]";

            JsonNode e = estimate(stack, array, "");

            assertThat(e.path("requests").asLong()).isEqualTo(6);
            assertThat(e.path("to_call").asLong()).isEqualTo(2);
            assertThat(e.path("duplicates").asLong()).isEqualTo(1);
            assertThat(e.path("unroutable").asLong()).isEqualTo(1);
            assertThat(e.path("invalid").asLong()).isEqualTo(2);
            assertThat(e.path("expected_micros").asLong()).isEqualTo(expected(List.of(first)));
            assertThat(e.path("unknown_models").path("openai/sim-mystery-1").asLong()).isEqualTo(1);
            JsonNode problems = e.path("problems");
            assertThat(problems).hasSize(3);
            assertThat(problems.get(0).path("line").asInt()).isEqualTo(2);
            assertThat(problems.get(0).path("message").asText())
                    .contains("'mistral-large' is not served by this gateway");
            assertThat(problems.get(1).path("line").asInt()).isEqualTo(3);
            assertThat(problems.get(1).path("message").asText()).contains("no 'model'");
            assertThat(problems.get(2).path("line").asInt()).isEqualTo(4);

            HttpResponse<String> get = Http.get(stack.gatewayUrl() + "/admin/estimate");
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("allow")).contains("POST");
            HttpResponse<String> badEndpoint =
                    Http.post(stack.gatewayUrl() + "/admin/estimate?endpoint=models", first);
            assertThat(badEndpoint.statusCode()).isEqualTo(400);
            HttpResponse<String> empty = Http.post(stack.gatewayUrl() + "/admin/estimate", "\n");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(Http.json(empty.body()).path("error").path("message").asText())
                    .contains("holds no request");
        }
    }

    @Test
    void keysEachRequestAsItsRealCallWithHeadersAndAliases() {
        try (GatewayStack stack = GatewayStack.start(CACHED)) {
            String run = "keys-" + tag;
            String messages =
                    Http.messagesBody("claude-haiku-4-5").replace("Hi.", "Judge " + tag + ".");
            String[] headers = {"anthropic-version", "2023-06-01", "X-Eval-Cache-Namespace", "ns1"};
            HttpResponse<String> real =
                    Http.post(
                            stack.gatewayUrl() + "/run/" + run + "/v1/messages", messages, headers);
            assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
            String alias = Http.chatBody("eval/format", false).replace("Hello", "Format " + tag);
            assertThat(
                            Http.post(
                                            stack.gatewayUrl()
                                                    + "/run/"
                                                    + run
                                                    + "/v1/chat/completions",
                                            alias)
                                    .statusCode())
                    .isEqualTo(200);
            long cost = awaitCalls(stack.gatewayUrl(), run, 2).path("cost_micros").asLong();

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> {
                                JsonNode same =
                                        estimate(stack, messages, "?endpoint=messages", headers);
                                assertThat(same.path("cached").asLong()).isEqualTo(1);
                                JsonNode aliased = estimate(stack, alias, "");
                                assertThat(aliased.path("cached").asLong()).isEqualTo(1);
                                assertThat(
                                                same.path("cached_value_micros").asLong()
                                                        + aliased.path("cached_value_micros")
                                                                .asLong())
                                        .isEqualTo(cost);
                            });
            assertThat(
                            estimate(
                                            stack,
                                            messages,
                                            "?endpoint=messages",
                                            "anthropic-version",
                                            "2023-06-01")
                                    .path("cached")
                                    .asLong())
                    .as("another namespace")
                    .isZero();
            assertThat(
                            estimate(
                                            stack,
                                            messages,
                                            "?endpoint=messages",
                                            "anthropic-version",
                                            "2024-01-01",
                                            "X-Eval-Cache-Namespace",
                                            "ns1")
                                    .path("cached")
                                    .asLong())
                    .as("another API version")
                    .isZero();
            JsonNode off =
                    estimate(
                            stack,
                            messages,
                            "?endpoint=messages&output_tokens=10",
                            "X-Eval-Cache-Mode",
                            "off",
                            "anthropic-version",
                            "2023-06-01",
                            "X-Eval-Cache-Namespace",
                            "ns1");
            assertThat(off.path("cached").asLong()).as("cache off").isZero();
            assertThat(off.path("to_call").asLong()).isEqualTo(1);
            assertThat(off.path("cache_mode").asText()).isEqualTo("off");
        }
    }

    private static JsonNode estimate(
            GatewayStack stack, String suite, String query, String... headers) {
        HttpResponse<String> r =
                Http.post(stack.gatewayUrl() + "/admin/estimate" + query, suite, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r.body());
    }

    /** Each request's prompt (jtokkit) × 0.15 + min(max_tokens, 256) × 0.60, rounded per call. */
    private static long expected(List<String> bodies) {
        long total = 0;
        for (String body : bodies) {
            long prompt = TOKENS.countPrompt("gpt-4o-mini", body.getBytes(StandardCharsets.UTF_8));
            long output = body.contains("\"max_tokens\":32") ? 32 : 256;
            total +=
                    MINI.input()
                            .multiply(BigDecimal.valueOf(prompt))
                            .add(MINI.output().multiply(BigDecimal.valueOf(output)))
                            .setScale(0, RoundingMode.HALF_UP)
                            .longValueExact();
        }
        return total;
    }

    private static long promptTokens(List<String> bodies) {
        long total = 0;
        for (String body : bodies) {
            total += TOKENS.countPrompt("gpt-4o-mini", body.getBytes(StandardCharsets.UTF_8));
        }
        return total;
    }
}
