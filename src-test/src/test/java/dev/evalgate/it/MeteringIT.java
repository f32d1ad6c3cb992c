package dev.evalgate.it;

import static dev.evalgate.it.RunReports.awaitCalls;
import static dev.evalgate.it.RunReports.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.cache.redis.RedisFixture;
import dev.evalgate.gateway.cli.Main;
import dev.evalgate.gateway.server.GatewayServer;
import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.catalog.PriceCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 end to end: every call priced from the simulator's own usage at the catalog's prices,
 * recorded per run, saved on re-runs, shared exactly by two gateways on one Redis, bounded by
 * budgets, and banded against production spend.
 */
class MeteringIT {

    private static final PriceCatalog CATALOG = PriceCatalog.loadDefault();
    private static final String CACHED = GatewayStack.withCache("{enabled: true}");

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @TempDir Path dir;

    /** One call of the suite and what the simulator's usage says it costs. */
    private record Call(String path, String body, boolean stream, String provider, String model) {}

    private List<Call> suite() {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(
                    new Call(
                            "/chat/completions",
                            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                                    + "\"Is answer "
                                    + i
                                    + " of "
                                    + tag
                                    + " well-formed JSON?\"}]}",
                            false,
                            "openai",
                            "gpt-4o-mini"));
        }
        for (int i = 0; i < 2; i++) {
            calls.add(
                    new Call(
                            "/chat/completions",
                            "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":"
                                    + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                                    + "\"content\":\"Stream "
                                    + i
                                    + " for "
                                    + tag
                                    + "\"}]}",
                            true,
                            "openai",
                            "gpt-4o-mini"));
        }
        for (int i = 0; i < 2; i++) {
            calls.add(
                    new Call(
                            "/messages",
                            "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,\"messages\":"
                                    + "[{\"role\":\"user\",\"content\":\"Judge "
                                    + i
                                    + " of "
                                    + tag
                                    + "\"}]}",
                            false,
                            "anthropic",
                            "claude-haiku-4-5"));
        }
        calls.add(
                new Call(
                        "/embeddings",
                        "{\"model\":\"text-embedding-3-small\",\"input\":\"embed " + tag + "\"}",
                        false,
                        "openai",
                        "text-embedding-3-small"));
        return calls;
    }

    @Test
    void chargesARunWhatTheSimulatorsUsageCostsAndItsRerunNothing() {
        try (GatewayStack stack = GatewayStack.start(CACHED)) {
            String first = "first-" + tag;
            long expected = 0;
            long fromHeaders = 0;
            for (Call call : suite()) {
                HttpResponse<String> r = send(stack.gatewayUrl(), first, call);
                assertThat(r.statusCode()).as(call.body()).isEqualTo(200);
                long cost = expectedCost(call, r.body());
                expected += cost;
                if (!call.stream()) {
                    // A plain answer is held until complete, so its head carries its cost.
                    assertThat(r.headers().firstValue("x-eval-cost-usd"))
                            .as(call.body())
                            .contains(usd(cost));
                    fromHeaders += cost;
                }
            }
            assertThat(fromHeaders).isPositive();
            JsonNode report = awaitCalls(stack.gatewayUrl(), first, suite().size());
            assertThat(report.path("cost_micros").asLong()).isEqualTo(expected);
            assertThat(report.path("cost_usd").asText()).isEqualTo(usd(expected));
            assertThat(report.path("misses").asLong()).isEqualTo(suite().size());
            assertThat(report.path("saved_micros").asLong()).isZero();
            assertThat(report.path("estimated_calls").asLong()).isZero();
            assertThat(report.path("catalog_version").asText()).startsWith(CATALOG.version());
            assertThat(report.path("unknown_models").size()).isZero();
            assertThat(report.path("ratio").path("band").asText()).isEqualTo("critical");

            assertReportGates(stack.gatewayUrl(), first, expected);

            String second = "second-" + tag;
            for (Call call : suite()) {
                HttpResponse<String> r = send(stack.gatewayUrl(), second, call);
                assertThat(r.headers().firstValue("x-eval-cache")).contains("HIT");
                assertThat(r.headers().firstValue("x-eval-cost-usd")).contains("0.000000");
                assertThat(r.headers().firstValue("x-eval-saved-usd")).isPresent();
            }
            JsonNode rerun = awaitCalls(stack.gatewayUrl(), second, suite().size());
            assertThat(rerun.path("cost_micros").asLong()).isZero();
            assertThat(rerun.path("billed_tokens").asLong()).isZero();
            assertThat(rerun.path("hits").asLong()).isEqualTo(suite().size());
            assertThat(rerun.path("saved_micros").asLong()).isEqualTo(expected);
            assertThat(rerun.path("served_tokens").asLong())
                    .isEqualTo(report.path("served_tokens").asLong());
        }
    }

    /**
     * Issue 6, tracked cost must match the ledger: the dollars /metrics exposes for a fresh
     * gateway's calls are the run reports' micro-dollars, to the micro-dollar, for spend and for
     * what a cached re-run saved; and the scrape passes promtool.
     */
    @Test
    void metricsSpendAndSavingsMatchTheLedgerToTheMicroDollar() {
        try (GatewayStack stack = GatewayStack.start(CACHED)) {
            String first = "ledger-" + tag;
            for (Call call : suite()) {
                assertThat(send(stack.gatewayUrl(), first, call).statusCode())
                        .as(call.body())
                        .isEqualTo(200);
            }
            long cost =
                    awaitCalls(stack.gatewayUrl(), first, suite().size())
                            .path("cost_micros")
                            .asLong();
            assertThat(cost).isPositive();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> {
                                String text = scrape(stack);
                                assertThat(dollars(text, "evalgate_spend_usd_total"))
                                        .isEqualTo(usd(cost));
                                assertThat(dollars(text, "evalgate_saved_usd_total"))
                                        .isEqualTo(usd(0));
                            });

            String rerun = "ledger-rerun-" + tag;
            for (Call call : suite()) {
                assertThat(
                                send(stack.gatewayUrl(), rerun, call)
                                        .headers()
                                        .firstValue("x-eval-cache"))
                        .contains("HIT");
            }
            JsonNode report = awaitCalls(stack.gatewayUrl(), rerun, suite().size());
            long saved = report.path("saved_micros").asLong();
            assertThat(saved).isEqualTo(cost);
            assertThat(report.path("cost_micros").asLong()).isZero();
            String[] text = new String[1];
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> {
                                text[0] = scrape(stack);
                                assertThat(dollars(text[0], "evalgate_spend_usd_total"))
                                        .isEqualTo(usd(cost));
                                assertThat(dollars(text[0], "evalgate_saved_usd_total"))
                                        .isEqualTo(usd(saved));
                            });
            assumeTrue(
                    Tool.onPath("promtool"),
                    "promtool is not installed: apt-get install -y prometheus; .ci/run installs it");
            MetricsIT.assertPromtoolAccepts(text[0]);
        }
    }

    private static String scrape(GatewayStack stack) {
        HttpResponse<String> r = Http.get(stack.gatewayUrl() + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /**
     * The sum of every sample of the counter {@code name} in a scrape, read exactly (BigDecimal,
     * not double) and shown to six decimals as the ledger's dollars are.
     */
    private static String dollars(String scrape, String name) {
        BigDecimal sum =
                scrape.lines()
                        .filter(l -> l.startsWith(name + "{"))
                        .map(l -> new BigDecimal(l.substring(l.lastIndexOf(' ') + 1)))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.setScale(6, RoundingMode.HALF_UP).toPlainString();
    }

    @Test
    void flagsAModelTheCatalogDoesNotKnow() {
        try (GatewayStack stack = GatewayStack.start(GatewayStack.DEFAULT_YAML)) {
            String run = "unknown-" + tag;
            HttpResponse<String> r =
                    Http.post(
                            stack.gatewayUrl() + "/run/" + run + "/v1/chat/completions",
                            Http.chatBody("sim-mystery-1", false));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-eval-cost-usd")).contains("0.000000");
            JsonNode report = awaitCalls(stack.gatewayUrl(), run, 1);
            assertThat(report.path("unknown_models").path("openai/sim-mystery-1").asLong())
                    .isEqualTo(1);
            assertThat(Http.get(stack.gatewayUrl() + "/metrics").body())
                    .contains("evalgate_unknown_model_calls_total{provider=\"sim\"} 1.0");
        }
    }

    @Test
    void twoGatewaysOnOneRedisLoseNoIncrement() throws Exception {
        String redis = RedisFixture.shared();
        String yaml = GatewayStack.withCache("{enabled: false, redis: {url: \"" + redis + "\"}}");
        String run = "shared-" + tag;
        int perGateway = 60;
        try (GatewayStack a = GatewayStack.start(yaml)) {
            GatewayServer b = a.startGateway(yaml);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<Long>> costs = new ArrayList<>();
                for (int i = 0; i < perGateway * 2; i++) {
                    String url = i % 2 == 0 ? a.gatewayUrl() : "http://127.0.0.1:" + b.port();
                    String body = Http.chatBody("gpt-4o-mini", false).replace("Hello", "Hi " + i);
                    costs.add(
                            CompletableFuture.supplyAsync(
                                    () -> {
                                        HttpResponse<String> r =
                                                Http.post(
                                                        url
                                                                + "/run/"
                                                                + run
                                                                + "/v1/chat/completions",
                                                        body);
                                        assertThat(r.statusCode()).isEqualTo(200);
                                        return micros(r.headers().firstValue("x-eval-cost-usd"));
                                    },
                                    pool));
                }
                long total = 0;
                for (CompletableFuture<Long> c : costs) {
                    total += c.get();
                }
                assertThat(total).isPositive();
                JsonNode report = awaitCalls(a.gatewayUrl(), run, perGateway * 2);
                assertThat(report.path("cost_micros").asLong()).isEqualTo(total);
                JsonNode viaB =
                        Http.json(
                                Http.get("http://127.0.0.1:" + b.port() + "/admin/runs/" + run)
                                        .body());
                assertThat(viaB.path("cost_micros").asLong()).isEqualTo(total);
            } finally {
                pool.shutdownNow();
                b.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void rejectsTheCallThatWouldExceedTheRunsBudgetAndKeepsServingHits() {
        try (GatewayStack stack = GatewayStack.start(CACHED)) {
            String run = "budget-" + tag;
            String url = stack.gatewayUrl() + "/run/" + run + "/v1/chat/completions";
            String budget = "0.000400";
            List<String> sent = new ArrayList<>();
            HttpResponse<String> refused = null;
            for (int i = 0; i < 100 && refused == null; i++) {
                String body =
                        "{\"model\":\"gpt-4o-mini\",\"max_tokens\":64,\"messages\":[{\"role\":"
                                + "\"user\",\"content\":\"Budgeted prompt "
                                + i
                                + "\"}]}";
                HttpResponse<String> r = Http.post(url, body, "X-Eval-Budget-Usd", budget);
                if (r.statusCode() == 402) {
                    refused = r;
                } else {
                    assertThat(r.statusCode()).isEqualTo(200);
                    sent.add(body);
                }
            }
            assertThat(refused).as("a call past the budget is refused").isNotNull();
            assertThat(sent).isNotEmpty();
            JsonNode error = Http.json(refused.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
            assertThat(error.path("message").asText())
                    .contains("Run '" + run + "'")
                    .contains("$" + budget + " budget");
            JsonNode report = awaitCalls(stack.gatewayUrl(), run, sent.size());
            assertThat(report.path("cost_micros").asLong()).isLessThanOrEqualTo(400);
            long upstream = stack.simulator().stats().requests();

            // The run goes on with answers already cached: hits need no budget.
            HttpResponse<String> again = Http.post(url, sent.get(0), "X-Eval-Budget-Usd", budget);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().firstValue("x-eval-cache")).contains("HIT");
            assertThat(stack.simulator().stats().requests()).isEqualTo(upstream);
        }
    }

    @Test
    void concurrentCallsCannotOvershootARunsBudget() throws Exception {
        try (GatewayStack stack = GatewayStack.start(GatewayStack.DEFAULT_YAML)) {
            String run = "race-" + tag;
            String url = stack.gatewayUrl() + "/run/" + run + "/v1/chat/completions";
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<CompletableFuture<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    String body =
                            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":32,\"messages\":"
                                    + "[{\"role\":\"user\",\"content\":\"race "
                                    + i
                                    + "\"}]}";
                    statuses.add(
                            CompletableFuture.supplyAsync(
                                    () ->
                                            Http.post(url, body, "X-Eval-Budget-Usd", "0.000300")
                                                    .statusCode(),
                                    pool));
                }
                long ok = 0;
                for (CompletableFuture<Integer> s : statuses) {
                    int status = s.get();
                    assertThat(status).isIn(200, 402);
                    ok += status == 200 ? 1 : 0;
                }
                assertThat(ok).isBetween(1L, 63L);
                JsonNode report = awaitCalls(stack.gatewayUrl(), run, ok);
                assertThat(report.path("cost_micros").asLong()).isLessThanOrEqualTo(300);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void ratioBandsMoveAsProductionSpendIsReported() {
        try (GatewayStack stack = GatewayStack.start(GatewayStack.DEFAULT_YAML)) {
            String run = "ratio-" + tag;
            for (int i = 0; i < 5; i++) {
                Http.post(
                        stack.gatewayUrl() + "/run/" + run + "/v1/chat/completions",
                        Http.chatBody("gpt-4o", false).replace("Hello", "Hello " + i));
            }
            long eval = awaitCalls(stack.gatewayUrl(), run, 5).path("cost_micros").asLong();
            assertThat(eval).isPositive();
            assertThat(band(stack)).isEqualTo("critical");

            // Production nine times eval spend: eval is 10 % of the total.
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            HttpResponse<String> posted =
                    Http.post(
                            stack.gatewayUrl() + "/admin/spend/production",
                            "{\"from\":\""
                                    + today
                                    + "\",\"to\":\""
                                    + today
                                    + "\",\"usd\":\""
                                    + usd(eval * 9)
                                    + "\"}");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            assertThat(Http.json(posted.body()).path("ratio").path("band").asText())
                    .isEqualTo("elevated");
            assertThat(band(stack)).isEqualTo("elevated");

            // Through the gateway, tagged as production: 90 times more again, so 1 %.
            Http.post(
                    stack.gatewayUrl() + "/admin/spend/production",
                    "{\"month\":\"" + today.substring(0, 7) + "\",\"usd\":\"0\"}");
            Http.post(
                    stack.gatewayUrl() + "/admin/spend/production",
                    "{\"from\":\""
                            + today
                            + "\",\"to\":\""
                            + today
                            + "\",\"usd\":\""
                            + usd(eval * 90)
                            + "\"}");
            assertThat(band(stack)).isEqualTo("healthy");
            HttpResponse<String> bad =
                    Http.post(
                            stack.gatewayUrl() + "/admin/spend/production",
                            "{\"from\":\"2026-13-01\",\"to\":\"x\",\"usd\":1}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(Http.json(bad.body()).path("error").path("message").asText())
                    .contains("yyyy-mm-dd");
        }
    }

    /** The report CLI against the live gateway: the figures, and the gates' exit codes. */
    private void assertReportGates(String base, String run, long costMicros) {
        Path junit = dir.resolve("report.xml");
        int failing =
                Main.execute(
                        "report",
                        "--url",
                        base,
                        "--run",
                        run,
                        "--format",
                        "junit",
                        "--output",
                        junit.toString(),
                        "--fail-over-usd",
                        usd(costMicros - 1));
        assertThat(failing).isEqualTo(1);
        assertThat(read(junit)).contains("<failure").contains("cost-budget");
        Path text = dir.resolve("report.txt");
        int passing =
                Main.execute(
                        "report",
                        "--url",
                        base,
                        "--run",
                        run,
                        "--output",
                        text.toString(),
                        "--fail-over-usd",
                        usd(costMicros));
        assertThat(passing).isZero();
        assertThat(read(text)).contains(run).contains(usd(costMicros));
        assertThat(Main.execute("report", "--url", base, "--run", "no-such-run-" + tag))
                .isEqualTo(3);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void downgradesACallOverItsPipelinesRunBudgetToTheProxyTier() {
        String yaml =
                GatewayStack.DEFAULT_YAML
                        + """
                        tiers:
                          proxy: {provider: sim, model: sim-llama-3-8b}
                        budgets:
                          action: downgrade
                          downgrade_tier: proxy
                          pipelines:
                            nightly: {run_usd: 0.0002}
                        """;
        try (GatewayStack stack = GatewayStack.start(yaml)) {
            String run = "down-" + tag;
            HttpResponse<String> downgraded = null;
            for (int i = 0; i < 100 && downgraded == null; i++) {
                HttpResponse<String> r =
                        Http.post(
                                stack.gatewayUrl() + "/run/" + run + "/v1/chat/completions",
                                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":64,\"messages\":"
                                        + "[{\"role\":\"user\",\"content\":\"n"
                                        + i
                                        + "\"}]}",
                                "X-Eval-Pipeline",
                                "nightly");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                if (r.headers().firstValue("x-eval-budget").isPresent()) {
                    downgraded = r;
                }
            }
            assertThat(downgraded).as("a call past the budget is downgraded").isNotNull();
            assertThat(downgraded.headers().firstValue("x-eval-budget")).contains("downgraded");
            assertThat(downgraded.headers().firstValue("x-eval-upstream-model"))
                    .contains("sim-llama-3-8b");
            assertThat(Http.json(downgraded.body()).path("model").asText())
                    .isEqualTo("sim-llama-3-8b");
            assertThat(stack.simulator().stats().requestsFor("sim-llama-3-8b")).isEqualTo(1);
            assertThat(Http.get(stack.gatewayUrl() + "/metrics").body())
                    .contains(
                            "evalgate_budget_actions_total{action=\"downgrade\",scope=\"run\"}"
                                    + " 1.0");
        }
    }

    @Test
    void warnsButSendsACallOverItsBudgetWhenTheActionIsWarn() {
        String yaml = GatewayStack.DEFAULT_YAML + "budgets: {action: warn}\n";
        try (GatewayStack stack = GatewayStack.start(yaml)) {
            HttpResponse<String> r =
                    Http.post(
                            stack.gatewayUrl() + "/run/warn-" + tag + "/v1/chat/completions",
                            Http.chatBody("gpt-4o", false),
                            "X-Eval-Budget-Usd",
                            "0.000001");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-eval-budget")).contains("exceeded");
            HttpResponse<String> bad =
                    Http.post(
                            stack.gatewayUrl() + "/run/warn-" + tag + "/v1/chat/completions",
                            Http.chatBody("gpt-4o", false),
                            "X-Eval-Budget-Usd",
                            "-3");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(Http.json(bad.body()).path("error").path("message").asText())
                    .contains("X-Eval-Budget-Usd must be a positive amount");
            HttpResponse<String> noRun =
                    Http.post(
                            stack.gatewayUrl() + "/v1/chat/completions",
                            Http.chatBody("gpt-4o", false),
                            "X-Eval-Budget-Usd",
                            "1.00");
            assertThat(noRun.statusCode()).isEqualTo(400);
            assertThat(Http.json(noRun.body()).path("error").path("message").asText())
                    .contains("names no run");
        }
    }

    private static String band(GatewayStack stack) {
        return Http.json(Http.get(stack.gatewayUrl() + "/admin/ratio").body())
                .path("band")
                .asText();
    }

    private static HttpResponse<String> send(String base, String run, Call call) {
        return Http.post(base + "/run/" + run + "/v1" + call.path(), call.body());
    }

    /** The call's cost from the usage in its answer, at the shipped catalog's prices. */
    private static long expectedCost(Call call, String body) {
        ModelPrice p = CATALOG.resolve(call.provider(), call.model()).orElseThrow().price();
        JsonNode usage = call.stream() ? streamUsage(body) : Http.json(body).path("usage");
        BigDecimal micros;
        if (call.provider().equals("anthropic")) {
            micros =
                    p.input()
                            .multiply(BigDecimal.valueOf(usage.path("input_tokens").asLong()))
                            .add(
                                    p.output()
                                            .multiply(
                                                    BigDecimal.valueOf(
                                                            usage.path("output_tokens").asLong())));
        } else {
            long prompt = usage.path("prompt_tokens").asLong();
            long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong();
            long completion = usage.path("completion_tokens").asLong();
            micros =
                    p.input()
                            .multiply(BigDecimal.valueOf(prompt - cached))
                            .add(p.cachedInput().multiply(BigDecimal.valueOf(cached)))
                            .add(p.output().multiply(BigDecimal.valueOf(completion)));
        }
        assertThat(usage.isObject()).as("usage in " + body).isTrue();
        return micros.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static JsonNode streamUsage(String sse) {
        JsonNode usage = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode u = Http.json(line.substring(6)).path("usage");
                if (u.isObject()) {
                    usage = u;
                }
            }
        }
        return usage;
    }

    private static long micros(java.util.Optional<String> usd) {
        return new BigDecimal(usd.orElseThrow()).movePointRight(6).longValueExact();
    }
}
