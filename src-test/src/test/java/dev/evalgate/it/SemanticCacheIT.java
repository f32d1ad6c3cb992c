package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.evalgate.cache.redis.RedisFixture;
import dev.evalgate.gateway.server.GatewayServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 end to end: the semantic tier of a route answers a paraphrase of an answered request with
 * that answer ({@code SEMANTIC-HIT}), never across frames, near-misses or routes without the tier,
 * honours the opt-outs, is priced as saved, and is shared through Redis.
 */
class SemanticCacheIT {

    private static final String PROMPT = "Please summarise the customer review in three sentences.";
    private static final String PARAPHRASE = "Summarize the customer review in 3 sentences.";
    private static final double THRESHOLD = 0.90;

    private final String namespace = "semit-" + UUID.randomUUID().toString().substring(0, 8);
    private GatewayStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Routes: gpt-4o-mini with the semantic tier, sim-llama-3-8b without. */
    private String yaml(String redisUrl, String semanticSection) {
        return GatewayStack.PROVIDERS_YAML
                + "routes:\n"
                + semanticRoute("judged", "sim", "gpt-4o-mini")
                + semanticRoute("judged-frontier", "sim", "sim-frontier")
                + semanticRoute("judged-claude", "sim-anthropic", "claude-haiku-4-5")
                + "  - name: exact-only\n"
                + "    match: {model: sim-llama-3-8b}\n"
                + "    target: {provider: sim, model: sim-llama-3-8b}\n"
                + "cache:\n"
                + "  namespace: "
                + namespace
                + "\n"
                + (redisUrl == null
                        ? ""
                        : "  lookup_timeout: 2s\n  redis: {url: \"" + redisUrl + "\"}\n")
                + semanticSection;
    }

    private static String semanticRoute(String name, String provider, String model) {
        return "  - name: "
                + name
                + "\n    match: {model: "
                + model
                + "}\n    target: {provider: "
                + provider
                + ", model: "
                + model
                + "}\n    cache: {semantic: {threshold: "
                + THRESHOLD
                + "}}\n";
    }

    private static String chat(String model, String system, String user, String extra) {
        String sys = system == null ? "" : "{\"role\":\"system\",\"content\":\"" + system + "\"},";
        return "{\"model\":\""
                + model
                + "\""
                + extra
                + ",\"messages\":["
                + sys
                + "{\"role\":\"user\",\"content\":\""
                + user
                + "\"}]}";
    }

    private HttpResponse<String> post(String base, String body, String... headers) {
        HttpResponse<String> r = Http.post(base + "/v1/chat/completions", body, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static String cacheOf(HttpResponse<?> r) {
        return r.headers().firstValue("x-eval-cache").orElse("");
    }

    /** Waits until {@code base}'s semantic tier holds {@code n} vectors. */
    private static void awaitIndexed(String base, int n) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                Metrics.value(
                                                        Http.get(base + "/metrics").body(),
                                                        "evalgate_cache_semantic_entries"))
                                        .isGreaterThanOrEqualTo(n));
    }

    @Test
    void answersAParaphraseWithTheRecordedAnswerThroughTheOpenAiSdk() {
        stack = GatewayStack.start(yaml(null, ""));
        OpenAIClient client =
                OpenAIOkHttpClient.builder()
                        .baseUrl(stack.gatewayUrl() + "/v1")
                        .apiKey("sk-test")
                        .maxRetries(0)
                        .build();
        HttpResponseFor<ChatCompletion> first =
                client.chat().completions().withRawResponse().create(sdkChat(PROMPT));
        String recorded = first.parse().choices().get(0).message().content().orElseThrow();
        awaitIndexed(stack.gatewayUrl(), 1);

        HttpResponseFor<ChatCompletion> second =
                client.chat().completions().withRawResponse().create(sdkChat(PARAPHRASE));

        assertThat(first.headers().values("x-eval-cache")).containsExactly("MISS");
        assertThat(second.headers().values("x-eval-cache")).containsExactly("SEMANTIC-HIT");
        double similarity =
                Double.parseDouble(second.headers().values("x-eval-cache-similarity").get(0));
        assertThat(similarity).isBetween(THRESHOLD, 1.0);
        assertThat(second.parse().choices().get(0).message().content()).hasValue(recorded);
        assertThat(stack.simulator().stats().requests()).isEqualTo(1);
        String metrics = Http.get(stack.gatewayUrl() + "/metrics").body();
        assertThat(
                        Metrics.value(
                                metrics, "evalgate_cache_semantic_lookups_total", "outcome", "hit"))
                .isEqualTo(1);
        assertThat(Metrics.sum(metrics, "evalgate_requests_total", "cache", "semantic-hit"))
                .isEqualTo(1);
        client.close();
    }

    @Test
    void neverAnswersANearMissOrAnotherFrame() {
        stack = GatewayStack.start(yaml(null, ""));
        String base = stack.gatewayUrl();
        post(base, chat("gpt-4o-mini", "Be brief.", PROMPT, ""));
        awaitIndexed(base, 1);

        // The same final text, another frame: system prompt, model, temperature, tools.
        String[] otherFrames = {
            chat("gpt-4o-mini", "Be thorough.", PARAPHRASE, ""),
            chat("gpt-4o-mini", null, PARAPHRASE, ""),
            chat("sim-frontier", "Be brief.", PARAPHRASE, ""),
            chat("gpt-4o-mini", "Be brief.", PARAPHRASE, ",\"temperature\":0.7"),
            chat(
                    "gpt-4o-mini",
                    "Be brief.",
                    PARAPHRASE,
                    ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]"),
        };
        for (String body : otherFrames) {
            assertThat(cacheOf(post(base, body))).as(body).isEqualTo("MISS");
        }
        // The same frame, a near-miss: another number of sentences.
        String five = "Please summarise the customer review in five sentences.";
        assertThat(cacheOf(post(base, chat("gpt-4o-mini", "Be brief.", five, ""))))
                .isEqualTo("MISS");
        // The same frame, a paraphrase: the only semantic hit.
        assertThat(cacheOf(post(base, chat("gpt-4o-mini", "Be brief.", PARAPHRASE, ""))))
                .isEqualTo("SEMANTIC-HIT");
        assertThat(stack.simulator().stats().requests()).isEqualTo(1 + otherFrames.length + 1);
    }

    @Test
    void honoursTheOptOutsAndRoutesWithoutTheTier() {
        stack = GatewayStack.start(yaml(null, ""));
        String base = stack.gatewayUrl();
        post(base, chat("gpt-4o-mini", null, PROMPT, ""));
        post(base, chat("sim-llama-3-8b", null, PROMPT, ""));
        awaitIndexed(base, 1);

        String paraphrase = chat("gpt-4o-mini", null, PARAPHRASE, "");
        assertThat(cacheOf(post(base, paraphrase, "X-Eval-Cache-Semantic", "off")))
                .isEqualTo("MISS");
        assertThat(cacheOf(post(base, paraphrase, "Cache-Control", "no-cache")))
                .isEqualTo("REFRESH");
        assertThat(cacheOf(post(base, chat("sim-llama-3-8b", null, PARAPHRASE, ""))))
                .isEqualTo("MISS");
        assertThat(stack.simulator().stats().requests()).isEqualTo(5);
    }

    @Test
    void neverAnswersAnotherTenant() {
        stack = GatewayStack.start(yaml(null, ""));
        String base = stack.gatewayUrl();
        post(base, chat("gpt-4o-mini", null, PROMPT, ""), "Authorization", "Bearer sk-tenant-a");
        awaitIndexed(base, 1);
        String paraphrase = chat("gpt-4o-mini", null, PARAPHRASE, "");

        assertThat(cacheOf(post(base, paraphrase, "Authorization", "Bearer sk-tenant-b")))
                .isEqualTo("MISS");
        assertThat(cacheOf(post(base, paraphrase, "Authorization", "Bearer sk-tenant-a")))
                .isEqualTo("SEMANTIC-HIT");
    }

    @Test
    void streamsASemanticHitAsServerSentEvents() {
        stack = GatewayStack.start(yaml(null, ""));
        String base = stack.gatewayUrl();
        HttpResponse<String> recorded = post(base, chat("gpt-4o-mini", null, PROMPT, ""));
        awaitIndexed(base, 1);

        HttpResponse<String> streamed =
                post(base, chat("gpt-4o-mini", null, PARAPHRASE, ",\"stream\":true"));

        assertThat(cacheOf(streamed)).isEqualTo("SEMANTIC-HIT");
        assertThat(streamed.headers().firstValue("content-type").orElse(""))
                .startsWith("text/event-stream");
        String content =
                Http.json(recorded.body())
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asText();
        assertThat(streamed.body()).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
        assertThat(content).isNotEmpty();
    }

    @Test
    void answersAnAnthropicParaphraseToo() {
        stack = GatewayStack.start(yaml(null, ""));
        String base = stack.gatewayUrl();
        String first =
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\""
                        + PROMPT
                        + "\"}]}";
        HttpResponse<String> miss = Http.post(base + "/v1/messages", first);
        awaitIndexed(base, 1);
        HttpResponse<String> hit =
                Http.post(base + "/v1/messages", first.replace(PROMPT, PARAPHRASE));

        assertThat(cacheOf(miss)).isEqualTo("MISS");
        assertThat(cacheOf(hit)).isEqualTo("SEMANTIC-HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
    }

    @Test
    void pricesASemanticHitAsSaved() {
        stack = GatewayStack.start(yaml(null, ""));
        String run = "semit-run-" + UUID.randomUUID();
        String base = stack.gatewayUrl() + "/run/" + run;
        post(base, chat("gpt-4o-mini", null, PROMPT, ""));
        awaitIndexed(stack.gatewayUrl(), 1);
        HttpResponse<String> hit = post(base, chat("gpt-4o-mini", null, PARAPHRASE, ""));

        JsonNode report = RunReports.awaitCalls(stack.gatewayUrl(), run, 2);
        assertThat(cacheOf(hit)).isEqualTo("SEMANTIC-HIT");
        assertThat(hit.headers().firstValue("x-eval-cost-usd")).hasValue("0.000000");
        assertThat(report.path("hits").asLong()).isEqualTo(1);
        assertThat(report.path("saved_micros").asLong())
                .isPositive()
                .isEqualTo(report.path("cost_micros").asLong());
    }

    @Test
    void sharesVectorsBetweenGatewaysThroughRedis() {
        String redis = RedisFixture.shared();
        String yaml = yaml(redis, "  semantic: {refresh: 0s}\n");
        stack = GatewayStack.start(yaml);
        GatewayServer other = stack.startGateway(yaml);
        RedisClient client = RedisClient.create(redis);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            Set<String> before = semanticKeys(c);
            post(stack.gatewayUrl(), chat("gpt-4o-mini", null, PROMPT, ""));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(semanticKeys(c)).isNotEqualTo(before));

            HttpResponse<String> hit =
                    post(
                            "http://127.0.0.1:" + other.port(),
                            chat("gpt-4o-mini", null, PARAPHRASE, ""));

            assertThat(cacheOf(hit)).isEqualTo("SEMANTIC-HIT");
            assertThat(stack.simulator().stats().requests()).isEqualTo(1);
        } finally {
            client.shutdown();
            other.shutdown(Duration.ofSeconds(5));
            Http.send(
                    Http.request(stack.gatewayUrl() + "/admin/cache?namespace=" + namespace)
                            .DELETE()
                            .build());
        }
    }

    private static Set<String> semanticKeys(StatefulRedisConnection<String, String> c) {
        Set<String> keys = new HashSet<>();
        io.lettuce.core.KeyScanCursor<String> cursor =
                c.sync().scan(ScanArgs.Builder.matches("*sem:*").limit(1000));
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = c.sync().scan(cursor, ScanArgs.Builder.matches("*sem:*").limit(1000));
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    private static ChatCompletionCreateParams sdkChat(String prompt) {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage(prompt)
                .build();
    }
}
