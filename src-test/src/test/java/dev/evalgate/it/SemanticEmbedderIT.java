package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.gateway.auth.Authenticator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's second embedder end to end: a route's semantic tier embeds through the gateway's own
 * {@code /v1/embeddings} ({@code embedder: {model: text-embedding-3-small}}, served by the
 * simulator), and those calls are cached, metered and billed to the run of the request that needed
 * them; when the embeddings provider is down, requests still get their answers as misses.
 */
class SemanticEmbedderIT {

    private static final String MODEL = "text-embedding-3-small";
    private static final String KEY = "gk-embedder-it";

    /**
     * About 1,200 characters (300 simulated tokens), so one embedding costs whole micro-dollars.
     */
    private static final String PROMPT =
            ("Please summarise the following customer review in three sentences. The blender"
                            + " arrived two days late, but the packaging was sturdy and nothing was"
                            + " broken. Setting it up took five minutes and the manual was clear."
                            + " It crushes ice well, makes smooth soups and is quieter than the old"
                            + " one, although the lid is hard to clean. ")
                    .repeat(3)
                    .strip();

    /** {@link #PROMPT} in lower case without punctuation: the same words. */
    private static final String VARIANT = PROMPT.toLowerCase(Locale.ROOT).replaceAll("[.,]", "");

    private final String namespace = "embit-" + UUID.randomUUID().toString().substring(0, 8);
    private GatewayStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** The judged route on gpt-4o-mini embedding with {@link #MODEL}, behind a gateway key. */
    private String yaml(String providers, String extraRoutes) {
        return providers
                + "auth:\n  keys:\n    - tenant: team-a\n      sha256: \"sha256:"
                + Authenticator.sha256Hex(KEY)
                + "\"\n"
                + "routes:\n"
                + extraRoutes
                + "  - name: judged\n"
                + "    match: {model: gpt-4o-mini}\n"
                + "    target: {provider: sim, model: gpt-4o-mini}\n"
                + "    cache: {semantic: {embedder: {model: "
                + MODEL
                + "}}}\n"
                + "cache:\n  namespace: "
                + namespace
                + "\n";
    }

    private static String chat(String system, String user) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\""
                + system
                + "\"},{\"role\":\"user\",\"content\":\""
                + user
                + "\"}]}";
    }

    private static HttpResponse<String> post(String base, String body) {
        HttpResponse<String> r =
                Http.post(
                        base + "/v1/chat/completions",
                        body,
                        "Authorization",
                        "Bearer " + KEY,
                        "X-Eval-Pipeline",
                        "embedder-it");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static String cacheOf(HttpResponse<?> r) {
        return r.headers().firstValue("x-eval-cache").orElse("");
    }

    private long simulated(String endpoint) {
        return stack.simulator().stats().requestsByEndpoint().getOrDefault(endpoint, 0L);
    }

    private double semanticMetric(String name, String outcome) {
        String metrics = Http.get(stack.gatewayUrl() + "/metrics").body();
        return outcome == null
                ? Metrics.value(metrics, name)
                : Metrics.value(metrics, name, "outcome", outcome);
    }

    @Test
    void answersACaseAndPunctuationVariantWithEmbeddingsBilledToTheRun() {
        stack = GatewayStack.start(yaml(GatewayStack.PROVIDERS_YAML, ""));
        String run = "embit-run-" + UUID.randomUUID();
        String base = stack.gatewayUrl() + "/run/" + run;

        HttpResponse<String> miss = post(base, chat("Be brief.", PROMPT));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(semanticMetric("evalgate_cache_semantic_entries", null))
                                        .isEqualTo(1));
        HttpResponse<String> hit = post(base, chat("Be brief.", VARIANT));

        assertThat(cacheOf(miss)).isEqualTo("MISS");
        assertThat(cacheOf(hit)).isEqualTo("SEMANTIC-HIT");
        assertThat(hit.headers().firstValue("x-eval-cache-similarity")).hasValue("1.0000");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(simulated("/v1/chat/completions")).isEqualTo(1);
        assertThat(simulated("/v1/embeddings")).isEqualTo(2);

        // The same text in another frame: the probe embeds it again, an exact hit this time.
        HttpResponse<String> otherFrame = post(base, chat("Be thorough.", PROMPT));

        assertThat(cacheOf(otherFrame)).isEqualTo("MISS");
        assertThat(simulated("/v1/chat/completions")).isEqualTo(2);
        assertThat(simulated("/v1/embeddings")).isEqualTo(2);

        String[] key = {"Authorization", "Bearer " + KEY};
        JsonNode report = RunReports.awaitCalls(stack.gatewayUrl(), run, 6, key);
        JsonNode embeddings = report.path("by_model").path("openai/" + MODEL);
        assertThat(embeddings.path("calls").asLong()).isEqualTo(3);
        assertThat(embeddings.path("hits").asLong()).isEqualTo(1);
        assertThat(embeddings.path("billed_tokens").asLong()).isPositive();
        assertThat(embeddings.path("cost_micros").asLong()).isPositive();
        assertThat(embeddings.path("saved_micros").asLong()).isPositive();
        assertThat(report.path("pipeline").asText()).isEqualTo("embedder-it");
        assertThat(report.path("hits").asLong()).isEqualTo(2);
        assertThat(report.path("unknown_models").size()).isZero();
        JsonNode manifest =
                Http.json(
                        Http.get(stack.gatewayUrl() + "/admin/runs/" + run + "/manifest", key)
                                .body());
        List<String> embeddingCalls = new ArrayList<>();
        for (JsonNode entry : manifest.path("requests")) {
            if (entry.path("endpoint").asText().equals("/embeddings")) {
                embeddingCalls.add(entry.path("cache").asText());
            }
        }
        assertThat(embeddingCalls).containsExactly("MISS", "MISS", "HIT");
    }

    @Test
    void answersAsAMissWhenTheEmbeddingsProviderIsDown() {
        String providers =
                GatewayStack.PROVIDERS_YAML.replace(
                        "aliases:\n",
                        "  down:\n"
                                + "    kind: openai\n"
                                + "    base_url: ${EVALGATE_CLOSED_URL}\n"
                                + "    models: [text-embedding-*]\n"
                                + "aliases:\n");
        String embeddingsRoute =
                "  - name: embeddings-down\n"
                        + "    match: {model: "
                        + MODEL
                        + "}\n"
                        + "    target: {provider: down, model: "
                        + MODEL
                        + "}\n";
        stack = GatewayStack.start(yaml(providers, embeddingsRoute));
        String base = stack.gatewayUrl();

        HttpResponse<String> first = post(base, chat("Be brief.", PROMPT));
        HttpResponse<String> variant = post(base, chat("Be brief.", VARIANT));

        assertThat(cacheOf(first)).isEqualTo("MISS");
        assertThat(cacheOf(variant)).isEqualTo("MISS");
        assertThat(Http.json(variant.body()).at("/choices/0/message/content").asText())
                .isNotEmpty();
        assertThat(simulated("/v1/chat/completions")).isEqualTo(2);
        assertThat(simulated("/v1/embeddings")).isZero();
        assertThat(semanticMetric("evalgate_cache_semantic_lookups_total", "error"))
                .isGreaterThanOrEqualTo(2);
        assertThat(semanticMetric("evalgate_cache_semantic_lookups_total", "hit")).isZero();
    }
}
