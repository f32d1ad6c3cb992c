package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.TextDelta;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The eval cache with the in-process store alone: what hits, what misses, the modes, what is never
 * stored, and the admin endpoints. The simulator's counters prove what reached the upstream.
 */
class CacheIT {

    private static GatewayStack stack;
    private static String chatUrl;
    private String tag;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start(GatewayStack.withCache("{enabled: true, namespace: cacheit}"));
        chatUrl = stack.gatewayUrl() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void uniquePrompts() {
        tag = "t" + UUID.randomUUID();
        stack.simulator().reset();
    }

    @Test
    void servesTheWholeSuiteFromCacheOnTheSecondRun() {
        List<CacheSuite.Call> suite = CacheSuite.calls(tag);

        List<HttpResponse<String>> first = CacheSuite.run(stack.gatewayUrl(), suite);
        assertThat(CacheSuite.outcomes(first)).containsOnly("MISS");
        assertThat(upstreamRequests()).isEqualTo(suite.size());

        List<HttpResponse<String>> second = CacheSuite.run(stack.gatewayUrl(), suite);

        assertThat(upstreamRequests()).isEqualTo(suite.size());
        assertThat(CacheSuite.outcomes(second)).containsOnly("HIT");
        assertThat(CacheSuite.keys(second))
                .isEqualTo(CacheSuite.keys(first))
                .doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).isNotEqualTo("(none)"));
        for (int i = 0; i < suite.size(); i++) {
            CacheSuite.Call call = suite.get(i);
            assertThat(call.textOf(second.get(i)))
                    .as(call.name())
                    .isEqualTo(call.textOf(first.get(i)));
            if (!call.stream()) {
                assertThat(second.get(i).body()).as(call.name()).isEqualTo(first.get(i).body());
                assertThat(second.get(i).headers().firstValue("content-type"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            } else {
                assertThat(second.get(i).headers().firstValue("content-type"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            }
        }
    }

    @Test
    void hitsWhateverTheJsonSpelling() {
        String first =
                "{\"model\":\"gpt-4o-mini\",\"temperature\":1,\"max_tokens\":20,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\""
                        + tag
                        + "\"}]}";
        String respelled =
                "{ \"messages\" : [ { \"content\" : \""
                        + tag
                        + "\" , \"role\" : \"user\" } ] ,\n"
                        + "  \"max_tokens\" : 20.0, \"temperature\" : 1.0e0, \"model\":\"gpt-4o-mini\" }";
        HttpResponse<String> recorded = Http.post(chatUrl, first);

        HttpResponse<String> replayed = Http.post(chatUrl, respelled);

        assertThat(cacheOf(replayed)).isEqualTo("HIT");
        assertThat(keyOf(replayed)).isEqualTo(keyOf(recorded));
        assertThat(replayed.body()).isEqualTo(recorded.body());
        assertThat(upstreamRequests()).isEqualTo(1);
    }

    @Test
    void missesWhenAnythingThatCanChangeTheAnswerChanges() {
        String base = chatWith("\"temperature\":0.5,\"max_tokens\":20", tag);
        HttpResponse<String> recorded = Http.post(chatUrl, base);
        assertThat(cacheOf(recorded)).isEqualTo("MISS");

        List<HttpResponse<String>> variants =
                List.of(
                        Http.post(chatUrl, chatWith("\"temperature\":0.7,\"max_tokens\":20", tag)),
                        Http.post(chatUrl, chatWith("\"temperature\":0.5,\"max_tokens\":21", tag)),
                        Http.post(
                                chatUrl,
                                chatWith("\"temperature\":0.5,\"max_tokens\":20", tag + "!")),
                        Http.post(
                                chatUrl,
                                chatWith(
                                        "\"temperature\":0.5,\"max_tokens\":20,\"x_unknown\":1",
                                        tag)),
                        Http.post(chatUrl, base.replace("gpt-4o-mini", "gpt-4o")),
                        Http.post(chatUrl, base, "authorization", "Bearer sk-other-tenant"),
                        Http.post(chatUrl, base, "x-eval-cache-namespace", "other"));

        assertThat(variants).extracting(CacheIT::cacheOf).containsOnly("MISS");
        assertThat(variants)
                .extracting(CacheIT::keyOf)
                .doesNotHaveDuplicates()
                .doesNotContain(keyOf(recorded));
        assertThat(upstreamRequests()).isEqualTo(1 + variants.size());
    }

    @Test
    void ignoresStreamUserAndStreamOptionsInTheKey() {
        String plain = chatWith("\"max_tokens\":20", tag);
        HttpResponse<String> recorded = Http.post(chatUrl, plain);

        HttpResponse<String> withUser =
                Http.post(chatUrl, chatWith("\"max_tokens\":20,\"user\":\"alice\"", tag));
        HttpResponse<String> streamedWithUsage =
                Http.post(
                        chatUrl,
                        chatWith(
                                "\"max_tokens\":20,\"stream\":true,"
                                        + "\"stream_options\":{\"include_usage\":true}",
                                tag));

        assertThat(List.of(withUser, streamedWithUsage))
                .allSatisfy(
                        r -> {
                            assertThat(cacheOf(r)).isEqualTo("HIT");
                            assertThat(keyOf(r)).isEqualTo(keyOf(recorded));
                        });
        assertThat(streamedWithUsage.body()).contains("\"usage\"").endsWith("data: [DONE]\n\n");
        assertThat(upstreamRequests()).isEqualTo(1);
    }

    @Test
    void answersAPlainRequestFromAStreamedRecordingAndViceVersa() {
        String streamedFirst = tag + " streamed first";
        HttpResponse<String> recordedStream =
                Http.post(chatUrl, CacheSuite.chat(streamedFirst, true));
        HttpResponse<String> plainHit = Http.post(chatUrl, CacheSuite.chat(streamedFirst, false));

        String plainFirst = tag + " plain first";
        HttpResponse<String> recordedPlain = Http.post(chatUrl, CacheSuite.chat(plainFirst, false));
        HttpResponse<String> streamHit = Http.post(chatUrl, CacheSuite.chat(plainFirst, true));

        assertThat(cacheOf(plainHit)).isEqualTo("HIT");
        assertThat(cacheOf(streamHit)).isEqualTo("HIT");
        assertThat(CacheSuite.plainText("/v1/chat/completions", plainHit.body()))
                .isEqualTo(CacheSuite.streamedText("/v1/chat/completions", recordedStream.body()));
        assertThat(CacheSuite.streamedText("/v1/chat/completions", streamHit.body()))
                .isEqualTo(CacheSuite.plainText("/v1/chat/completions", recordedPlain.body()));
        assertThat(upstreamRequests()).isEqualTo(2);
    }

    @Test
    void openAiSdkParsesAReplayedStreamIntoTheRecordedText() {
        OpenAIClient client =
                OpenAIOkHttpClient.builder()
                        .baseUrl(stack.gatewayUrl() + "/v1")
                        .apiKey("sk-test")
                        .maxRetries(0)
                        .build();
        try {
            ChatCompletionCreateParams params =
                    ChatCompletionCreateParams.builder()
                            .model("gpt-4o-mini")
                            .addUserMessage(tag + " sdk")
                            .build();
            String plain =
                    client.chat()
                            .completions()
                            .create(params)
                            .choices()
                            .get(0)
                            .message()
                            .content()
                            .orElseThrow();

            String replayed;
            try (var stream = client.chat().completions().createStreaming(params)) {
                replayed =
                        stream.stream()
                                .flatMap(chunk -> chunk.choices().stream())
                                .map(ChatCompletionChunk.Choice::delta)
                                .flatMap(delta -> delta.content().stream())
                                .collect(Collectors.joining());
            }

            assertThat(replayed).isEqualTo(plain);
            assertThat(upstreamRequests()).isEqualTo(1);
        } finally {
            client.close();
        }
    }

    @Test
    void anthropicSdkParsesAReplayedStreamIntoTheRecordedText() {
        AnthropicClient client =
                AnthropicOkHttpClient.builder()
                        .baseUrl(stack.gatewayUrl())
                        .apiKey("sk-ant-test")
                        .maxRetries(0)
                        .build();
        try {
            MessageCreateParams params =
                    MessageCreateParams.builder()
                            .model("claude-haiku-4-5")
                            .maxTokens(64)
                            .addUserMessage(tag + " sdk")
                            .build();
            String plain =
                    client.messages().create(params).content().stream()
                            .flatMap(block -> block.text().stream())
                            .map(TextBlock::text)
                            .collect(Collectors.joining());

            String replayed;
            try (var stream = client.messages().createStreaming(params)) {
                replayed =
                        stream.stream()
                                .flatMap(event -> event.contentBlockDelta().stream())
                                .flatMap(delta -> delta.delta().text().stream())
                                .map(TextDelta::text)
                                .collect(Collectors.joining());
            }
            List<RawMessageStreamEvent> events;
            try (var stream = client.messages().createStreaming(params)) {
                events = stream.stream().toList();
            }

            assertThat(replayed).isNotBlank().isEqualTo(plain);
            assertThat(events.get(0).isMessageStart()).isTrue();
            assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
            assertThat(upstreamRequests()).isEqualTo(1);
        } finally {
            client.close();
        }
    }

    @Test
    void replayModeServesHitsButNeverStores() {
        String body = CacheSuite.chat(tag, false);

        HttpResponse<String> miss = Http.post(chatUrl, body, "x-eval-cache-mode", "replay");
        HttpResponse<String> stillMiss = Http.post(chatUrl, body);
        HttpResponse<String> hit = Http.post(chatUrl, body, "x-eval-cache-mode", "replay");

        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(cacheOf(miss)).isEqualTo("MISS");
        assertThat(cacheOf(stillMiss)).isEqualTo("MISS");
        assertThat(cacheOf(hit)).isEqualTo("HIT");
        assertThat(upstreamRequests()).isEqualTo(2);
    }

    @Test
    void replayStrictRefusesAMissWithAnOpenAiError() {
        String body = CacheSuite.chat(tag, false);

        HttpResponse<String> refused =
                Http.post(chatUrl, body, "x-eval-cache-mode", "replay-strict");
        Http.post(chatUrl, body);
        HttpResponse<String> hit = Http.post(chatUrl, body, "x-eval-cache-mode", "replay-strict");

        assertThat(refused.statusCode()).isEqualTo(412);
        JsonNode error = Http.json(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("cache_miss");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(refused.headers().firstValue("x-request-id")).isPresent();
        assertThat(cacheOf(hit)).isEqualTo("HIT");
        assertThat(upstreamRequests()).isEqualTo(1);
    }

    @Test
    void refreshGoesUpstreamEvenWhenCachedAndOverwritesTheEntry() {
        // Recorded from a stream, the entry is the assembled answer; a refresh through a plain
        // request stores the upstream's own JSON, so later hits show which one is stored.
        Http.post(chatUrl, CacheSuite.chat(tag, true));
        HttpResponse<String> fromStream = Http.post(chatUrl, CacheSuite.chat(tag, false));
        assertThat(cacheOf(fromStream)).isEqualTo("HIT");

        HttpResponse<String> refreshed =
                Http.post(chatUrl, CacheSuite.chat(tag, false), "x-eval-cache-mode", "refresh");
        HttpResponse<String> after = Http.post(chatUrl, CacheSuite.chat(tag, false));

        assertThat(cacheOf(refreshed)).isEqualTo("REFRESH");
        assertThat(upstreamRequests()).isEqualTo(2);
        assertThat(cacheOf(after)).isEqualTo("HIT");
        assertThat(after.body()).isEqualTo(refreshed.body());
    }

    @Test
    void offModeBypassesTheCache() {
        String body = CacheSuite.chat(tag, false);
        Http.post(chatUrl, body);

        HttpResponse<String> bypass = Http.post(chatUrl, body, "x-eval-cache-mode", "off");

        assertThat(cacheOf(bypass)).isEqualTo("BYPASS");
        assertThat(upstreamRequests()).isEqualTo(2);
    }

    @Test
    void honoursCacheControlNoCacheAndNoStore() {
        String body = CacheSuite.chat(tag, false);
        Http.post(chatUrl, body);

        HttpResponse<String> noCache = Http.post(chatUrl, body, "cache-control", "no-cache");
        assertThat(cacheOf(noCache)).isEqualTo("REFRESH");
        assertThat(upstreamRequests()).isEqualTo(2);

        String other = CacheSuite.chat(tag + " no-store", false);
        HttpResponse<String> noStore = Http.post(chatUrl, other, "cache-control", "no-store");
        HttpResponse<String> next = Http.post(chatUrl, other);
        assertThat(cacheOf(noStore)).isEqualTo("MISS");
        assertThat(cacheOf(next)).isEqualTo("MISS");
        assertThat(upstreamRequests()).isEqualTo(4);
    }

    @Test
    void recordsFiveSamplesOnceAndReplaysTheSameFive() {
        String body = CacheSuite.chat(tag, false);
        List<HttpResponse<String>> recorded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recorded.add(Http.post(chatUrl, body, "x-eval-sample", Integer.toString(i)));
        }
        List<HttpResponse<String>> replayed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replayed.add(Http.post(chatUrl, body, "x-eval-sample", Integer.toString(i)));
        }

        assertThat(recorded).extracting(CacheIT::cacheOf).containsOnly("MISS");
        assertThat(recorded).extracting(CacheIT::keyOf).doesNotHaveDuplicates();
        assertThat(replayed).extracting(CacheIT::cacheOf).containsOnly("HIT");
        assertThat(replayed)
                .extracting(CacheIT::keyOf)
                .isEqualTo(recorded.stream().map(CacheIT::keyOf).toList());
        assertThat(replayed)
                .extracting(HttpResponse::body)
                .isEqualTo(recorded.stream().map(HttpResponse::body).toList());
        assertThat(upstreamRequests()).isEqualTo(5);
    }

    @Test
    void refusesBadCacheHeaderValues() {
        String body = CacheSuite.chat(tag, false);
        String[][] bad = {
            {"x-eval-cache-mode", "sometimes"},
            {"x-eval-cache-namespace", "no/slashes"},
            {"x-eval-cache-namespace", "x".repeat(65)},
            {"x-eval-cache-ttl", "forever"},
            {"x-eval-cache-ttl", "5s"},
            {"x-eval-cache-ttl", "400d"},
            {"x-eval-sample", "-1"},
            {"x-eval-sample", "1024"},
            {"x-eval-sample", "two"},
        };

        for (String[] header : bad) {
            HttpResponse<String> r = Http.post(chatUrl, body, header[0], header[1]);
            assertThat(r.statusCode()).as("%s: %s", header[0], header[1]).isEqualTo(400);
            assertThat(Http.json(r.body()).at("/error/message").asText())
                    .as("%s: %s", header[0], header[1])
                    .isNotBlank();
        }
        assertThat(upstreamRequests()).isZero();
    }

    @Test
    void storesNoUpstreamErrorAnswer() {
        for (String fault : List.of("500", "429")) {
            String body = CacheSuite.chat(tag + " " + fault, false);
            HttpResponse<String> failed = Http.post(chatUrl, body, "x-sim-fault", fault);
            assertThat(failed.statusCode()).isEqualTo(Integer.parseInt(fault));

            HttpResponse<String> next = Http.post(chatUrl, body);

            assertThat(cacheOf(next)).as(fault).isEqualTo("MISS");
            assertThat(next.statusCode()).isEqualTo(200);
        }
        assertThat(upstreamRequests()).isEqualTo(4);
    }

    @Test
    void storesNoCutAnswer() {
        for (boolean stream : List.of(false, true)) {
            String body = CacheSuite.chat(tag + " cut " + stream, stream);
            sendIgnoringCut(body, "x-sim-fault", "cut");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(stack.server().inFlight()).isZero());

            HttpResponse<String> next = Http.post(chatUrl, body);

            assertThat(cacheOf(next)).as("stream=%s", stream).isEqualTo("MISS");
            assertThat(next.statusCode()).isEqualTo(200);
        }
        assertThat(upstreamRequests()).isEqualTo(4);
    }

    @Test
    void storesNothingWhenTheClientDisconnectsMidStream() throws IOException {
        String body = CacheSuite.chat(tag, true);
        try (Socket socket =
                Http.raw(
                        stack.server().port(),
                        "POST /v1/chat/completions HTTP/1.1\r\n"
                                + "host: 127.0.0.1\r\n"
                                + "content-type: application/json\r\n"
                                + "x-sim-chunk-delay-ms: 200",
                        body)) {
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertThat(line).startsWith("data: {");
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            assertThat(stack.simulator().stats().streamsCancelled()).isEqualTo(1);
                            assertThat(stack.server().inFlight()).isZero();
                        });

        HttpResponse<String> next = Http.post(chatUrl, body);

        assertThat(cacheOf(next)).isEqualTo("MISS");
        assertThat(CacheSuite.streamedText("/v1/chat/completions", next.body())).isNotBlank();
        assertThat(upstreamRequests()).isEqualTo(2);
    }

    @Test
    void listsEveryRequestOfARunInItsManifest() {
        String run = "cacheit-" + tag;
        String runChat = stack.gatewayUrl() + "/run/" + run + "/v1/chat/completions";
        String body = CacheSuite.chat(tag, false);
        HttpResponse<String> miss = Http.post(runChat, body);
        HttpResponse<String> hit = Http.post(runChat, body);
        Http.post(runChat, body, "x-eval-cache-mode", "off");

        // A request is entered in the manifest when it is done, which can be just after its
        // client has the answer: wait for all three.
        await().untilAsserted(
                        () ->
                                assertThat(
                                                Http.json(
                                                                Http.get(
                                                                                stack.gatewayUrl()
                                                                                        + "/admin/runs/"
                                                                                        + run
                                                                                        + "/manifest")
                                                                        .body())
                                                        .path("requests"))
                                        .hasSize(3));
        HttpResponse<String> manifest =
                Http.get(stack.gatewayUrl() + "/admin/runs/" + run + "/manifest");

        assertThat(manifest.statusCode()).isEqualTo(200);
        JsonNode json = Http.json(manifest.body());
        assertThat(json.path("run").asText()).isEqualTo(run);
        JsonNode requests = json.path("requests");
        assertThat(requests).hasSize(3);
        assertThat(requests.findValuesAsText("cache")).containsExactly("MISS", "HIT", "BYPASS");
        assertThat(requests.get(0).path("key").asText()).isEqualTo(keyOf(miss));
        assertThat(requests.get(1).path("key").asText()).isEqualTo(keyOf(hit));
        // The miss says why (new, or what changed since the closest recorded request).
        assertThat(requests.get(0).path("reason").asText()).isNotBlank();
        assertThat(requests.get(1).path("reason").isNull()).isTrue();
        assertThat(requests.get(2).path("reason").asText()).isEqualTo("mode-off");
        assertThat(requests.findValues("status")).extracting(JsonNode::asInt).containsOnly(200);
        // A miss relays the upstream's own x-request-id; the manifest keeps the gateway's ids.
        assertThat(requests.findValuesAsText("request_id"))
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith("eg-"))
                .contains(hit.headers().firstValue("x-request-id").orElseThrow());
        assertThat(Http.get(stack.gatewayUrl() + "/admin/runs/no-such-run/manifest").statusCode())
                .isEqualTo(404);
    }

    @Test
    void purgesANamespace() {
        String body = CacheSuite.chat(tag, false);
        String ns = "purge-" + tag.substring(0, 12);
        Http.post(chatUrl, body, "x-eval-cache-namespace", ns);
        Http.post(chatUrl, body);
        assertThat(cacheOf(Http.post(chatUrl, body, "x-eval-cache-namespace", ns)))
                .isEqualTo("HIT");

        HttpResponse<String> purged =
                Http.send(
                        Http.request(
                                        stack.gatewayUrl()
                                                + "/admin/cache?namespace="
                                                + URLEncoder.encode(
                                                        "cacheit/" + ns, StandardCharsets.UTF_8))
                                .DELETE()
                                .build());

        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(Http.json(purged.body()).path("purged").asLong()).isEqualTo(1);
        assertThat(cacheOf(Http.post(chatUrl, body, "x-eval-cache-namespace", ns)))
                .isEqualTo("MISS");
        assertThat(cacheOf(Http.post(chatUrl, body))).isEqualTo("HIT");
        assertThat(upstreamRequests()).isEqualTo(3);
    }

    @Test
    void reportsCacheStats() {
        Http.post(chatUrl, CacheSuite.chat(tag, false));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            HttpResponse<String> stats =
                                    Http.get(stack.gatewayUrl() + "/admin/cache/stats");
                            assertThat(stats.statusCode()).isEqualTo(200);
                            JsonNode json = Http.json(stats.body());
                            assertThat(json.path("store").asText()).contains("in-process");
                            assertThat(json.path("stored").asLong()).isPositive();
                            assertThat(json.path("store_failures").asLong()).isZero();
                            assertThat(json.path("in_flight").asInt()).isZero();
                        });
    }

    private void sendIgnoringCut(String body, String... headers) {
        HttpRequest request =
                Http.request(chatUrl, headers)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        try {
            Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // the cut answer may surface as an I/O error; either way it ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static String chatWith(String fields, String prompt) {
        return "{\"model\":\"gpt-4o-mini\","
                + fields
                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt
                + "\"}]}";
    }

    private static long upstreamRequests() {
        return stack.simulator().stats().requests();
    }

    static String cacheOf(HttpResponse<String> r) {
        return r.headers().firstValue("x-eval-cache").orElse("(none)");
    }

    static String keyOf(HttpResponse<String> r) {
        return r.headers().firstValue("x-eval-cache-key").orElse("(none)");
    }
}
