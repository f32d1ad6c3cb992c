package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /metrics after real traffic: valid for promtool, and the counters match what was sent. */
class MetricsIT {

    /** The default test stack with the in-memory cache on. */
    static final String CACHED_YAML =
            GatewayStack.DEFAULT_YAML.replace("enabled: false", "enabled: true");

    /**
     * Lint findings promtool reports on Micrometer's own JVM/process binders, not on evalgate's
     * meters: {@code process_cpu_time_ns_total} (ProcessorMetrics names a unit "ns") and {@code
     * system_cpu_count} (a gauge ending in _count). Anything else fails the test.
     */
    static final List<String> KNOWN_LINT =
            List.of(
                    "process_cpu_time_ns_total metric names should not contain abbreviated units",
                    "system_cpu_count non-histogram and non-summary metrics should not have"
                            + " \"_count\" suffix");

    private static final int DISTINCT = 3;
    private static final int REPEATS = 2;

    private static GatewayStack stack;

    @BeforeAll
    static void sendMissesThenHits() {
        stack = GatewayStack.start(CACHED_YAML);
        sendTraffic(stack.gatewayUrl(), DISTINCT, REPEATS);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** {@code distinct} new requests, then each again {@code repeats} times (cache hits). */
    static void sendTraffic(String gatewayUrl, int distinct, int repeats) {
        send(gatewayUrl, distinct, "MISS");
        for (int round = 0; round < repeats; round++) {
            send(gatewayUrl, distinct, "HIT");
        }
    }

    /** Requests 0..{@code distinct}-1 once each, asserting each answer's X-Eval-Cache. */
    static void send(String gatewayUrl, int distinct, String expectedCache) {
        for (int i = 0; i < distinct; i++) {
            String body =
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                            + "\"metrics question "
                            + i
                            + "\"}]}";
            HttpResponse<String> r =
                    Http.post(gatewayUrl + "/run/metrics-it/v1/chat/completions", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-eval-cache")).hasValue(expectedCache);
        }
    }

    @Test
    void countsEveryHitAndMissSent() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            String text = scrape();
                            assertThat(sum(text, "evalgate_requests_total", "cache=\"hit\""))
                                    .isEqualTo(DISTINCT * REPEATS);
                            assertThat(sum(text, "evalgate_requests_total", "cache=\"miss\""))
                                    .isEqualTo(DISTINCT);
                            // the first is "new", the others "changed" (a similar one was seen)
                            assertThat(sum(text, "evalgate_cache_misses_total", "reason="))
                                    .isEqualTo(DISTINCT);
                            assertThat(
                                            sum(
                                                    text,
                                                    "evalgate_request_duration_seconds_count",
                                                    "cache=\"hit\""))
                                    .isEqualTo(DISTINCT * REPEATS);
                            assertThat(sum(text, "evalgate_cache_writes_total", "result=\"ok\""))
                                    .isEqualTo(DISTINCT);
                        });
    }

    @Test
    void exportsEveryMeterTheDashboardsAndAlertsUse() {
        String text = scrape();

        assertThat(text)
                .contains("# TYPE evalgate_requests_total counter")
                .contains("# TYPE evalgate_request_duration_seconds histogram")
                .contains("evalgate_request_duration_seconds_bucket{")
                .contains("# TYPE evalgate_cache_misses_total counter")
                .contains("# TYPE evalgate_cache_writes_total counter")
                .contains("# TYPE evalgate_cache_inflight gauge")
                .contains("# TYPE evalgate_inflight gauge")
                .contains("endpoint=\"/chat/completions\"")
                .contains("status_class=\"2xx\"")
                .contains("route=\"direct\"")
                .contains("tier=\"none\"")
                .contains("# TYPE evalgate_upstream_duration_seconds histogram")
                .contains(
                        "evalgate_upstream_duration_seconds_bucket{outcome=\"ok\",provider=\"sim\"")
                .contains("# TYPE evalgate_upstream_first_byte_seconds histogram")
                .contains(
                        "evalgate_upstream_errors_total{provider=\"sim\",reason=\"status_5xx\"} 0.0")
                .contains("# TYPE evalgate_cache_l1_entries gauge")
                .contains("evalgate_cache_l1_entries " + DISTINCT + ".0")
                .contains("# TYPE evalgate_cache_l1_bytes gauge")
                .contains("# TYPE evalgate_netty_eventloop_pending_tasks gauge")
                .contains("# TYPE evalgate_netty_direct_memory_used_bytes gauge");
    }

    /**
     * A provider with a first-byte timeout, one nobody listens for, and a route that tries its
     * target twice.
     */
    static final String FAULTS_YAML =
            """
            server:
              host: 127.0.0.1
              port: 0
              io_threads: 2
            providers:
              sim:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [gpt-*, sim-*]
                first_byte_timeout: 1s
              down:
                kind: openai
                base_url: ${EVALGATE_CLOSED_URL}
                models: [down-*]
            tiers:
              frontier: {provider: sim, model: gpt-4o-mini}
            routes:
              - name: judge
                match: {check: judge}
                target: {tier: frontier}
                attempts: 2
            cache: {enabled: false}
            """;

    @Test
    void countsEveryFailedUpstreamAttemptByProviderAndReasonRetriesIncluded() {
        try (GatewayStack faults = GatewayStack.start(FAULTS_YAML)) {
            String chat = faults.gatewayUrl() + "/v1/chat/completions";
            String body = Http.chatBody("gpt-4o-mini", false);
            // a 500 on the first attempt only: retried, then answered
            HttpResponse<String> retried =
                    Http.post(
                            chat,
                            body,
                            "X-Eval-Check",
                            "judge",
                            "X-Sim-Fault",
                            "500",
                            "X-Sim-Fault-Times",
                            "1");
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(retried.headers().firstValue("x-eval-route")).hasValue("judge");
            assertThat(Http.post(chat, body, "X-Sim-Fault", "429").statusCode()).isEqualTo(429);
            assertThat(Http.post(chat, body, "X-Sim-Fault", "503").statusCode()).isEqualTo(503);
            assertThat(Http.post(chat, body, "X-Sim-Fault", "timeout").statusCode()).isEqualTo(504);
            assertThat(Http.post(chat, body, "X-Sim-Fault", "reset").statusCode()).isEqualTo(502);
            assertThat(Http.post(chat, body, "X-Sim-Fault", "cut").statusCode()).isEqualTo(502);
            assertThat(Http.post(chat, Http.chatBody("down-1", false)).statusCode()).isEqualTo(502);

            String text = Http.get(faults.gatewayUrl() + "/metrics").body();

            String sim = "evalgate_upstream_errors_total{provider=\"sim\",reason=";
            assertThat(text)
                    .contains(sim + "\"status_5xx\"} 2.0")
                    .contains(sim + "\"status_429\"} 1.0")
                    .contains(sim + "\"timeout\"} 1.0")
                    .contains(sim + "\"reset\"} 1.0")
                    .contains(sim + "\"truncated\"} 1.0")
                    .contains(sim + "\"connect\"} 0.0")
                    .contains(sim + "\"untranslatable\"} 0.0")
                    .contains(
                            "evalgate_upstream_errors_total{provider=\"down\",reason=\"connect\"}"
                                    + " 1.0")
                    .contains(
                            "evalgate_upstream_retries_total{provider=\"sim\",reason=\"500\"}"
                                    + " 1.0")
                    .contains(
                            "evalgate_requests_total{cache=\"bypass\",endpoint=\"/chat/completions\","
                                    + "route=\"judge\",status_class=\"2xx\",tier=\"frontier\"}"
                                    + " 1.0");
            // seven attempts on sim: two for the retried request, one for each other fault
            assertThat(sum(text, "evalgate_upstream_duration_seconds_count", "provider=\"sim\""))
                    .isEqualTo(7);
            assertThat(
                            sum(
                                    text,
                                    "evalgate_upstream_duration_seconds_count",
                                    "outcome=\"ok\",provider=\"sim\""))
                    .isEqualTo(1);
            // heads arrived for the 500, the 200, the 429, the 503 and the cut answer
            assertThat(sum(text, "evalgate_upstream_first_byte_seconds_count", "provider=\"sim\""))
                    .isEqualTo(5);
        }
    }

    @Test
    void passesPromtoolCheckMetrics() {
        assumeTrue(
                Tool.onPath("promtool"),
                "promtool is not installed: apt-get install -y prometheus; .ci/run installs it");

        assertPromtoolAccepts(scrape());
    }

    /**
     * Passes a scrape to {@code promtool check metrics}: it parses, and its only lint findings are
     * the {@link #KNOWN_LINT} ones on Micrometer's binders.
     */
    static void assertPromtoolAccepts(String scrape) {
        Tool.Result r = Tool.run(List.of("promtool", "check", "metrics"), scrape);

        // promtool exits 3 on lint findings, 1 on a parse error.
        List<String> findings =
                Arrays.stream(r.output().split("\n")).filter(l -> !l.isBlank()).toList();
        if (r.exitCode() != 0) {
            assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
        }
        assertThat(findings).as(r.output()).isSubsetOf(KNOWN_LINT);
        assertThat(findings).noneMatch(l -> l.startsWith("evalgate_"));
    }

    private static String scrape() {
        HttpResponse<String> r = Http.get(stack.gatewayUrl() + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return r.body();
    }

    /** Sum of the samples of {@code name} whose labels contain {@code label}. */
    static long sum(String text, String name, String label) {
        return Math.round(
                text.lines()
                        .filter(l -> l.startsWith(name + "{") && l.contains(label))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .sum());
    }
}
