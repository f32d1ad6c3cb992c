package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scale to zero (issue 8) over real HTTP: the simulator is the self-hosted model server (told to
 * refuse or answer its health checks), a real HTTP server receives the scale webhooks, and the
 * gateway runs on a clock the test moves ahead instead of waiting fifteen idle minutes.
 */
class ScaleToZeroIT {

    static final String BODY =
            "{\"provider\":\"{{provider}}\",\"direction\":\"{{direction}}\","
                    + "\"replicas\":{{replicas}},\"reason\":\"{{reason}}\","
                    + "\"idle_seconds\":{{idle_seconds}}}";

    static final String YAML =
            """
            server:
              host: 127.0.0.1
              port: 0
              io_threads: 2
            providers:
              gpu:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [llama-*]
                scale_to_zero:
                  idle: 15m
                  health: {interval: 100ms}
                  wake_timeout: 2m
                  hourly_cost_usd: 2.50
                  scale_down:
                    webhook:
                      url: ${HOOKS_URL}/down
                      headers: {Authorization: "Bearer ${HOOK_TOKEN}"}
                      body: '%s'
                  scale_up:
                    webhook:
                      method: PUT
                      url: ${HOOKS_URL}/up
                      headers: {Authorization: "Bearer ${HOOK_TOKEN}"}
                      body: '%s'
              frontier:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [gpt-*]
            routes:
              - name: gpu-or-frontier
                match: {model: eval/gpu}
                target: {provider: gpu, model: llama-3.1-8b}
                fallbacks: [{provider: frontier, model: gpt-4o}]
            cache: {enabled: false}
            """
                    .formatted(BODY, BODY);

    static final String CHAT = "/v1/chat/completions";

    private final OffsetClock clock = new OffsetClock();
    private WebhookReceiver hooks;
    private GatewayStack stack;

    @BeforeEach
    void start() {
        hooks = WebhookReceiver.start();
        stack =
                GatewayStack.start(
                        YAML,
                        Map.of("HOOKS_URL", hooks.url(), "HOOK_TOKEN", "hook-token-1"),
                        clock,
                        Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        try {
            stack.close();
        } finally {
            hooks.close();
        }
    }

    @Test
    void scalesDownOnceWhenIdleAndWakesOnceForEveryQueuedRequest() {
        assertThat(post("llama-3.1-8b", "before").statusCode()).isEqualTo(200);

        scaleDownByIdling();

        WebhookReceiver.Call down = hooks.calls("/down").get(0);
        assertThat(down.method()).isEqualTo("POST");
        assertThat(down.authorization()).isEqualTo("Bearer hook-token-1");
        JsonNode downBody = Http.json(down.body());
        assertThat(downBody.path("provider").asText()).isEqualTo("gpu");
        assertThat(downBody.path("direction").asText()).isEqualTo("down");
        assertThat(downBody.path("replicas").asInt()).isZero();
        assertThat(downBody.path("reason").asText()).isEqualTo("idle");
        assertThat(downBody.path("idle_seconds").asLong()).isGreaterThanOrEqualTo(900);

        stack.simulator().healthy(false);
        int clients = 20;
        List<CompletableFuture<HttpResponse<String>>> answers =
                IntStream.range(0, clients)
                        .mapToObj(i -> sendAsync("llama-3.1-8b", "queued " + i))
                        .toList();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            assertThat(provider().path("waiting").asInt()).isEqualTo(clients);
                            assertThat(hooks.calls("/up")).hasSize(1);
                        });
        assertThat(provider().path("state").asText()).isEqualTo("waking");
        assertThat(scrape())
                .contains("evalgate_provider_waiting{provider=\"gpu\"} 20.0")
                .contains("evalgate_provider_power_state{provider=\"gpu\"} 3.0");
        assertThat(answers).noneMatch(CompletableFuture::isDone);
        assertThat(chatsServed()).isEqualTo(1);
        WebhookReceiver.Call up = hooks.calls("/up").get(0);
        assertThat(up.method()).isEqualTo("PUT");
        JsonNode upBody = Http.json(up.body());
        assertThat(upBody.path("direction").asText()).isEqualTo("up");
        assertThat(upBody.path("replicas").asInt()).isEqualTo(1);
        assertThat(upBody.path("reason").asText()).isEqualTo("request");

        stack.simulator().healthy(true);

        List<HttpResponse<String>> served =
                answers.stream().map(f -> f.orTimeout(30, TimeUnit.SECONDS).join()).toList();
        assertThat(served).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(chatsServed()).isEqualTo(1 + clients);
        assertThat(hooks.calls("/up")).hasSize(1);
        assertThat(hooks.calls("/down")).hasSize(1);
        JsonNode gpu = provider();
        assertThat(gpu.path("state").asText()).isEqualTo("up");
        assertThat(gpu.path("waiting").asInt()).isZero();
        assertThat(gpu.at("/scale_events/down_ok").asLong()).isEqualTo(1);
        assertThat(gpu.at("/scale_events/up_ok").asLong()).isEqualTo(1);
        assertThat(gpu.path("last_wake_seconds").isNumber()).isTrue();
        assertThat(gpu.path("idle_cost_micros").asLong())
                .as("fifteen idle minutes at 2.50 $/h")
                .isGreaterThanOrEqualTo(625_000);
        assertThat(gpu.path("down_saved_usd").asText()).matches("\\d+\\.\\d{6}");
        String metrics = scrape();
        assertThat(metrics)
                .contains("evalgate_provider_power_state{provider=\"gpu\"} 0.0")
                .contains(
                        "evalgate_provider_scale_events_total{direction=\"up\",provider=\"gpu\","
                                + "result=\"ok\"} 1.0")
                .contains(
                        "evalgate_provider_scale_events_total{direction=\"down\",provider=\"gpu\","
                                + "result=\"ok\"} 1.0")
                .contains("evalgate_provider_wake_duration_seconds_count{provider=\"gpu\"} 1")
                .contains("# TYPE evalgate_provider_idle_seconds gauge")
                .contains("# TYPE evalgate_provider_inflight gauge")
                .contains("# TYPE evalgate_provider_idle_cost_usd_total counter")
                .contains("# TYPE evalgate_provider_down_saved_usd_total counter");
        assertThat(Metrics.value(metrics, "evalgate_provider_idle_cost_usd_total"))
                .isGreaterThanOrEqualTo(0.625);
        if (Tool.onPath("promtool")) {
            MetricsIT.assertPromtoolAccepts(metrics);
        }
    }

    @Test
    void aWakeThatTimesOutAnswers503WithRetryAfterOrServesTheRoutesFallback() {
        scaleDownByIdling();
        stack.simulator().healthy(false);
        CompletableFuture<HttpResponse<String>> direct = sendAsync("llama-3.1-8b", "direct");
        CompletableFuture<HttpResponse<String>> routed = sendAsync("eval/gpu", "routed");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(provider().path("waiting").asInt()).isEqualTo(2));

        clock.advance(Duration.ofMinutes(2));

        HttpResponse<String> refused = direct.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("30");
        assertThat(refused.headers().firstValue("x-request-id")).isPresent();
        JsonNode error = Http.json(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("provider_waking");
        assertThat(error.path("type").asText()).isEqualTo("overloaded_error");
        assertThat(error.path("message").asText()).contains("'gpu'").contains("120 s");
        HttpResponse<String> fallback = routed.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(fallback.statusCode()).isEqualTo(200);
        assertThat(Http.json(fallback.body()).path("model").asText()).isEqualTo("gpt-4o");
        assertThat(stack.simulator().stats().requestsFor("gpt-4o")).isEqualTo(1);
        assertThat(stack.simulator().stats().requestsFor("llama-3.1-8b")).isZero();
        JsonNode gpu = provider();
        assertThat(gpu.path("state").asText()).isEqualTo("down");
        assertThat(gpu.at("/scale_events/wake_timeouts").asLong()).isEqualTo(1);
        assertThat(hooks.calls("/up")).hasSize(1);

        // The next request wakes it again, and this time it answers.
        stack.simulator().healthy(true);
        assertThat(post("llama-3.1-8b", "after").statusCode()).isEqualTo(200);
        assertThat(hooks.calls("/up")).hasSize(2);
    }

    @Test
    void aRefusedScaleDownLeavesTheProviderUpAndServing() {
        hooks.answer("/down", 500);
        clock.advance(Duration.ofMinutes(15));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            assertThat(hooks.calls("/down")).hasSize(1);
                            assertThat(provider().at("/scale_events/down_error").asLong())
                                    .isEqualTo(1);
                        });

        assertThat(provider().path("state").asText()).isEqualTo("up");
        assertThat(post("llama-3.1-8b", "still up").statusCode()).isEqualTo(200);
        assertThat(hooks.calls("/up")).isEmpty();
        assertThat(scrape())
                .contains(
                        "evalgate_provider_scale_events_total{direction=\"down\",provider=\"gpu\","
                                + "result=\"error\"} 1.0");
    }

    /**
     * Skips fifteen idle minutes and waits for the one scale-down call and the state it leaves. The
     * last request must have left the provider first: the client can hold its answer a moment
     * before the gateway ends the exchange, and a request ending after the clock moved would start
     * its idle time there.
     */
    private void scaleDownByIdling() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(provider().path("in_flight").asLong()).isZero());
        clock.advance(Duration.ofMinutes(15));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            assertThat(hooks.calls("/down")).hasSize(1);
                            assertThat(provider().path("state").asText()).isEqualTo("down");
                        });
    }

    private JsonNode provider() {
        HttpResponse<String> r = Http.get(stack.gatewayUrl() + "/admin/providers");
        assertThat(r.statusCode()).isEqualTo(200);
        return Http.json(r.body()).path("providers").path("gpu");
    }

    private long chatsServed() {
        return stack.simulator().stats().requestsByEndpoint().getOrDefault(CHAT, 0L);
    }

    private String scrape() {
        return Http.get(stack.gatewayUrl() + "/metrics").body();
    }

    private HttpResponse<String> post(String model, String prompt) {
        return sendAsync(model, prompt).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String model, String prompt) {
        String body =
                "{\"model\":\""
                        + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + prompt
                        + "\"}]}";
        HttpRequest request =
                Http.request(stack.gatewayUrl() + CHAT)
                        .header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return Http.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
