package dev.evalgate.gateway.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.sim.RecordedRequest;
import dev.evalgate.gateway.sim.Simulator;
import dev.evalgate.gateway.sim.SimulatorOptions;
import dev.evalgate.pricing.ledger.TrafficKind;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loopback embedder against a real simulator on a real socket, with and without faults. */
class GatewayEmbedderTest {

    private static final String MODEL = "text-embedding-3-small";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Simulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private GatewayEmbedder embedderFor(SimulatorOptions options, Duration timeout) {
        simulator = Simulator.start(options);
        GatewayEmbedder embedder = new GatewayEmbedder(timeout);
        embedder.bindTo(new InetSocketAddress("127.0.0.1", simulator.port()));
        return embedder;
    }

    private static EmbeddingCaller caller() {
        HttpHeaders client =
                new DefaultHttpHeaders()
                        .add("Authorization", "Bearer gk-secret")
                        .add("x-api-key", "xk-secret")
                        .add("api-key", "ak-secret")
                        .add("X-Eval-Traffic", "production")
                        .add("X-Eval-Check", "format")
                        .add("Cookie", "session=1");
        return EmbeddingCaller.of(
                new RequestContext(
                        "req-1", "team-a", "run-7", "nightly", "format", TrafficKind.EVAL),
                client);
    }

    private static float[] get(CompletableFuture<float[]> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void postsTheTextWithTheCallersAttributionAndReturnsAUnitVector() throws Exception {
        GatewayEmbedder embedder = embedderFor(SimulatorOptions.defaults(), Duration.ofSeconds(10));

        float[] vector = get(embedder.embed(MODEL, "Hello, World!", caller()));

        RecordedRequest sent = simulator.recordedRequests().get(0);
        assertThat(sent.uri()).isEqualTo("/v1/embeddings");
        assertThat(JSON.readTree(sent.body()))
                .isEqualTo(
                        JSON.readTree(
                                "{\"model\":\""
                                        + MODEL
                                        + "\",\"input\":\"Hello, World!\","
                                        + "\"encoding_format\":\"float\"}"));
        assertThat(sent.header("authorization")).isEqualTo("Bearer gk-secret");
        assertThat(sent.header("x-api-key")).isEqualTo("xk-secret");
        assertThat(sent.header("api-key")).isEqualTo("ak-secret");
        assertThat(sent.header("x-eval-run")).isEqualTo("run-7");
        assertThat(sent.header("x-eval-pipeline")).isEqualTo("nightly");
        assertThat(sent.header("x-eval-traffic")).isEqualTo("production");
        assertThat(sent.header("x-eval-cache-semantic")).isEqualTo("off");
        assertThat(sent.header("x-eval-check")).isNull();
        assertThat(sent.header("cookie")).isNull();
        double norm = 0;
        for (float x : vector) {
            norm += x * x;
        }
        assertThat(vector).hasSize(16);
        assertThat(norm).isCloseTo(1.0, within(1e-5));
        // The simulator's vectors ignore case and punctuation.
        assertThat(get(embedder.embed(MODEL, "hello world", caller()))).isEqualTo(vector);
    }

    @Test
    void sendsNoRunPipelineOrTrafficTheRequestDidNotHave() throws Exception {
        GatewayEmbedder embedder = embedderFor(SimulatorOptions.defaults(), Duration.ofSeconds(10));
        EmbeddingCaller anonymous =
                EmbeddingCaller.of(
                        new RequestContext(
                                "req-2", "anonymous", null, null, null, TrafficKind.EVAL),
                        new DefaultHttpHeaders());

        get(embedder.embed(MODEL, "plain", anonymous));

        assertThat(simulator.recordedRequests().get(0).headers())
                .doesNotContainKeys("authorization", "x-eval-run", "x-eval-pipeline")
                .doesNotContainKey("x-eval-traffic");
    }

    @Test
    void neverShowsTheCredentialsItCarries() {
        assertThat(caller().toString())
                .doesNotContain("secret")
                .contains("authorization", "x-eval-run");
    }

    @Test
    void failsOnAnErrorAnswer() {
        GatewayEmbedder embedder =
                embedderFor(SimulatorOptions.defaults().withFault("500"), Duration.ofSeconds(10));

        assertThatThrownBy(() -> get(embedder.embed(MODEL, "text", caller())))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("the embeddings call answered 500");
    }

    @Test
    void failsOnAnAnswerCutShort() {
        GatewayEmbedder embedder =
                embedderFor(SimulatorOptions.defaults().withFault("cut"), Duration.ofSeconds(10));

        assertThatThrownBy(() -> get(embedder.embed(MODEL, "text", caller())))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void failsWhenNoAnswerComesInTime() {
        GatewayEmbedder embedder =
                embedderFor(
                        SimulatorOptions.defaults().withFault("timeout"), Duration.ofMillis(300));

        assertThatThrownBy(() -> get(embedder.embed(MODEL, "text", caller())))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfAny(
                        java.net.http.HttpTimeoutException.class,
                        java.util.concurrent.TimeoutException.class);
        assertThat(simulator.stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void failsBeforeTheGatewayListensAndWhenNothingDoes() throws IOException {
        GatewayEmbedder unbound = new GatewayEmbedder(Duration.ofSeconds(5));
        assertThatThrownBy(() -> get(unbound.embed(MODEL, "text", caller())))
                .hasCauseInstanceOf(EmbeddingException.class);

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        GatewayEmbedder refused = new GatewayEmbedder(Duration.ofSeconds(5));
        refused.bindTo(new InetSocketAddress("127.0.0.1", closed));
        assertThatThrownBy(() -> get(refused.embed(MODEL, "text", caller())))
                .isInstanceOf(ExecutionException.class);
    }
}
