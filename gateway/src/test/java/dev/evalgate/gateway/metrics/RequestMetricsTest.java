package dev.evalgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void labelsRequestsWithTheirRouteAndTier() {
        metrics.request("/chat/completions", 200, "miss", "format", "proxy", 1_000_000);
        metrics.request("/chat/completions", 200, "hit", "format", "proxy", 100_000);
        metrics.request("/chat/completions", 200, "hit", "format", "proxy", 100_000);

        assertThat(metrics.scrape())
                .contains(
                        "evalgate_requests_total{cache=\"hit\",endpoint=\"/chat/completions\","
                                + "route=\"format\",status_class=\"2xx\",tier=\"proxy\"} 2.0")
                .contains(
                        "evalgate_requests_total{cache=\"miss\",endpoint=\"/chat/completions\","
                                + "route=\"format\",status_class=\"2xx\",tier=\"proxy\"} 1.0");
    }

    @Test
    void labelsARequestNoTierNamedWithNone() {
        metrics.request("/messages", 502, "miss", "direct", null, 1_000_000);
        metrics.request("/messages", 502, "miss", "direct", "", 1_000_000);

        assertThat(metrics.scrape())
                .contains(
                        "evalgate_requests_total{cache=\"miss\",endpoint=\"/messages\","
                                + "route=\"direct\",status_class=\"5xx\",tier=\"none\"} 2.0");
    }

    @Test
    void keepsTheLatencyHistogramByEndpointAndCacheOnly() {
        metrics.request("/chat/completions", 200, "hit", "format", "proxy", 300_000);
        metrics.request("/chat/completions", 200, "hit", "judge", "frontier", 300_000);

        assertThat(metrics.scrape())
                .contains(
                        "evalgate_request_duration_seconds_count{cache=\"hit\","
                                + "endpoint=\"/chat/completions\"} 2")
                .contains(
                        "evalgate_request_duration_seconds_bucket{cache=\"hit\","
                                + "endpoint=\"/chat/completions\",le=\"5.0E-4\"} 2");
    }
}
