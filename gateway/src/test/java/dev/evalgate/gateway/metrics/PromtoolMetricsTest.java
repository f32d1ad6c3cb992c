package dev.evalgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evalgate.pricing.ratio.RatioBand;
import dev.evalgate.pricing.ratio.TestingRatio;
import dev.evalgate.pricing.usage.Usage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gateway's own meters' exposition, linted by the real promtool. */
class PromtoolMetricsTest {

    /**
     * Findings promtool reports on Micrometer's own JVM/process binders, not on evalgate's meters
     * (the same list as src-test's MetricsIT).
     */
    private static final List<String> KNOWN_LINT =
            List.of(
                    "process_cpu_time_ns_total metric names should not contain abbreviated units",
                    "system_cpu_count non-histogram and non-summary metrics should not have"
                            + " \"_count\" suffix");

    @Test
    void evalgateMetricsPassPromtoolCheckMetrics() throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed: apt-get install -y prometheus");
        String scrape;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            metrics.spend(
                    new SpendSample(
                            "openai",
                            "gpt-4o-mini",
                            "eval",
                            "nightly",
                            "miss",
                            Usage.openAi(100, 40, 20),
                            true,
                            1_000_001,
                            0));
            metrics.spend(
                    new SpendSample(
                            "anthropic",
                            "claude-sonnet-4",
                            "production",
                            null,
                            "hit",
                            Usage.anthropic(10, 5, 300, 700),
                            false,
                            0,
                            42));
            metrics.unknownModel("openai");
            metrics.budgetAction("reject", "run");
            metrics.meteringFailure("record");
            metrics.request("/chat/completions", 200, "miss", "format", "proxy", 2_000_000);
            metrics.upstreamProviders(List.of("openai"));
            metrics.upstreamAttempt("openai", "ok", null, 1_000_000, 2_000_000);
            metrics.upstreamAttempt("openai", "error", "status_429", 1_000_000, 1_500_000);
            metrics.upstreamRetry("openai", 429);
            metrics.queueWait("openai", 0);
            metrics.shadowRoutes(List.of("format"));
            metrics.cacheL1Gauges(() -> 1, () -> 2048);
            metrics.nettyGauges(group);
            metrics.ratioGauges(
                    () ->
                            new TestingRatio(
                                    LocalDate.of(2025, 1, 1),
                                    LocalDate.of(2025, 1, 31),
                                    1,
                                    3,
                                    RatioBand.CRITICAL));
            scrape = metrics.scrape();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }

        Process promtool =
                new ProcessBuilder("promtool", "check", "metrics")
                        .redirectErrorStream(true)
                        .start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output =
                new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // promtool exits 3 on lint findings, 1 on a parse error.
        if (promtool.exitValue() != 0) {
            assertThat(promtool.exitValue()).as(output).isEqualTo(3);
        }
        List<String> findings =
                Arrays.stream(output.split("\n")).filter(l -> !l.isBlank()).toList();
        assertThat(findings).as(output).isSubsetOf(KNOWN_LINT);
        assertThat(scrape)
                .contains("evalgate_spend_usd_total{")
                .contains("evalgate_saved_usd_total{")
                .contains("evalgate_tokens_total{")
                .contains("evalgate_calls_priced_total{")
                .contains("evalgate_unknown_model_calls_total{")
                .contains("evalgate_budget_actions_total{")
                .contains("evalgate_metering_failures_total{")
                .contains("evalgate_testing_ratio 0.25")
                .contains("evalgate_testing_ratio_band 3.0")
                .contains("evalgate_eval_spend_window_usd 1.0E-6")
                .contains("evalgate_production_spend_window_usd 3.0E-6")
                .contains("evalgate_upstream_duration_seconds_bucket{")
                .contains("evalgate_upstream_first_byte_seconds_bucket{")
                .contains("evalgate_upstream_errors_total{")
                .contains("evalgate_cache_l1_entries ")
                .contains("evalgate_cache_l1_bytes ")
                .contains("evalgate_netty_eventloop_pending_tasks ")
                .contains("evalgate_netty_direct_memory_used_bytes ");
    }

    private static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
