package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package) scrapes a gateway that served misses and hits, an upstream
 * error, a retried request on a shadowed route, through a provider with a concurrency limit; every
 * PromQL expression of every dashboard in deploy/grafana/dashboards is then evaluated through its
 * query API.
 */
class DashboardsIT {

    /**
     * The default providers with a concurrency limit on {@code sim}, the in-memory cache, and a
     * {@code format} route to the proxy tier, tried twice, shadowed to the frontier tier.
     */
    static final String YAML =
            MetricsIT.CACHED_YAML.replace(
                            "models: [gpt-4o-mini, sim-*, gpt-*, text-embedding-*]",
                            "models: [gpt-4o-mini, sim-*, gpt-*, text-embedding-*]\n"
                                    + "    max_concurrency: 8")
                    + """
                    tiers:
                      proxy: {provider: sim, model: sim-llama-3-8b}
                      frontier: {provider: sim, model: gpt-4o}
                    routes:
                      - name: format
                        match: {check: format}
                        target: {tier: proxy}
                        attempts: 2
                        shadow: {tier: frontier, rate: 1.0}
                      - name: paraphrase
                        match: {check: paraphrase}
                        target: {provider: sim, model: gpt-4o-mini}
                        cache: {semantic: {threshold: 0.9}}
                    """;

    /** Grafana variables and what they become in a plain Prometheus query. */
    private static final Map<String, String> VARIABLES =
            Map.of(
                    "$__rate_interval", "1m",
                    "$__range", "5m",
                    "$__interval", "15s",
                    "$endpoint", ".*",
                    "$pipeline", ".*",
                    "$provider", ".*");

    /**
     * Expressions whose series exist only after a Redis failure, a failed write or concurrent
     * identical requests, none of which this traffic produces: they must parse, not return data.
     */
    private static final List<String> NEEDS_FAULTS =
            List.of("evalgate_cache_fail_open_total", "result=\"error\"", "cache=\"coalesced\"");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HITS = "sum(evalgate_requests_total{cache=\"hit\"})";
    private static final String ERRORS = "sum(evalgate_requests_total{status_class=\"5xx\"})";
    private static final String COMPARED = "sum(evalgate_shadow_comparisons_total)";

    @TempDir static Path tmp;

    private static GatewayStack stack;
    private static Process prometheus;
    private static String prometheusUrl;

    @BeforeAll
    static void startGatewayAndPrometheus() throws IOException {
        assumeTrue(
                Tool.onPath("prometheus"),
                "prometheus is not installed: apt-get install -y prometheus; .ci/run installs it");
        assertThat(YAML).contains("max_concurrency: 8");
        stack = GatewayStack.start(YAML);
        MetricsIT.sendTraffic(stack.gatewayUrl(), 3, 2);
        // A format check whose first attempt fails: retried, answered by the proxy tier, then
        // shadowed to the frontier tier and compared.
        HttpResponse<String> format =
                Http.post(
                        stack.gatewayUrl() + "/v1/chat/completions",
                        Http.chatBody("gpt-4o-mini", false),
                        "X-Eval-Check",
                        "format",
                        "X-Sim-Fault",
                        "503",
                        "X-Sim-Fault-Times",
                        "1");
        assertThat(format.statusCode()).as(format.body()).isEqualTo(200);
        assertThat(format.headers().firstValue("x-eval-route")).hasValue("format");
        semanticHit(stack.gatewayUrl());

        int port = freePort();
        prometheusUrl = "http://127.0.0.1:" + port;
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(
                config,
                """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: evalgate
                    static_configs:
                      - targets: ["%s"]
                """
                        .formatted(stack.gatewayUrl().substring("http://".length())));
        prometheus =
                new ProcessBuilder(
                                "prometheus",
                                "--config.file=" + config,
                                "--storage.tsdb.path=" + tmp.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("prometheus.log").toFile())
                        .start();
        // Scraped once, then more hits, then scraped again: rate() has an increase to show.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(
                        () -> {
                            assertThat(value(HITS)).isEqualTo(6.0);
                            assertThat(value(COMPARED)).isEqualTo(1.0);
                        });
        MetricsIT.send(stack.gatewayUrl(), 3, "HIT");
        // One upstream error, so the 5xx panels have a series too.
        HttpResponse<String> failed =
                Http.post(
                        stack.gatewayUrl() + "/v1/chat/completions",
                        Http.chatBody("gpt-4o-mini", false),
                        "X-Sim-Fault",
                        "500");
        assertThat(failed.statusCode()).isEqualTo(500);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            assertThat(value(HITS)).isEqualTo(9.0);
                            assertThat(value(ERRORS)).isEqualTo(1.0);
                            // a new series needs two samples before rate() sees it
                            assertThat(
                                            value(
                                                    "sum(count_over_time(evalgate_requests_total"
                                                            + "{status_class=\"5xx\"}[1m]))"))
                                    .isGreaterThanOrEqualTo(2);
                        });
    }

    /** A recorded request, then a paraphrase of it answered by the semantic tier. */
    private static void semanticHit(String base) {
        String recorded =
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"Please summarise the customer review in three sentences.\"}]}";
        Http.post(base + "/v1/chat/completions", recorded, "X-Eval-Check", "paraphrase");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                Metrics.value(
                                                        Http.get(base + "/metrics").body(),
                                                        "evalgate_cache_semantic_entries"))
                                        .isEqualTo(1.0));
        HttpResponse<String> paraphrase =
                Http.post(
                        base + "/v1/chat/completions",
                        recorded.replace(
                                "Please summarise the customer review in three sentences.",
                                "Summarize the customer review in 3 sentences."),
                        "X-Eval-Check",
                        "paraphrase");
        assertThat(paraphrase.headers().firstValue("x-eval-cache")).hasValue("SEMANTIC-HIT");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void prometheusSeesTheHitRate() {
        JsonNode rate = query("sum(rate(evalgate_requests_total{cache=\"hit\"}[1m]))");

        assertThat(rate.path("data").path("result").get(0).path("value").get(1).asDouble())
                .isPositive();
    }

    @Test
    void everyDashboardExpressionParsesAndReturnsDataWhereTrafficMadeSome() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Path dashboard : dashboards()) {
            for (String expr : expressions(JSON.readTree(dashboard.toFile()))) {
                String promql = fill(expr);
                String where = dashboard.getFileName() + ": " + expr;
                assertThat(promql).as(where).doesNotContain("$");

                JsonNode answer = query(promql);

                assertThat(answer.path("status").asText())
                        .as(where + "\n" + answer)
                        .isEqualTo("success");
                if (NEEDS_FAULTS.stream().noneMatch(expr::contains)) {
                    assertThat(answer.path("data").path("result")).as(where).isNotEmpty();
                }
                checked.add(dashboard.getFileName() + ": " + expr);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(70);
    }

    @Test
    void templateVariableQueriesFindTheirLabel() throws IOException {
        Pattern labelValues = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");
        for (Path dashboard : dashboards()) {
            for (JsonNode variable :
                    JSON.readTree(dashboard.toFile()).path("templating").path("list")) {
                Matcher m = labelValues.matcher(variable.path("definition").asText());
                assertThat(m.matches()).as(variable.toString()).isTrue();

                JsonNode series = query(m.group(1)).path("data").path("result");

                assertThat(series).as(m.group()).isNotEmpty();
                assertThat(series)
                        .allSatisfy(s -> assertThat(s.path("metric").has(m.group(2))).isTrue());
            }
        }
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(Repo.file("deploy/grafana/dashboards"))) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(all)
                    .extracting(f -> f.getFileName().toString())
                    .contains("overview.json", "cache.json", "evalgate-cost.json", "upstream.json");
            return all;
        }
    }

    /** Every {@code expr} of every panel target, rows and nested panels included. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        collect(dashboard.path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<String> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(target.get("expr").asText());
                }
            }
            collect(panel.path("panels"), out);
        }
    }

    private static String fill(String expr) {
        String out = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        return out;
    }

    /** The single value {@code promql} returns. */
    private static double value(String promql) {
        JsonNode result = query(promql).path("data").path("result");
        assertThat(result).as(promql).hasSize(1);
        return result.get(0).path("value").get(1).asDouble();
    }

    private static JsonNode query(String promql) {
        HttpResponse<String> r =
                Http.get(
                        prometheusUrl
                                + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return Http.json(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
