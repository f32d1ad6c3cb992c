package dev.evalgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void timesAttemptsToTheirEndAndToTheirFirstByteByProviderAndOutcome() {
        metrics.upstreamAttempt("openai", "ok", null, 40_000_000, 900_000_000);
        metrics.upstreamAttempt("openai", "error", "status_5xx", 30_000_000, 35_000_000);
        metrics.upstreamAttempt("openai", "error", "connect", -1, 2_000_000);

        String text = metrics.scrape();

        assertThat(text)
                .contains("# TYPE evalgate_upstream_duration_seconds histogram")
                .contains(
                        "evalgate_upstream_duration_seconds_count{outcome=\"ok\","
                                + "provider=\"openai\"} 1")
                .contains(
                        "evalgate_upstream_duration_seconds_bucket{outcome=\"ok\","
                                + "provider=\"openai\",le=\"1.0\"} 1")
                .contains(
                        "evalgate_upstream_duration_seconds_bucket{outcome=\"ok\","
                                + "provider=\"openai\",le=\"0.5\"} 0")
                .contains(
                        "evalgate_upstream_duration_seconds_count{outcome=\"error\","
                                + "provider=\"openai\"} 2")
                // no head, no first byte: the connect failure is not in it
                .contains("evalgate_upstream_first_byte_seconds_count{provider=\"openai\"} 2")
                .contains(
                        "evalgate_upstream_first_byte_seconds_bucket{provider=\"openai\","
                                + "le=\"0.025\"} 0")
                .contains(
                        "evalgate_upstream_first_byte_seconds_bucket{provider=\"openai\","
                                + "le=\"0.05\"} 2");
    }

    @Test
    void countsErrorsByReasonFromZero() {
        metrics.upstreamProviders(List.of("openai", "vllm"));
        metrics.upstreamAttempt("openai", "error", "status_429", 1, 2);
        metrics.upstreamAttempt("openai", "error", "status_429", 1, 2);
        metrics.upstreamAttempt("vllm", "error", "truncated", 1, 2);
        metrics.upstreamAttempt("vllm", "ok", null, 1, 2);

        String text = metrics.scrape();

        assertThat(text)
                .contains(
                        "evalgate_upstream_errors_total{provider=\"openai\",reason=\"status_429\"}"
                                + " 2.0")
                .contains(
                        "evalgate_upstream_errors_total{provider=\"vllm\",reason=\"truncated\"}"
                                + " 1.0")
                .contains(
                        "evalgate_upstream_errors_total{provider=\"vllm\",reason=\"connect\"}"
                                + " 0.0");
        assertThat(text.lines().filter(l -> l.startsWith("evalgate_upstream_errors_total{")))
                .hasSize(2 * UpstreamMeters.ERROR_REASONS.size());
    }

    @Test
    void acceptsOnlyTheClosedSetsOfOutcomesAndReasons() {
        assertThatThrownBy(() -> metrics.upstreamAttempt("openai", "error", "dns", 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason: dns");
        assertThatThrownBy(() -> metrics.upstreamAttempt("openai", "slow", null, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outcome: slow");
    }

    @Test
    void countsQueueWaitsThatDidNotWaitToo() {
        metrics.queueWait("vllm", 0);
        metrics.queueWait("vllm", 3_000_000);

        assertThat(metrics.scrape())
                .contains("evalgate_upstream_queue_wait_seconds_count{provider=\"vllm\"} 2")
                .contains(
                        "evalgate_upstream_queue_wait_seconds_bucket{provider=\"vllm\","
                                + "le=\"2.5E-4\"} 1");
    }

    @Test
    void countsRetriesByStatus() {
        metrics.upstreamRetry("openai", 429);
        metrics.upstreamRetry("openai", 0);

        assertThat(metrics.scrape())
                .contains("evalgate_upstream_retries_total{provider=\"openai\",reason=\"429\"} 1.0")
                .contains(
                        "evalgate_upstream_retries_total{provider=\"openai\",reason=\"failure\"}"
                                + " 1.0");
    }

    @Test
    void startsTheShadowComparisonsOfRoutesWithAShadowAtZero() {
        metrics.shadowRoutes(List.of("format"));
        metrics.shadowComparison("format", "agree");

        assertThat(metrics.scrape())
                .contains(
                        "evalgate_shadow_comparisons_total{result=\"agree\",route=\"format\"} 1.0")
                .contains(
                        "evalgate_shadow_comparisons_total{result=\"disagree\",route=\"format\"}"
                                + " 0.0")
                .contains(
                        "evalgate_shadow_comparisons_total{result=\"error\",route=\"format\"}"
                                + " 0.0");
    }
}
