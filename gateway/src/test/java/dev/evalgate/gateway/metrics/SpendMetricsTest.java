package dev.evalgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.pricing.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpendMetricsTest {

    private static final String NIGHTLY =
            "{model=\"gpt-4o-mini\",pipeline=\"nightly\",provider=\"openai\",traffic=\"eval\"}";

    private final GatewayMetrics metrics = new GatewayMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void exposesSpendInDollarsUnderThePrometheusName() {
        for (int i = 0; i < 3; i++) {
            metrics.spend(miss("nightly", 1));
        }

        assertThat(metrics.scrape())
                .contains("evalgate_spend_usd_total" + NIGHTLY + " 3.0E-6")
                .contains("evalgate_saved_usd_total" + NIGHTLY + " 0.0")
                .contains("# HELP evalgate_spend_usd_total What calls cost, in US dollars")
                .contains("# TYPE evalgate_spend_usd_total counter");
    }

    @Test
    void spendIsExactToTheMicroDollar() {
        metrics.spend(miss("nightly", 1_000_001));

        assertThat(metrics.scrape()).contains("evalgate_spend_usd_total" + NIGHTLY + " 1.000001");
    }

    @Test
    void tenDimesMakeExactlyOneDollar() {
        // 0.1 added ten times as doubles is 0.9999999999999999; micro-dollars are not.
        for (int i = 0; i < 10; i++) {
            metrics.spend(miss("nightly", 100_000));
        }

        assertThat(metrics.scrape()).contains("evalgate_spend_usd_total" + NIGHTLY + " 1.0\n");
    }

    @Test
    void countsSavingsOfHits() {
        metrics.spend(
                new SpendSample(
                        "openai",
                        "gpt-4o-mini",
                        "eval",
                        "nightly",
                        "hit",
                        Usage.openAi(100, 0, 20),
                        false,
                        0,
                        2_500));

        assertThat(metrics.scrape())
                .contains("evalgate_saved_usd_total" + NIGHTLY + " 0.0025")
                .contains("evalgate_spend_usd_total" + NIGHTLY + " 0.0");
    }

    @Test
    void concurrentSpendLosesNoMicroDollar() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(
                    pool.submit(
                            () -> {
                                start.await();
                                for (int i = 0; i < 10_000; i++) {
                                    metrics.spend(miss("nightly", 1));
                                }
                                return null;
                            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        assertThat(metrics.scrape()).contains("evalgate_spend_usd_total" + NIGHTLY + " 0.08\n");
    }

    @Test
    void missingPipelineIsLabelledNone() {
        metrics.spend(miss(null, 1));
        metrics.spend(miss("", 1));

        assertThat(metrics.scrape())
                .contains(
                        "evalgate_spend_usd_total{model=\"gpt-4o-mini\",pipeline=\"none\","
                                + "provider=\"openai\",traffic=\"eval\"} 2.0E-6");
    }

    @Test
    void pipelinesBeyondTheCapFoldIntoOther() {
        try (GatewayMetrics capped = new GatewayMetrics(2)) {
            capped.spend(miss("a", 1));
            capped.spend(miss("b", 1));
            capped.spend(miss("c", 1));
            capped.spend(miss("d", 1));
            capped.spend(miss("a", 1));

            String scrape = capped.scrape();
            assertThat(scrape)
                    .contains(spendLine("a") + " 2.0E-6")
                    .contains(spendLine("b") + " 1.0E-6")
                    .contains(spendLine("other") + " 2.0E-6")
                    .doesNotContain("pipeline=\"c\"")
                    .doesNotContain("pipeline=\"d\"");
        }
    }

    @Test
    void defaultCapLabelsFiftyPipelines() {
        for (int i = 0; i < 60; i++) {
            metrics.spend(miss("p" + i, 1));
        }

        String scrape = metrics.scrape();
        assertThat(scrape).contains(spendLine("p49") + " 1.0E-6");
        assertThat(scrape).contains(spendLine("other") + " 1.0E-5").doesNotContain("\"p50\"");
    }

    @Test
    void modelsBeyondTheCapFoldIntoOther() {
        for (int i = 0; i <= GatewayMetrics.MAX_MODELS; i++) {
            metrics.spend(sample("model-" + i, "miss", Usage.NONE, true, 1));
        }

        assertThat(metrics.scrape())
                .contains("model=\"model-199\"")
                .doesNotContain("model=\"model-200\"")
                .contains(
                        "evalgate_spend_usd_total{model=\"other\",pipeline=\"nightly\","
                                + "provider=\"openai\",traffic=\"eval\"} 1.0E-6");
    }

    @Test
    void countsBilledAndServedTokensApartByKind() {
        Usage usage = Usage.openAi(100, 40, 20);
        metrics.spend(sample("gpt-4o-mini", "miss", usage, true, 50));
        metrics.spend(sample("gpt-4o-mini", "hit", usage, false, 0));
        metrics.spend(sample("gpt-4o-mini", "hit", usage, false, 0));

        String scrape = metrics.scrape();
        assertThat(scrape)
                .contains(tokens("input", true) + " 60.0")
                .contains(tokens("cached_input", true) + " 40.0")
                .contains(tokens("output", true) + " 20.0")
                .contains(tokens("input", false) + " 120.0")
                .contains(tokens("cached_input", false) + " 80.0")
                .contains(tokens("output", false) + " 40.0")
                .doesNotContain("kind=\"cache_write\"")
                .doesNotContain("kind=\"cache_read\"");
    }

    @Test
    void countsAnthropicCacheWritesAndReads() {
        metrics.spend(sample("claude-sonnet-4", "miss", Usage.anthropic(10, 5, 300, 700), true, 9));

        assertThat(metrics.scrape())
                .contains(
                        "evalgate_tokens_total{billed=\"true\",kind=\"cache_write\","
                                + "model=\"claude-sonnet-4\",provider=\"openai\",traffic=\"eval\"}"
                                + " 300.0")
                .contains("kind=\"cache_read\",model=\"claude-sonnet-4\"")
                .doesNotContain("kind=\"cached_input\"");
    }

    @Test
    void countsPricedCallsByUsageSource() {
        metrics.spend(sample("gpt-4o-mini", "miss", Usage.openAi(10, 0, 5), true, 1));
        metrics.spend(sample("gpt-4o-mini", "miss", Usage.estimated(10, 5), true, 1));
        metrics.spend(sample("gpt-4o-mini", "miss", Usage.estimated(10, 5), true, 1));
        metrics.spend(sample("other", "miss", Usage.NONE, true, 0));

        assertThat(metrics.scrape())
                .contains(priced("reported") + " 1.0")
                .contains(priced("estimated") + " 2.0")
                .contains(priced("none") + " 1.0")
                .doesNotContain(
                        "evalgate_tokens_total{billed=\"true\",kind=\"input\",model=\"other\"");
    }

    @Test
    void countsUnknownModelsBudgetActionsAndMeteringFailures() {
        metrics.unknownModel("openai");
        metrics.unknownModel("openai");
        metrics.budgetAction("reject", "run");
        metrics.budgetAction("warn", "daily");
        metrics.meteringFailure("reserve");

        assertThat(metrics.scrape())
                .contains("evalgate_unknown_model_calls_total{provider=\"openai\"} 2.0")
                .contains("evalgate_budget_actions_total{action=\"reject\",scope=\"run\"} 1.0")
                .contains("evalgate_budget_actions_total{action=\"warn\",scope=\"daily\"} 1.0")
                .contains("evalgate_metering_failures_total{operation=\"reserve\"} 1.0")
                .contains("# HELP evalgate_unknown_model_calls_total Calls to a model the price")
                .contains("# HELP evalgate_budget_actions_total Budgets that would have been")
                .contains("# HELP evalgate_metering_failures_total Ledger and budget store");
    }

    @Test
    void alertedSeriesStartAtZeroSoIncreaseSeesTheFirstEvent() {
        String fresh = metrics.scrape();
        assertThat(fresh)
                .contains("evalgate_budget_actions_total{action=\"reject\",scope=\"run\"} 0.0")
                .contains("evalgate_budget_actions_total{action=\"downgrade\",scope=\"daily\"} 0.0")
                .contains("evalgate_metering_failures_total{operation=\"ratio\"} 0.0")
                .doesNotContain("evalgate_unknown_model_calls_total{");

        metrics.spend(miss("nightly", 1));

        assertThat(metrics.scrape())
                .contains("evalgate_unknown_model_calls_total{provider=\"openai\"} 0.0");
    }

    @Test
    void rejectsNegativeAmountsAndANegativeCap() {
        assertThatThrownBy(() -> miss("nightly", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: >= 0");
        assertThatThrownBy(() -> new GatewayMetrics(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPipelines: -1 (expected: >= 0)");
    }

    static SpendSample miss(String pipeline, long costMicros) {
        return new SpendSample(
                "openai", "gpt-4o-mini", "eval", pipeline, "miss", Usage.NONE, true, costMicros, 0);
    }

    private static SpendSample sample(
            String model, String cache, Usage usage, boolean billed, long costMicros) {
        return new SpendSample(
                "openai", model, "eval", "nightly", cache, usage, billed, costMicros, 0);
    }

    private static String spendLine(String pipeline) {
        return "evalgate_spend_usd_total{model=\"gpt-4o-mini\",pipeline=\""
                + pipeline
                + "\",provider=\"openai\",traffic=\"eval\"}";
    }

    private static String tokens(String kind, boolean billed) {
        return "evalgate_tokens_total{billed=\""
                + billed
                + "\",kind=\""
                + kind
                + "\",model=\"gpt-4o-mini\",provider=\"openai\",traffic=\"eval\"}";
    }

    private static String priced(String usage) {
        return "evalgate_calls_priced_total{provider=\"openai\",traffic=\"eval\",usage=\""
                + usage
                + "\"}";
    }
}
