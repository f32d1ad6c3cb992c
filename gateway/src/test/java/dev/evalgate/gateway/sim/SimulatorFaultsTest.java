package dev.evalgate.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorFaultsTest {
    private static final String CHAT =
            "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    private static final String STREAM = CHAT.replaceFirst("\\{", "{\"stream\":true,");
    private static final String ANTHROPIC_STREAM =
            "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";

    private Simulator simulator;
    private SimClient client;

    private void start(SimulatorOptions options) {
        simulator = Simulator.start(options);
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @CsvSource({
        "429, /v1/chat/completions, requests",
        "500, /v1/chat/completions, server_error",
        "503, /v1/chat/completions, server_error",
        "429, /v1/messages, rate_limit_error",
        "503, /v1/messages, overloaded_error"
    })
    void answersInjectedStatusFaultsInTheEndpointsShape(int status, String path, String type) {
        start(SimulatorOptions.defaults());

        HttpResponse<String> response =
                client.post(path, CHAT, "X-Sim-Fault", Integer.toString(status));

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(SimClient.parse(response.body()).at("/error/type").asText()).isEqualTo(type);
        if (status == 429) {
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        }
        assertThat(simulator.stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void injectsOptionFaultIntoEveryApiRequestButNotControl() {
        start(SimulatorOptions.defaults().withFault("503"));

        assertThat(client.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(503);
        assertThat(client.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(client.post("/v1/chat/completions", CHAT, "X-Sim-Fault", "").statusCode())
                .isEqualTo(200);
    }

    @Test
    void neverAnswersATimeoutFaultUntilTheClientGivesUp() {
        start(SimulatorOptions.defaults());

        assertThatThrownBy(
                        () ->
                                client.send(
                                        client.request(
                                                        "/v1/chat/completions",
                                                        "X-Sim-Fault",
                                                        "timeout")
                                                .timeout(Duration.ofMillis(300))
                                                .POST(
                                                        java.net.http.HttpRequest.BodyPublishers
                                                                .ofString(CHAT))))
                .hasRootCauseInstanceOf(HttpTimeoutException.class);
        assertThat(simulator.stats().faultsInjected()).isEqualTo(1);
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
    }

    @Test
    void resetFaultClosesWithoutAnyResponse() throws IOException {
        start(SimulatorOptions.defaults());

        String received;
        try (Socket socket = client.rawPost("/v1/chat/completions", CHAT, "x-sim-fault: reset")) {
            received = SimClient.readToEnd(socket);
        } catch (SocketException e) {
            received = "";
        }

        assertThat(received).isEmpty();
        assertThat(simulator.stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void cutFaultSendsHalfAStreamWithoutItsEnd() throws IOException {
        start(SimulatorOptions.defaults());

        String received;
        try (Socket socket = client.rawPost("/v1/chat/completions", STREAM, "x-sim-fault: cut")) {
            received = SimClient.readToEnd(socket);
        }

        assertThat(received).startsWith("HTTP/1.1 200").contains("data: {");
        assertThat(received).doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
        assertThat(simulator.stats().streamsCancelled()).isZero();
    }

    @Test
    void cutFaultBreaksAPlainBodyShort() {
        start(SimulatorOptions.defaults());

        assertThatThrownBy(() -> client.post("/v1/chat/completions", CHAT, "X-Sim-Fault", "cut"))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(simulator.stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void malformedFaultAnswers200WithABodyThatIsNotJson() {
        start(SimulatorOptions.defaults());
        String good = client.post("/v1/chat/completions", CHAT).body();

        HttpResponse<String> response =
                client.post("/v1/chat/completions", CHAT, "X-Sim-Fault", "malformed");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(Reply.JSON);
        assertThat(response.body()).hasSameSizeAs(good).endsWith("]");
        assertThatThrownBy(() -> SimClient.parse(response.body()))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(simulator.stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void malformedFaultPutsAnEventThatIsNotJsonInAStreamThatStillEnds() {
        start(SimulatorOptions.defaults());

        HttpResponse<String> response =
                client.post("/v1/messages", ANTHROPIC_STREAM, "X-Sim-Fault", "malformed");

        assertThat(response.statusCode()).isEqualTo(200);
        List<SimClient.Event> events = SimClient.parseSse(response.body());
        assertThat(events).filteredOn(e -> e.data().equals(FaultyReplies.GARBAGE)).hasSize(1);
        assertThat(events.get(events.size() - 1).name()).isEqualTo("message_stop");
    }

    @Test
    void partialFaultEndsAStreamCleanlyWithoutItsFinalEventAndCloses() {
        start(SimulatorOptions.defaults());
        int whole = SimClient.parseSse(client.post("/v1/chat/completions", STREAM).body()).size();

        HttpResponse<String> response =
                client.post("/v1/chat/completions", STREAM, "X-Sim-Fault", "partial");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("connection")).hasValue("close");
        List<SimClient.Event> events = SimClient.parseSse(response.body());
        assertThat(events).hasSize(whole / 2).noneMatch(e -> e.data().equals("[DONE]"));
        assertThat(events).allSatisfy(e -> assertThat(e.json().has("choices")).isTrue());
    }

    @Test
    void partialFaultSendsHalfAPlainBodyUnderAMatchingLength() {
        start(SimulatorOptions.defaults());
        String good = client.post("/v1/chat/completions", CHAT).body();

        HttpResponse<String> response =
                client.post("/v1/chat/completions", CHAT, "X-Sim-Fault", "partial");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(good.substring(0, good.length() / 2));
    }

    @ParameterizedTest
    @CsvSource({"/v1/chat/completions, false", "/v1/chat/completions, true", "/v1/messages, true"})
    void htmlFaultAnswersAnHtmlPageWith200WhateverWasAsked(String path, boolean stream) {
        start(SimulatorOptions.defaults());
        String body = path.equals("/v1/messages") ? ANTHROPIC_STREAM : stream ? STREAM : CHAT;

        HttpResponse<String> response = client.post(path, body, "X-Sim-Fault", "html");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValue("text/html; charset=utf-8");
        assertThat(response.body()).isEqualTo(FaultyReplies.HTML_PAGE);
    }

    @Test
    void stallFaultSendsHalfAStreamThenNothingAndKeepsTheConnection() throws IOException {
        start(SimulatorOptions.defaults());
        List<SimClient.Event> whole =
                SimClient.parseSse(client.post("/v1/chat/completions", STREAM).body());
        String lastSent = "data: " + whole.get(whole.size() / 2 - 1).data() + "\n\n";
        String firstHeld = "data: " + whole.get(whole.size() / 2).data() + "\n\n";
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
        simulator.reset();

        try (Socket socket = client.rawPost("/v1/chat/completions", STREAM, "x-sim-fault: stall")) {
            String received = SimClient.readUntil(socket, lastSent);
            assertThat(received).startsWith("HTTP/1.1 200").doesNotContain(firstHeld);
            assertThat(simulator.stats().inFlight()).isEqualTo(1);
            socket.setSoTimeout(200);
            // Open and silent: a read waits (a closed connection would answer -1 at once).
            assertThatThrownBy(() -> socket.getInputStream().read(new byte[64 * 1024]))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(simulator.stats().streamsCompleted()).isZero();
        }

        await().untilAsserted(() -> assertThat(simulator.stats().streamsCancelled()).isEqualTo(1));
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
    }

    @Test
    void stallFaultSendsHalfAPlainBodyThenNothing() throws IOException {
        start(SimulatorOptions.defaults());

        try (Socket socket = client.rawPost("/v1/chat/completions", CHAT, "x-sim-fault: stall")) {
            String received = SimClient.readUntil(socket, "{\"id\"");
            assertThat(received).startsWith("HTTP/1.1 200");
            socket.setSoTimeout(200);
            assertThatThrownBy(() -> socket.getInputStream().read(new byte[64 * 1024]))
                    .isInstanceOf(SocketTimeoutException.class);
        }

        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
    }

    @Test
    void answerBytesMakesAPlainAnswerAtLeastThatLong() {
        start(SimulatorOptions.defaults());

        HttpResponse<String> response =
                client.post("/v1/chat/completions", CHAT, "X-Sim-Answer-Bytes", "1000000");

        assertThat(response.statusCode()).isEqualTo(200);
        var json = SimClient.parse(response.body());
        String text = json.at("/choices/0/message/content").asText();
        assertThat(text.length()).isBetween(1_000_000, 1_000_020);
        assertThat(json.at("/usage/completion_tokens").asInt()).isEqualTo(text.split(" ").length);
        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void answerBytesStreamsTheSameHugeTextInBoundedEvents() {
        start(SimulatorOptions.defaults());
        String plain =
                SimClient.parse(
                                client.post(
                                                "/v1/chat/completions",
                                                CHAT,
                                                "X-Sim-Answer-Bytes",
                                                "1000000")
                                        .body())
                        .at("/choices/0/message/content")
                        .asText();

        List<SimClient.Event> events =
                SimClient.parseSse(
                        client.post("/v1/chat/completions", STREAM, "X-Sim-Answer-Bytes", "1000000")
                                .body());

        // about 140,000 words: past Answer.MAX_DELTAS, so words are grouped into fewer events
        assertThat(events.size()).isLessThan(Answer.MAX_DELTAS + 8);
        StringBuilder streamed = new StringBuilder();
        for (SimClient.Event e : events.subList(0, events.size() - 1)) {
            streamed.append(e.json().at("/choices/0/delta/content").asText(""));
        }
        assertThat(streamed.toString()).isEqualTo(plain);
    }

    @Test
    void rejectsAnswerBytesOutOfRange() {
        start(SimulatorOptions.defaults());

        HttpResponse<String> response =
                client.post(
                        "/v1/chat/completions",
                        CHAT,
                        "X-Sim-Answer-Bytes",
                        Integer.toString(Injection.MAX_ANSWER_BYTES + 1));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("X-Sim-Answer-Bytes");
    }

    @Test
    void countsRequestsStreamsAndRecordsWhatArrived() {
        start(SimulatorOptions.defaults());

        client.post("/v1/chat/completions", CHAT, "Authorization", "Bearer sk-test");
        client.post("/v1/chat/completions", STREAM);
        client.post("/v1/chat/completions", CHAT.replace("sim-small", "gpt-4o-mini"));

        SimStats stats = simulator.stats();
        assertThat(stats.requests()).isEqualTo(3);
        assertThat(stats.requestsFor("sim-small")).isEqualTo(2);
        assertThat(stats.requestsFor("gpt-4o-mini")).isEqualTo(1);
        assertThat(stats.requestsFor("nobody")).isZero();
        assertThat(stats.requestsByEndpoint()).containsEntry("/v1/chat/completions", 3L);
        assertThat(stats.streamsStarted()).isEqualTo(1);
        await().untilAsserted(() -> assertThat(simulator.stats().streamsCompleted()).isEqualTo(1));
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
        RecordedRequest first = simulator.recordedRequests().get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.uri()).isEqualTo("/v1/chat/completions");
        assertThat(first.headers()).containsEntry("authorization", "Bearer sk-test");
        assertThat(first.body()).isEqualTo(CHAT);
    }

    @Test
    void countsAClientThatLeavesMidStreamAsCancelled() throws IOException {
        start(SimulatorOptions.defaults());

        try (Socket socket =
                client.rawPost("/v1/chat/completions", STREAM, "x-sim-chunk-delay-ms: 500")) {
            SimClient.readUntil(socket, "data: {");
            assertThat(simulator.stats().inFlight()).isEqualTo(1);
        }

        await().untilAsserted(() -> assertThat(simulator.stats().streamsCancelled()).isEqualTo(1));
        assertThat(simulator.stats().streamsCompleted()).isZero();
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
    }

    @Test
    void remembersTheMostRequestsInFlightAtOnceUntilReset() throws IOException {
        start(SimulatorOptions.defaults());

        try (Socket a =
                        client.rawPost(
                                "/v1/chat/completions", STREAM, "x-sim-chunk-delay-ms: 500");
                Socket b =
                        client.rawPost(
                                "/v1/chat/completions", STREAM, "x-sim-chunk-delay-ms: 500");
                Socket c =
                        client.rawPost(
                                "/v1/chat/completions", STREAM, "x-sim-chunk-delay-ms: 500")) {
            SimClient.readUntil(a, "data: {");
            SimClient.readUntil(b, "data: {");
            SimClient.readUntil(c, "data: {");
            assertThat(simulator.stats().maxInFlight()).isEqualTo(3);
        }
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
        client.post("/v1/chat/completions", CHAT);

        assertThat(simulator.stats().maxInFlight()).isEqualTo(3);
        // The client can have its answer before the simulator has counted the request done.
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
        simulator.reset();
        assertThat(simulator.stats().maxInFlight()).isZero();
        client.post("/v1/chat/completions", CHAT);
        assertThat(simulator.stats().maxInFlight()).isEqualTo(1);
    }

    @Test
    void holdsTheAnswerForTheRequestedLatency() {
        start(SimulatorOptions.defaults());

        CompletableFuture<HttpResponse<String>> answer =
                CompletableFuture.supplyAsync(
                        () -> client.post("/v1/chat/completions", CHAT, "X-Sim-Latency-Ms", "400"));

        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isEqualTo(1));
        assertThat(answer.join().statusCode()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(simulator.stats().inFlight()).isZero());
    }

    @Test
    void faultsOnlyTheFirstTimesRequestsOfTheSameBody() {
        start(SimulatorOptions.defaults());

        assertThat(statusOf(CHAT, "X-Sim-Fault", "500", "X-Sim-Fault-Times", "2")).isEqualTo(500);
        assertThat(statusOf(CHAT, "X-Sim-Fault", "500", "X-Sim-Fault-Times", "2")).isEqualTo(500);
        assertThat(statusOf(CHAT, "X-Sim-Fault", "500", "X-Sim-Fault-Times", "2")).isEqualTo(200);
        assertThat(statusOf(STREAM, "X-Sim-Fault", "500", "X-Sim-Fault-Times", "2"))
                .as("another body is counted on its own")
                .isEqualTo(500);
        assertThat(simulator.stats().faultsInjected()).isEqualTo(3);
    }

    @Test
    void countsFaultTimesPerFaultKeyWhateverTheBody() {
        start(SimulatorOptions.defaults());

        assertThat(
                        statusOf(
                                CHAT,
                                "X-Sim-Fault",
                                "429",
                                "X-Sim-Fault-Times",
                                "1",
                                "X-Sim-Fault-Key",
                                "a"))
                .isEqualTo(429);
        assertThat(
                        statusOf(
                                STREAM,
                                "X-Sim-Fault",
                                "429",
                                "X-Sim-Fault-Times",
                                "1",
                                "X-Sim-Fault-Key",
                                "a"))
                .isEqualTo(200);
        assertThat(
                        statusOf(
                                STREAM,
                                "X-Sim-Fault",
                                "429",
                                "X-Sim-Fault-Times",
                                "1",
                                "X-Sim-Fault-Key",
                                "b"))
                .isEqualTo(429);
    }

    @Test
    void resetForgetsTheFaultTimesAlreadyUsed() {
        start(SimulatorOptions.defaults());
        String[] once = {"X-Sim-Fault", "503", "X-Sim-Fault-Times", "1", "X-Sim-Fault-Key", "k"};
        assertThat(statusOf(CHAT, once)).isEqualTo(503);
        assertThat(statusOf(CHAT, once)).isEqualTo(200);

        simulator.reset();

        assertThat(statusOf(CHAT, once)).isEqualTo(503);
    }

    @Test
    void neverFaultsWithZeroTimes() {
        start(SimulatorOptions.defaults());

        assertThat(statusOf(CHAT, "X-Sim-Fault", "500", "X-Sim-Fault-Times", "0")).isEqualTo(200);
        assertThat(simulator.stats().faultsInjected()).isZero();
    }

    @Test
    void rejectsMalformedFaultTimes() {
        start(SimulatorOptions.defaults());

        HttpResponse<String> response =
                client.post(
                        "/v1/chat/completions",
                        CHAT,
                        "X-Sim-Fault",
                        "500",
                        "X-Sim-Fault-Times",
                        "-1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("X-Sim-Fault-Times: -1");
        assertThat(simulator.stats().faultsInjected()).isZero();
    }

    @Test
    void rejectsAnUnknownFaultHeader() {
        start(SimulatorOptions.defaults());

        HttpResponse<String> response =
                client.post("/v1/chat/completions", CHAT, "X-Sim-Fault", "meltdown");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(simulator.stats().faultsInjected()).isZero();
    }

    private int statusOf(String body, String... headers) {
        return client.post("/v1/chat/completions", body, headers).statusCode();
    }
}
