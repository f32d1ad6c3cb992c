package dev.evalgate.gateway.config;

import static dev.evalgate.gateway.config.ConfigLoaderTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.config.BudgetConfig.Action;
import dev.evalgate.gateway.config.BudgetConfig.PipelineBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code budgets:} section: defaults, every field, exact money, and every problem. */
class ConfigBudgetsTest {

    private static final String WITH_TIERS =
            minimal("")
                    + """
                    tiers:
                      proxy: {provider: openai, model: gpt-4o-mini}
                      frontier: {provider: openai, model: gpt-4o}
                    """;

    @Test
    void usesDefaultsWhenSectionIsAbsent() throws Exception {
        BudgetConfig budgets = ConfigLoaderTest.parse(minimal("")).budgets();

        assertThat(budgets).isEqualTo(BudgetConfig.defaults());
        assertThat(budgets.action()).isEqualTo(Action.REJECT);
        assertThat(budgets.downgradeTier()).isNull();
        assertThat(budgets.assumedMaxTokens()).isEqualTo(4096);
        assertThat(budgets.reservationTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(budgets.pipelines()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"budgets:\n", "budgets: {}\n", "budgets:\n  pipelines:\n"})
    void usesDefaultsWhenSectionOrSubsectionIsEmpty(String section) throws Exception {
        assertThat(budgets(section)).isEqualTo(BudgetConfig.defaults());
    }

    @Test
    void parsesEveryField() throws Exception {
        BudgetConfig budgets =
                budgets(
                        """
                        budgets:
                          action: downgrade
                          downgrade_tier: proxy
                          assumed_max_tokens: 8192
                          reservation_timeout: 5m
                          pipelines:
                            nightly: {run_usd: 25, daily_usd: 100, action: reject}
                            "pr-*":  {run_usd: 2.50}
                            "*": {daily_usd: "0.000001", action: warn}
                        """);

        assertThat(budgets.action()).isEqualTo(Action.DOWNGRADE);
        assertThat(budgets.downgradeTier()).isEqualTo("proxy");
        assertThat(budgets.assumedMaxTokens()).isEqualTo(8192);
        assertThat(budgets.reservationTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(budgets.pipelines())
                .containsExactly(
                        Map.entry(
                                "nightly",
                                new PipelineBudget(25_000_000L, 100_000_000L, Action.REJECT)),
                        Map.entry("pr-*", new PipelineBudget(2_500_000L, null, null)),
                        Map.entry("*", new PipelineBudget(null, 1L, Action.WARN)));
        assertThat(budgets.forPipeline("pr-17").runMicros()).isEqualTo(2_500_000L);
        assertThat(budgets.actionFor("pr-17")).isEqualTo(Action.DOWNGRADE);
        assertThat(budgets.actionFor("nightly")).isEqualTo(Action.REJECT);
    }

    @Test
    void readsMoneyExactly() throws Exception {
        BudgetConfig budgets =
                budgets(
                        """
                        budgets:
                          pipelines:
                            a: {run_usd: 0.1, daily_usd: 0.2}
                            b: {run_usd: 0.3, daily_usd: 999999999.999999}
                            c: {run_usd: 1000000000, daily_usd: 2.500000000}
                        """);

        PipelineBudget a = budgets.pipelines().get("a");
        assertThat(a.runMicros() + a.dailyMicros()).isEqualTo(300_000L);
        assertThat(budgets.pipelines().get("b"))
                .isEqualTo(new PipelineBudget(300_000L, 999_999_999_999_999L, null));
        assertThat(budgets.pipelines().get("c"))
                .isEqualTo(new PipelineBudget(1_000_000_000_000_000L, 2_500_000L, null));
    }

    @Test
    void readsMoneyFromTheEnvironment() throws Exception {
        GatewayConfig config =
                ConfigLoader.parse(
                        WITH_TIERS + "budgets: {pipelines: {nightly: {run_usd: \"${BUDGET}\"}}}\n",
                        "g.yaml",
                        Map.of("BUDGET", "12.345678"));

        assertThat(config.budgets().pipelines().get("nightly").runMicros()).isEqualTo(12_345_678L);
        assertThat(
                        ConfigProblemsTest.problems(
                                WITH_TIERS
                                        + "budgets: {pipelines: {nightly: {run_usd: \"${B}\"}}}\n",
                                Map.of("B", "1e3")))
                .containsExactly(
                        "budgets.pipelines.nightly.run_usd: \"1e3\" (expected: a number of US"
                                + " dollars, such as 2.50)");
    }

    @Test
    void rejectsMoneyFinerThanAMicroDollar() {
        assertThat(problems("budgets: {pipelines: {nightly: {run_usd: 0.0000001}}}\n"))
                .containsExactly(
                        "budgets.pipelines.nightly.run_usd: 0.0000001 (expected: whole"
                                + " micro-dollars, at most 6 decimals)");
    }

    @Test
    void reportsEveryBadBudget() {
        assertThat(
                        problems(
                                """
                                budgets:
                                  pipelines:
                                    a: {run_usd: 0, daily_usd: -1}
                                    b: {run_usd: 1000000000.000001, daily_usd: lots}
                                    c: {action: warn}
                                    d:
                                    e: {run_usd: 1, action: never, limit: 2}
                                    f: 5
                                """))
                .containsExactly(
                        "budgets.pipelines.a.run_usd: 0 (expected: more than 0, at most"
                                + " 1000000000)",
                        "budgets.pipelines.a.daily_usd: -1 (expected: more than 0, at most"
                                + " 1000000000)",
                        "budgets.pipelines.b.run_usd: 1000000000.000001 (expected: more than 0,"
                                + " at most 1000000000)",
                        "budgets.pipelines.b.daily_usd: \"lots\" (expected: a number of US"
                                + " dollars, such as 2.50)",
                        "budgets.pipelines.c: no limit (expected: run_usd, daily_usd or both)",
                        "budgets.pipelines.d: no limit (expected: run_usd, daily_usd or both)",
                        "budgets.pipelines.e.limit: unknown key (expected: one of run_usd,"
                                + " daily_usd, action)",
                        "budgets.pipelines.e.action: \"never\" (expected: reject | downgrade |"
                                + " warn)",
                        "budgets.pipelines.f: 5 (expected: a mapping of run_usd, daily_usd,"
                                + " action)",
                        "budgets.pipelines.f: no limit (expected: run_usd, daily_usd or both)");
    }

    @Test
    void reportsBadTopLevelFields() {
        assertThat(
                        problems(
                                """
                                budgets:
                                  action: "off"
                                  assumed_max_tokens: 0
                                  reservation_timeout: 500ms
                                  pipelines: [a]
                                  extra: true
                                """))
                .containsExactly(
                        "budgets.extra: unknown key (expected: one of action, downgrade_tier,"
                                + " assumed_max_tokens, reservation_timeout, pipelines)",
                        "budgets.action: \"off\" (expected: reject | downgrade | warn)",
                        "budgets.assumed_max_tokens: 0 (expected: 1..10000000)",
                        "budgets.reservation_timeout: \"500ms\" (expected: 1s..1d)",
                        "budgets.pipelines: a list (expected: a mapping of pipeline names or"
                                + " globs to budgets)");
        assertThat(problems("budgets: {assumed_max_tokens: 10000001, reservation_timeout: 25h}\n"))
                .containsExactly(
                        "budgets.assumed_max_tokens: 10000001 (expected: 1..10000000)",
                        "budgets.reservation_timeout: \"25h\" (expected: 1s..1d)");
    }

    @Test
    void downgradeTierMustBeADeclaredTier() {
        assertThat(problems("budgets: {downgrade_tier: cheap}\n"))
                .containsExactly(
                        "budgets.downgrade_tier: \"cheap\" (expected: one of proxy, frontier)");
        assertThat(ConfigProblemsTest.problems(minimal("") + "budgets: {downgrade_tier: proxy}\n"))
                .containsExactly(
                        "budgets.downgrade_tier: \"proxy\" (expected: a tier declared under"
                                + " tiers:)");
    }

    @Test
    void downgradeAnywhereRequiresADowngradeTier() {
        assertThat(problems("budgets: {action: downgrade}\n"))
                .containsExactly(
                        "budgets.downgrade_tier: missing (expected: one of proxy, frontier,"
                                + " since budgets.action is downgrade)");
        assertThat(
                        problems(
                                """
                                budgets:
                                  pipelines:
                                    nightly: {run_usd: 1}
                                    "pr-*": {run_usd: 1, action: downgrade}
                                """))
                .containsExactly(
                        "budgets.downgrade_tier: missing (expected: one of proxy, frontier,"
                                + " since budgets.pipelines.pr-*.action is downgrade)");
    }

    @Test
    void describesBudgetsThatParseBack() throws Exception {
        GatewayConfig config =
                ConfigLoaderTest.parse(
                        WITH_TIERS
                                + """
                                budgets:
                                  action: warn
                                  downgrade_tier: proxy
                                  pipelines:
                                    nightly: {run_usd: 25.00, daily_usd: 100, action: downgrade}
                                    "pr-*": {run_usd: 2.5}
                                """);

        String described = ConfigLoader.describe(config);

        assertThat(described)
                .endsWith(
                        """
                        budgets:
                          action: warn
                          downgrade_tier: proxy
                          assumed_max_tokens: 4096
                          reservation_timeout: 15m
                          pipelines:
                            nightly:
                              run_usd: 25
                              daily_usd: 100
                              action: downgrade
                            pr-*:
                              run_usd: 2.5""");
        assertThat(ConfigLoader.parse(described, "described", Map.of())).isEqualTo(config);
    }

    private static BudgetConfig budgets(String section) throws ConfigException {
        return ConfigLoaderTest.parse(WITH_TIERS + section).budgets();
    }

    private static List<String> problems(String section) {
        return ConfigProblemsTest.problems(WITH_TIERS + section);
    }
}
