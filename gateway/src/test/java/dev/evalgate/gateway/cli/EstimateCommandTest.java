package dev.evalgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstimateCommandTest {

    private static final String KEY = "eg-secret-key-123";
    private static final String SUITE =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}\n";

    private FakeGateway gateway;
    private String url;
    private volatile int status = 200;
    private volatile String answer;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Console console = new Console();
    @TempDir Path dir;
    private Path suite;

    @BeforeEach
    void startGateway() throws IOException {
        answer = FakeGateway.resource("/report/estimate.json");
        suite = dir.resolve("suite.jsonl");
        Files.writeString(suite, SUITE);
        gateway = FakeGateway.start("/admin/estimate", this::answerEstimate);
        url = gateway.url();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    /** Notes what was sent and answers {@link #status} and {@link #answer}. */
    private void answerEstimate(HttpExchange exchange) throws IOException {
        seen.put("method", exchange.getRequestMethod());
        seen.put("query", String.valueOf(exchange.getRequestURI().getRawQuery()));
        for (String h :
                new String[] {
                    "Authorization",
                    "Content-Type",
                    "X-Eval-Pipeline",
                    "X-Eval-Check",
                    "X-Eval-Cache-Namespace"
                }) {
            String v = exchange.getRequestHeaders().getFirst(h);
            seen.put(h.toLowerCase(java.util.Locale.ROOT), v == null ? "" : v);
        }
        try (InputStream in = exchange.getRequestBody()) {
            seen.put("body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        FakeGateway.answer(exchange, status, answer);
    }

    private int estimate(String... args) {
        return console.execute(new EstimateCommand(env), args);
    }

    @Test
    void postsTheSuiteAndPrintsTheTextEstimate() {
        assertThat(estimate("--suite", suite.toString(), "--url", url)).isZero();

        assertThat(seen.get("method")).isEqualTo("POST");
        assertThat(seen.get("query")).isEqualTo("endpoint=chat/completions&output_tokens=256");
        assertThat(seen.get("body")).isEqualTo(SUITE);
        assertThat(seen.get("content-type")).isEqualTo("application/x-ndjson");
        assertThat(seen.get("authorization")).isEmpty();
        assertThat(seen.get("x-eval-pipeline")).isEmpty();
        assertThat(console.out())
                .startsWith("evalgate estimate  endpoint chat/completions  cache record")
                .contains("requests 10  cached 4 (40.0%)  to call 5")
                .contains("expected $0.001234  worst case $0.012345  cached value $0.000456")
                .contains("WARNING unknown model openai/sim-mystery");
        assertThat(console.err()).isEmpty();
    }

    @Test
    void sendsTheSuitesHeadersEndpointAndOutputTokens() throws IOException {
        Path array = dir.resolve("suite.json");
        Files.writeString(array, "\n [" + SUITE.strip() + "]");
        env.put("EVALGATE_URL", url + "/");
        env.put("EVALGATE_API_KEY", KEY);

        assertThat(
                        estimate(
                                "--suite",
                                array.toString(),
                                "--endpoint",
                                "messages",
                                "--output-tokens",
                                "64",
                                "--pipeline",
                                "nightly/evals",
                                "--check",
                                "semantic",
                                "--cache-namespace",
                                "pr-42"))
                .isZero();

        assertThat(seen.get("query")).isEqualTo("endpoint=messages&output_tokens=64");
        assertThat(seen.get("content-type")).isEqualTo("application/json");
        assertThat(seen.get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(seen.get("x-eval-pipeline")).isEqualTo("nightly/evals");
        assertThat(seen.get("x-eval-check")).isEqualTo("semantic");
        assertThat(seen.get("x-eval-cache-namespace")).isEqualTo("pr-42");
        assertThat(console.out() + console.err()).doesNotContain(KEY);
    }

    @Test
    void exitsOneOnlyWhenTheExpectedCostIsAboveTheLimit() {
        assertThat(
                        estimate(
                                "--suite",
                                suite.toString(),
                                "--url",
                                url,
                                "--fail-over-usd",
                                "0.001234"))
                .isZero();
        assertThat(console.out()).contains("PASS expected-cost");
        assertThat(
                        estimate(
                                "--suite",
                                suite.toString(),
                                "--url",
                                url,
                                "--fail-over-usd",
                                "0.001233"))
                .isEqualTo(1);
        assertThat(console.out())
                .contains("FAIL expected-cost: expected cost $0.001234 of 5 requests to call");
    }

    @Test
    void writesJsonToAFileAndTheVerdictToStderr() throws Exception {
        Path file = dir.resolve("estimate.json");

        assertThat(
                        estimate(
                                "--suite",
                                suite.toString(),
                                "--url",
                                url,
                                "--format",
                                "json",
                                "-o",
                                file.toString(),
                                "--fail-over-usd",
                                "0.001"))
                .isEqualTo(1);

        assertThat(console.out()).isEmpty();
        assertThat(
                        new ObjectMapper()
                                .readTree(file.toFile())
                                .path("checks")
                                .get(0)
                                .path("passed")
                                .asBoolean())
                .isFalse();
        assertThat(console.err())
                .isEqualTo(
                        "evalgate estimate: 10 requests, 5 to call, expected $0.001234; 1 of 1"
                                + " checks failed: expected-cost"
                                + System.lineSeparator());
    }

    @Test
    void exitsTwoOnUsageErrorsWithoutCallingTheGateway() {
        String s = suite.toString();
        String[][] bad = {
            {"--url", url},
            {"--suite", dir.resolve("missing.jsonl").toString(), "--url", url},
            {"--suite", s, "--url", url, "--endpoint", "models"},
            {"--suite", s, "--url", url, "--endpoint", "/chat/completions"},
            {"--suite", s, "--url", url, "--output-tokens", "-1"},
            {"--suite", s, "--url", url, "--output-tokens", "many"},
            {"--suite", s, "--url", url, "--pipeline", "bad pipeline"},
            {"--suite", s, "--url", url, "--check", ""},
            {"--suite", s, "--url", url, "--cache-namespace", "a/b"},
            {"--suite", s, "--url", url, "--format", "junit"},
            {"--suite", s, "--url", url, "--fail-over-usd", "five"},
            {"--suite", s, "--url", url, "--fail-over-usd", "-1"},
            {"--suite", s, "--url", "ftp://127.0.0.1/"},
            {"--suite", s, "--url", url, "--api-key", "two words"},
        };
        for (String[] args : bad) {
            assertThat(estimate(args)).as(String.join(" ", args)).isEqualTo(2);
        }
        assertThat(seen).doesNotContainKey("method");
        assertThat(console.err())
                .contains("--suite is required")
                .contains("--suite: cannot read")
                .contains("--endpoint: 'models' (expected: chat/completions, completions,")
                .contains("--pipeline: 'bad pipeline' (expected: 1..128 characters of")
                .contains("--format: 'junit' (expected: text, json or markdown)")
                .doesNotContain("two words");
    }

    @Test
    void exitsThreeWithTheGatewaysMessage() {
        status = 400;
        answer =
                "{\"error\":{\"message\":\"The suite holds no request.\",\"type\":"
                        + "\"invalid_request_error\",\"code\":\"invalid_value\"}}";

        assertThat(estimate("--suite", suite.toString(), "--url", url)).isEqualTo(3);
        assertThat(console.err())
                .contains(
                        "evalgate estimate: the gateway answered 400: The suite holds no request.");
        assertThat(console.out()).isEmpty();
    }

    @Test
    void exitsThreeWhenTheGatewayIsUnreachable() throws IOException {
        int port = FakeGateway.closedPort();
        assertThat(estimate("--suite", suite.toString(), "--url", "http://127.0.0.1:" + port))
                .isEqualTo(3);
        assertThat(console.err()).contains("cannot reach the gateway at http://127.0.0.1:" + port);
    }
}
