package dev.evalgate.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.evalgate.gateway.config.RouteConfig;
import dev.evalgate.gateway.metrics.GatewayMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShadowRunnerTest {

    private static final RouteConfig.Shadow EXACT =
            new RouteConfig.Shadow("frontier", 0.5, "exact", null);

    private final ConcurrentLinkedQueue<Map<String, List<String>>> seen =
            new ConcurrentLinkedQueue<>();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private HttpServer gateway;
    private volatile int status = 200;

    @BeforeEach
    void start() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext(
                "/",
                exchange -> {
                    seen.add(Map.copyOf(exchange.getRequestHeaders()));
                    byte[] answer = chat("shadow says hi");
                    exchange.sendResponseHeaders(status, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
        metrics.close();
    }

    private static byte[] chat(String text) {
        return ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\""
                        + text
                        + "\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private ShadowRunner runner(double sample) {
        ShadowRunner r = new ShadowRunner(metrics, () -> sample);
        r.bindTo(gateway.getAddress());
        return r;
    }

    private static ShadowRequest request() {
        return new ShadowRequest(
                "format",
                EXACT,
                "/run/r1/v1/chat/completions",
                List.of(
                        Map.entry("authorization", "Bearer k"),
                        Map.entry("x-eval-run", "r1"),
                        Map.entry("x-eval-pipeline", "p")),
                "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void samplesBelowTheRateOnly() {
        assertThat(runner(0.49).sampled(EXACT)).isTrue();
        assertThat(runner(0.5).sampled(EXACT)).isFalse();
        assertThat(runner(0.0).sampled(new RouteConfig.Shadow("frontier", 0, "exact", null)))
                .isFalse();
        assertThat(runner(0.0).sampled(null)).isFalse();
    }

    @Test
    void sendsTheRequestBackThroughTheGatewayMarkedAsShadowTraffic() {
        ShadowRunner r = runner(0);
        r.run(request(), chat("shadow says hi"));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(r.agreement().snapshot())
                                        .containsEntry("format", new Agreement.Counts(1, 0, 0)));
        Map<String, List<String>> h = seen.peek();
        assertThat(h.get("X-eval-traffic")).containsExactly("shadow");
        assertThat(h.get("X-eval-shadow-target")).containsExactly("frontier");
        assertThat(h.get("Authorization")).containsExactly("Bearer k");
        assertThat(h.get("X-eval-run")).containsExactly("r1");
        assertThat(h.get("X-eval-pipeline")).containsExactly("p");
        assertThat(metrics.scrape())
                .contains(
                        "evalgate_shadow_comparisons_total{result=\"agree\",route=\"format\"} 1.0");
    }

    @Test
    void countsDisagreementsAndErrorsApart() {
        ShadowRunner r = runner(0);
        r.run(request(), chat("primary says hello"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> r.agreement().snapshot().containsKey("format"));
        status = 500;
        r.run(request(), chat("primary says hello"));
        r.run(request(), "not an answer".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            Agreement.Counts c = r.agreement().snapshot().get("format");
                            assertThat(c).isEqualTo(new Agreement.Counts(0, 1, 2));
                            assertThat(c.comparisons()).isEqualTo(3);
                            assertThat(c.agreementRate()).isZero();
                        });
    }
}
