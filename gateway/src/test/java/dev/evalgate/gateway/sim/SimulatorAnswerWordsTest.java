package dev.evalgate.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code X-Sim-Answer-Words} and the flow figures that large answers are written with. */
class SimulatorAnswerWordsTest {
    private static final String CHAT =
            "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";

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
    void answersWithTheRequestedNumberOfWordsWrittenInSlices() {
        HttpResponse<String> r =
                client.post("/v1/chat/completions", CHAT, "X-Sim-Answer-Words", "20000");

        JsonNode json = SimClient.parse(r.body());
        assertThat(json.at("/choices/0/message/content").asText().split(" ")).hasSize(20000);
        assertThat(json.at("/usage/completion_tokens").asInt()).isEqualTo(20000);
        assertThat(r.body().length()).isGreaterThan(Exchange.SLICE_BYTES);
        assertThat(simulator.flow().bodyBytesWritten()).isEqualTo(r.body().length());
        assertThat(simulator.flow().blockedWriters()).isZero();
    }

    @Test
    void streamsTheRequestedNumberOfWords() {
        HttpResponse<String> r =
                client.post(
                        "/v1/chat/completions",
                        CHAT.replaceFirst("\\{", "{\"stream\":true,"),
                        "X-Sim-Answer-Words",
                        "500");

        long deltas =
                SimClient.parseSse(r.body()).stream()
                        .filter(e -> e.data().contains("\"content\":\""))
                        .filter(e -> !e.data().contains("\"content\":\"\""))
                        .count();
        assertThat(deltas).isEqualTo(500);
        assertThat(simulator.flow().bodyBytesWritten()).isEqualTo(r.body().length());
    }

    @Test
    void zeroKeepsTheUsualLength() {
        String usual = client.post("/v1/chat/completions", CHAT).body();

        String zero = client.post("/v1/chat/completions", CHAT, "X-Sim-Answer-Words", "0").body();

        assertThat(SimClient.parse(zero).at("/choices/0/message/content"))
                .isEqualTo(SimClient.parse(usual).at("/choices/0/message/content"));
    }

    @Test
    void refusesAMalformedOrTooLargeWordCount() {
        for (String bad : new String[] {"-1", "many", "4000001"}) {
            HttpResponse<String> r =
                    client.post("/v1/chat/completions", CHAT, "X-Sim-Answer-Words", bad);

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(SimClient.parse(r.body()).at("/error/message").asText())
                    .contains("X-Sim-Answer-Words: " + bad);
        }
    }
}
