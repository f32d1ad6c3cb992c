package dev.evalgate.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    private static final String CHAT =
            "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    private static final String MESSAGES =
            "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":100,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";

    private Simulator simulator;
    private SimClient client;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void answersSameBodyWithSameBytes() {
        HttpResponse<String> first = client.post("/v1/chat/completions", CHAT);
        HttpResponse<String> second = client.post("/v1/chat/completions", CHAT);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(client.post("/v1/messages", MESSAGES).body())
                .isEqualTo(client.post("/v1/messages", MESSAGES).body());
    }

    @Test
    void answersChatWithEveryFieldTheSdkRequires() {
        HttpResponse<String> response = client.post("/v1/chat/completions", CHAT);
        JsonNode body = SimClient.parse(response.body());

        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-request-id").orElseThrow()).startsWith("req_");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens")).isPresent();
        assertThat(body.get("id").asText()).matches("chatcmpl-[0-9a-f]+");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.get("model").asText()).isEqualTo("sim-small");
        assertThat(body.get("system_fingerprint").asText()).isNotEmpty();
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isNotBlank();
        assertThat(choice.get("message").get("refusal").isNull()).isTrue();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(
                        usage.get("prompt_tokens").asInt()
                                + usage.get("completion_tokens").asInt());
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isZero();
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isZero();
    }

    @Test
    void answersDifferentModelsDifferently() {
        String other = CHAT.replace("sim-small", "sim-large");

        assertThat(text(client.post("/v1/chat/completions", other)))
                .isNotEqualTo(text(client.post("/v1/chat/completions", CHAT)));
    }

    @Test
    void streamsChatDeltasThatConcatenateToThePlainAnswer() {
        String plain = text(client.post("/v1/chat/completions", CHAT));
        HttpResponse<String> response =
                client.post("/v1/chat/completions", CHAT.replaceFirst("\\{", "{\"stream\":true,"));
        List<SimClient.Event> events = SimClient.parseSse(response.body());

        assertThat(response.headers().firstValue("content-type"))
                .hasValue("text/event-stream; charset=utf-8");
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        List<JsonNode> chunks =
                events.subList(0, events.size() - 1).stream().map(SimClient.Event::json).toList();
        assertThat(chunks)
                .allSatisfy(
                        c ->
                                assertThat(c.get("object").asText())
                                        .isEqualTo("chat.completion.chunk"));
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText())
                .isEqualTo("stop");
        String streamed =
                chunks.stream()
                        .map(c -> c.at("/choices/0/delta/content").asText(""))
                        .collect(Collectors.joining());
        assertThat(streamed).isEqualTo(plain);
    }

    @Test
    void addsUsageChunkWithNoChoicesWhenAsked() {
        String body =
                CHAT.replaceFirst(
                        "\\{", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},");
        List<SimClient.Event> events =
                SimClient.parseSse(client.post("/v1/chat/completions", body).body());

        JsonNode usageChunk = events.get(events.size() - 2).json();
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(events.get(0).json().get("usage").isNull()).isTrue();
    }

    @Test
    void capsAnswerAtMaxTokensWithLengthFinish() {
        String capped = CHAT.replaceFirst("\\{", "{\"max_tokens\":3,");
        JsonNode body = SimClient.parse(client.post("/v1/chat/completions", capped).body());

        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(body.at("/choices/0/message/content").asText().split(" ")).hasSize(3);
    }

    @Test
    void streamsMessagesInAnthropicsEventOrder() {
        JsonNode plain = SimClient.parse(client.post("/v1/messages", MESSAGES).body());
        HttpResponse<String> response =
                client.post("/v1/messages", MESSAGES.replaceFirst("\\{", "{\"stream\":true,"));
        List<SimClient.Event> events = SimClient.parseSse(response.body());

        assertThat(response.headers().firstValue("request-id").orElseThrow()).startsWith("req_");
        assertThat(events)
                .allSatisfy(e -> assertThat(e.json().get("type").asText()).isEqualTo(e.name()));
        List<String> names = events.stream().map(SimClient.Event::name).distinct().toList();
        assertThat(names)
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "ping",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        String streamed =
                events.stream()
                        .filter(e -> "content_block_delta".equals(e.name()))
                        .map(e -> e.json().at("/delta/text").asText())
                        .collect(Collectors.joining());
        assertThat(streamed).isEqualTo(plain.at("/content/0/text").asText());
        assertThat(plain.get("id").asText()).matches("msg_[0-9a-f]+");
        assertThat(plain.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(plain.get("stop_sequence").isNull()).isTrue();
        JsonNode delta = events.get(events.size() - 2).json();
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.at("/usage/output_tokens").asInt())
                .isEqualTo(plain.at("/usage/output_tokens").asInt());
    }

    @Test
    void streamsLegacyCompletionsLikeThePlainAnswer() {
        String body = "{\"model\":\"sim-small\",\"prompt\":\"Once upon a time\"}";
        JsonNode plain = SimClient.parse(client.post("/v1/completions", body).body());
        List<SimClient.Event> events =
                SimClient.parseSse(
                        client.post(
                                        "/v1/completions",
                                        body.replaceFirst("\\{", "{\"stream\":true,"))
                                .body());

        assertThat(plain.get("object").asText()).isEqualTo("text_completion");
        String streamed =
                events.subList(0, events.size() - 1).stream()
                        .map(e -> e.json().at("/choices/0/text").asText())
                        .collect(Collectors.joining());
        assertThat(streamed).isEqualTo(plain.at("/choices/0/text").asText());
    }

    @Test
    void encodesSameUnitEmbeddingAsFloatsAndBase64() {
        String body = "{\"model\":\"sim-embed\",\"input\":[\"alpha\",\"beta\"],\"dimensions\":8}";
        JsonNode floats = SimClient.parse(client.post("/v1/embeddings", body).body());
        JsonNode base64 =
                SimClient.parse(
                        client.post(
                                        "/v1/embeddings",
                                        body.replaceFirst(
                                                "\\{", "{\"encoding_format\":\"base64\","))
                                .body());

        assertThat(floats.get("data")).hasSize(2);
        JsonNode vector = floats.at("/data/1/embedding");
        ByteBuffer decoded =
                ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/1/embedding").asText()))
                        .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(decoded.remaining()).isEqualTo(8 * Float.BYTES);
        double norm = 0;
        for (int i = 0; i < 8; i++) {
            float value = decoded.getFloat();
            assertThat(value).isCloseTo(vector.get(i).floatValue(), within(1e-6f));
            norm += value * value;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
        assertThat(floats.at("/usage/prompt_tokens").asInt()).isPositive();
    }

    @Test
    void embedsSimilarTextsAsSimilarVectors() {
        String body =
                "{\"model\":\"text-embedding-3-small\",\"dimensions\":256,\"input\":["
                        + "\"Summarise the customer review in three sentences.\","
                        + "\"summarise the customer review, in three sentences\","
                        + "\"Summarise the customer review in three short sentences.\","
                        + "\"What is the capital of France?\"]}";
        JsonNode data = SimClient.parse(client.post("/v1/embeddings", body).body()).get("data");
        JsonNode again = SimClient.parse(client.post("/v1/embeddings", body).body()).get("data");

        assertThat(again).isEqualTo(data);
        assertThat(cosine(data.at("/0/embedding"), data.at("/1/embedding")))
                .isCloseTo(1.0, within(1e-6));
        // Seven shared words of seven and eight: 7 / sqrt(56).
        assertThat(cosine(data.at("/0/embedding"), data.at("/2/embedding")))
                .isCloseTo(0.935, within(0.01));
        assertThat(cosine(data.at("/0/embedding"), data.at("/3/embedding"))).isLessThan(0.5);
    }

    private static double cosine(JsonNode a, JsonNode b) {
        double dot = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i).doubleValue() * b.get(i).doubleValue();
        }
        return dot;
    }

    @Test
    void listsSimGptAndClaudeModels() {
        JsonNode models = SimClient.parse(client.get("/v1/models").body());

        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data").findValuesAsText("id"))
                .anyMatch(id -> id.startsWith("sim-"))
                .anyMatch(id -> id.startsWith("gpt-"))
                .anyMatch(id -> id.startsWith("claude-"));
    }

    @Test
    void servesApiPathsBehindAnyPrefixIgnoringQuery() {
        HttpResponse<String> response =
                client.post("/openai/v1/chat/completions?api-version=2024-10-21", CHAT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(simulator.stats().requestsByEndpoint())
                .containsEntry("/v1/chat/completions", 1L);
    }

    @Test
    void rejectsBadRequestsWithProtocolShapedErrors() {
        HttpResponse<String> malformed = client.post("/v1/chat/completions", "{not json");
        HttpResponse<String> noModel = client.post("/v1/chat/completions", "{\"messages\":[]}");
        HttpResponse<String> noMaxTokens =
                client.post("/v1/messages", MESSAGES.replace("\"max_tokens\":100,", ""));
        HttpResponse<String> unknown = client.get("/v1/nothing-here");
        HttpResponse<String> wrongMethod = client.get("/v1/chat/completions");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(SimClient.parse(malformed.body()).at("/error/type").asText())
                .isEqualTo("invalid_request_error");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(SimClient.parse(noModel.body()).at("/error/param").asText()).isEqualTo("model");
        assertThat(SimClient.parse(noModel.body()).get("error").has("code")).isTrue();
        assertThat(noMaxTokens.statusCode()).isEqualTo(400);
        JsonNode anthropic = SimClient.parse(noMaxTokens.body());
        assertThat(anthropic.get("type").asText()).isEqualTo("error");
        assertThat(anthropic.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(anthropic.at("/error/message").asText()).contains("max_tokens");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(SimClient.parse(unknown.body()).at("/error/message").asText()).isNotEmpty();
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void servesHealthStatsAndReset() {
        client.post("/v1/chat/completions", CHAT);

        assertThat(client.get("/healthz").body()).isEqualTo("{\"status\":\"ok\"}");
        JsonNode stats = SimClient.parse(client.get("/sim/stats").body());
        assertThat(stats.get("requests").asLong()).isEqualTo(1);
        assertThat(stats.at("/requestsByModel/sim-small").asLong()).isEqualTo(1);
        assertThat(client.post("/sim/reset", "").statusCode()).isEqualTo(200);
        assertThat(simulator.stats().requests()).isZero();
        assertThat(simulator.recordedRequests()).isEmpty();
    }

    @Test
    void refusesHealthChecksUntilToldToAnswerThemAndServesTheApiMeanwhile() {
        assertThat(client.get("/v1/models").statusCode()).isEqualTo(200);

        simulator.healthy(false);

        HttpResponse<String> models = client.get("/v1/models");
        assertThat(models.statusCode()).isEqualTo(503);
        assertThat(SimClient.parse(models.body()).at("/error/code").asText())
                .isEqualTo("service_unavailable");
        assertThat(client.get("/healthz").statusCode()).isEqualTo(503);
        assertThat(client.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(simulator.stats().requests()).as("refused checks are not counted").isEqualTo(2);

        HttpResponse<String> set = client.post("/sim/health", "{\"healthy\": true}");
        assertThat(set.body()).isEqualTo("{\"healthy\":true}");
        assertThat(client.get("/v1/models").statusCode()).isEqualTo(200);
        assertThat(client.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(client.post("/sim/health", "{\"healthy\": \"no\"}").statusCode()).isEqualTo(400);
    }

    private static String text(HttpResponse<String> response) {
        return SimClient.parse(response.body()).at("/choices/0/message/content").asText();
    }
}
