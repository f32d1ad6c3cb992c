package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A misbehaving upstream, fault by fault: each gives the client the documented outcome (an error in
 * its protocol's shape, or a stream that ends) and stores nothing, so a repeat of the request goes
 * upstream again instead of replaying the broken answer. Every test gets a fresh stack, so the
 * failures of one never open another's circuit.
 */
class UpstreamFaultsIT {

    private static final String YAML =
            """
            server:
              host: 127.0.0.1
              port: 0
              io_threads: 2
            providers:
              sim:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [gpt-4o-*]
                first_byte_timeout: 1s
                idle_timeout: 1s
              sim-anthropic:
                kind: anthropic
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [claude-*]
                first_byte_timeout: 1s
                idle_timeout: 1s
              patient:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [gpt-4.1-*]
            routes:
              - name: stormy
                match: {model: eval/stormy}
                target: {provider: sim, model: gpt-4o-mini}
                attempts: 3
            cache:
              max_entry_bytes: 8MiB
            """;

    private static final String CHAT = "/v1/chat/completions";
    private static final String MESSAGES = "/v1/messages";

    private GatewayStack stack;
    private String tag;

    @BeforeEach
    void start() {
        stack = GatewayStack.start(YAML);
        tag = "faults " + UUID.randomUUID();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void answersAPlainAnswerThatIsNotJsonWith502AndStoresNothing() {
        String body = CacheSuite.chat(tag, false);

        HttpResponse<String> r = post(CHAT, body, "X-Sim-Fault", "malformed");

        JsonNode error = ErrorShapes.openAi(r, 502, "api_error", "upstream_unavailable");
        assertThat(error.path("message").asText()).contains("not valid JSON");
        assertThat(upstreamErrors("invalid_answer")).isEqualTo(1);
        assertStoredNothingAndRepeatGoesUpstream(CHAT, body);
    }

    @Test
    void answersAPlainAnswerThatEndsEarlyWith502AndStoresNothing() {
        String body = CacheSuite.messages(tag, false);

        HttpResponse<String> r = post(MESSAGES, body, "X-Sim-Fault", "partial");

        ErrorShapes.anthropic(r, 502, "api_error");
        assertStoredNothingAndRepeatGoesUpstream(MESSAGES, body);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void answersAnHtmlPageWith502WhetherOrNotTheClientStreams(boolean stream) {
        String body = CacheSuite.chat(tag, stream);

        HttpResponse<String> r = post(CHAT, body, "X-Sim-Fault", "html");

        JsonNode error = ErrorShapes.openAi(r, 502, "api_error", "upstream_unavailable");
        assertThat(error.path("message").asText()).contains("text/html");
        assertStoredNothingAndRepeatGoesUpstream(CHAT, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAT, MESSAGES})
    void relaysAStreamWithAnEventThatIsNotJsonAndStoresNothing(String path) {
        String body =
                path.equals(CHAT) ? CacheSuite.chat(tag, true) : CacheSuite.messages(tag, true);

        Streamed s = stream(path, body, "X-Sim-Fault", "malformed");

        assertThat(s.status()).isEqualTo(200);
        assertThat(s.cache()).isEqualTo("MISS");
        assertThat(s.lines())
                .filteredOn(l -> l.startsWith("data: {\"choices\": [ not json"))
                .hasSize(1);
        assertThat(s.brokeOff()).isFalse();
        assertStoredNothingAndRepeatGoesUpstream(path, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAT, MESSAGES})
    void relaysAStreamThatEndsWithoutItsFinalEventAndStoresNothing(String path) {
        String body =
                path.equals(CHAT) ? CacheSuite.chat(tag, true) : CacheSuite.messages(tag, true);

        Streamed s = stream(path, body, "X-Sim-Fault", "partial");

        assertThat(s.status()).isEqualTo(200);
        assertThat(s.lines()).filteredOn(l -> l.startsWith("data: {")).isNotEmpty();
        assertThat(s.lines())
                .doesNotContain("data: [DONE]", "event: message_stop")
                .noneMatch(l -> l.contains("\"finish_reason\":\"stop\""));
        assertThat(s.brokeOff()).isFalse();
        assertStoredNothingAndRepeatGoesUpstream(path, body);
    }

    @Test
    void endsAStreamThatStallsAfterTheIdleTimeoutAndStoresNothing() {
        String body = CacheSuite.chat(tag, true);

        Streamed s = stream(CHAT, body, "X-Sim-Fault", "stall");

        assertThat(s.status()).isEqualTo(200);
        assertThat(s.lines()).filteredOn(l -> l.startsWith("data: {")).isNotEmpty();
        assertThat(s.lines()).doesNotContain("data: [DONE]");
        assertThat(upstreamErrors("timeout")).isEqualTo(1);
        assertStoredNothingAndRepeatGoesUpstream(CHAT, body);
    }

    @Test
    void answersAPlainAnswerThatStallsWith504AndStoresNothing() {
        String body = CacheSuite.chat(tag, false);

        HttpResponse<String> r = post(CHAT, body, "X-Sim-Fault", "stall");

        JsonNode error = ErrorShapes.openAi(r, 504, "timeout_error", "upstream_timeout");
        assertThat(error.path("message").asText()).contains("went silent");
        assertStoredNothingAndRepeatGoesUpstream(CHAT, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cut", "reset"})
    void storesNothingFromAConnectionThatBreaks(String fault) {
        String plain = CacheSuite.chat(tag + " plain", false);
        String streamed = CacheSuite.chat(tag + " streamed", true);

        ErrorShapes.openAi(
                post(CHAT, plain, "X-Sim-Fault", fault), 502, "api_error", "upstream_unavailable");
        Streamed s = stream(CHAT, streamed, "X-Sim-Fault", fault);

        assertThat(s.lines()).doesNotContain("data: [DONE]");
        assertStoredNothingAndRepeatGoesUpstream(CHAT, plain, 0);
        assertStoredNothingAndRepeatGoesUpstream(CHAT, streamed, 1);
    }

    @Test
    void waitsForAFirstByteWithinTheTimeoutAndStoresTheAnswer() {
        String body = CacheSuite.chat(tag, true);

        Streamed s = stream(CHAT, body, "X-Sim-Latency-Ms", "400");

        assertThat(s.status()).isEqualTo(200);
        assertThat(s.lines()).contains("data: [DONE]");
        awaitIdle();
        HttpResponse<String> again = post(CHAT, body);
        assertThat(CacheIT.cacheOf(again)).isEqualTo("HIT");
        assertThat(stack.simulator().stats().requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void answersAFirstByteLaterThanTheTimeoutWith504AndStoresNothing(boolean streamed) {
        String body = CacheSuite.chat(tag, streamed);

        HttpResponse<String> r = post(CHAT, body, "X-Sim-Latency-Ms", "3000");

        JsonNode error = ErrorShapes.openAi(r, 504, "timeout_error", "upstream_timeout");
        assertThat(error.path("message").asText()).contains("1000 ms");
        assertStoredNothingAndRepeatGoesUpstream(CHAT, body);
    }

    @Test
    void relaysAHugeAnswerIntactAndCachesItUnderTheEntryLimit() {
        String body = huge(false);
        String direct = sha256(directToSimulator(body, 6 << 20).body());

        HttpResponse<String> first = post(CHAT, body, "X-Sim-Answer-Bytes", "6291456");
        awaitIdle();
        HttpResponse<String> second = post(CHAT, body, "X-Sim-Answer-Bytes", "6291456");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body().length()).isGreaterThan(6 << 20);
        assertThat(sha256(first.body())).isEqualTo(direct);
        assertThat(CacheIT.cacheOf(second)).isEqualTo("HIT");
        assertThat(sha256(second.body())).isEqualTo(direct);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void relaysAnAnswerOverTheEntryLimitIntactAndDoesNotCacheIt(boolean streamed) {
        String body = huge(streamed);
        String size = Integer.toString(24 << 20);
        String direct = directToSimulator(body, 24 << 20).body();

        HttpResponse<String> first = post(CHAT, body, "X-Sim-Answer-Bytes", size);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(sha256(first.body())).isEqualTo(sha256(direct));
        awaitIdle();
        assertThat(stored()).isZero();
        HttpResponse<String> second = post(CHAT, body, "X-Sim-Answer-Bytes", size);
        assertThat(CacheIT.cacheOf(second)).isEqualTo("MISS");
        assertThat(sha256(second.body())).isEqualTo(sha256(direct));
        assertThat(stack.simulator().stats().requests()).isEqualTo(3);
    }

    @Test
    void boundsItsRetriesInARateLimitStormAndPassesTheLast429Through() throws Exception {
        int clients = 100;
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            // Even clients are refused twice then answered (3 attempts); odd ones always refused.
            String times = i % 2 == 0 ? "2" : "3";
            String body =
                    "{\"model\":\"eval/stormy\",\"messages\":[{\"role\":\"user\",\"content\":\""
                            + tag
                            + " storm "
                            + i
                            + "\"}]}";
            sent.add(
                    Http.CLIENT.sendAsync(
                            Http.request(
                                            stack.gatewayUrl() + CHAT,
                                            "X-Sim-Fault",
                                            "429",
                                            "X-Sim-Fault-Times",
                                            times)
                                    .header("content-type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        String rateLimited =
                Http.post(
                                stack.simulator().baseUrl() + "/chat/completions",
                                CacheSuite.chat(tag + " direct", false),
                                "X-Sim-Fault",
                                "429")
                        .body();

        for (int i = 0; i < clients; i++) {
            HttpResponse<String> r = sent.get(i).join();
            if (i % 2 == 0) {
                assertThat(r.statusCode()).as("client %d", i).isEqualTo(200);
                assertThat(Http.json(r.body()).at("/choices/0/message/content").asText())
                        .isNotBlank();
            } else {
                assertThat(r.statusCode()).as("client %d", i).isEqualTo(429);
                assertThat(r.body()).isEqualTo(rateLimited);
                assertThat(r.headers().firstValue("retry-after")).hasValue("1");
            }
        }
        // Three attempts each, never more: 100 clients, 300 upstream calls (and the direct one).
        assertThat(stack.simulator().stats().requests()).isEqualTo(3L * clients + 1);
        assertThat(stack.simulator().stats().faultsInjected()).isEqualTo(5L * clients / 2 + 1);
        awaitIdle();
        assertThat(stored()).isEqualTo(clients / 2);
        String metrics = metrics();
        assertThat(metrics).contains("evalgate_upstream_circuit_state{provider=\"sim\"} 0.0");
        assertThat(Metrics.value(metrics, "evalgate_upstream_retries_total", "reason", "429"))
                .isEqualTo(2.0 * clients);
    }

    /**
     * After a broken answer: the gateway is idle and stored nothing more than {@code storedBefore},
     * and the same request goes upstream (a MISS with a proper answer), is stored, then hits.
     */
    private void assertStoredNothingAndRepeatGoesUpstream(
            String path, String body, long storedBefore) {
        awaitIdle();
        assertThat(stored()).as("answers stored").isEqualTo(storedBefore);
        long upstreamBefore = stack.simulator().stats().requests();

        HttpResponse<String> repeat = post(path, body);

        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
        assertThat(CacheIT.cacheOf(repeat)).isEqualTo("MISS");
        boolean streamed = body.contains("\"stream\":true");
        String text =
                streamed
                        ? CacheSuite.streamedText(path, repeat.body())
                        : CacheSuite.plainText(path, repeat.body());
        assertThat(text).isNotBlank();
        assertThat(stack.simulator().stats().requests()).isEqualTo(upstreamBefore + 1);
        awaitIdle();
        assertThat(stored()).isEqualTo(storedBefore + 1);
        HttpResponse<String> hit = post(path, body);
        assertThat(CacheIT.cacheOf(hit)).isEqualTo("HIT");
    }

    private void assertStoredNothingAndRepeatGoesUpstream(String path, String body) {
        assertStoredNothingAndRepeatGoesUpstream(path, body, 0);
    }

    private void awaitIdle() {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> {
                            assertThat(stack.server().inFlight()).isZero();
                            assertThat(stack.simulator().stats().inFlight()).isZero();
                        });
    }

    private HttpResponse<String> post(String path, String body, String... headers) {
        String[] all = withVersion(path, headers);
        return Http.post(stack.gatewayUrl() + path, body, all);
    }

    /**
     * A request to the provider with default timeouts: the simulator takes a while to build a huge
     * answer before its first byte.
     */
    private String huge(boolean streamed) {
        return CacheSuite.chat(tag, streamed).replace("gpt-4o-mini", "gpt-4.1-mini");
    }

    private HttpResponse<String> directToSimulator(String body, int answerBytes) {
        return Http.post(
                stack.simulator().baseUrl() + "/chat/completions",
                body,
                "X-Sim-Answer-Bytes",
                Integer.toString(answerBytes));
    }

    /** A streamed answer read line by line to its end; no stream may hang the test. */
    private Streamed stream(String path, String body, String... headers) {
        String[] all = withVersion(path, headers);
        return assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> {
                    HttpResponse<Stream<String>> r =
                            Http.sendLines(
                                    Http.request(stack.gatewayUrl() + path, all)
                                            .header("content-type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build());
                    List<String> lines = new ArrayList<>();
                    boolean brokeOff = false;
                    try (Stream<String> in = r.body()) {
                        in.forEach(lines::add);
                    } catch (UncheckedIOException e) {
                        brokeOff = true;
                    }
                    return new Streamed(
                            r.statusCode(),
                            r.headers().firstValue("x-eval-cache").orElse("(none)"),
                            lines,
                            brokeOff);
                });
    }

    private static String[] withVersion(String path, String[] headers) {
        if (!path.equals(MESSAGES)) {
            return headers;
        }
        String[] all = new String[headers.length + 2];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "anthropic-version";
        all[headers.length + 1] = "2023-06-01";
        return all;
    }

    private long stored() {
        return Http.json(Http.get(stack.gatewayUrl() + "/admin/cache/stats").body())
                .path("stored")
                .asLong();
    }

    private double upstreamErrors(String reason) {
        return Metrics.value(metrics(), "evalgate_upstream_errors_total", "reason", reason);
    }

    private String metrics() {
        return Http.get(stack.gatewayUrl() + "/metrics").body();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How a streamed answer went: status, cache outcome, lines, and whether it broke off. */
    private record Streamed(int status, String cache, List<String> lines, boolean brokeOff) {}
}
