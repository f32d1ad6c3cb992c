package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.gateway.config.BudgetConfig.Action;
import dev.evalgate.gateway.config.BudgetConfig.PipelineBudget;
import dev.evalgate.pricing.cost.Micros;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates and binds the {@code budgets:} section; a downgrade tier must be a declared tier. */
final class BudgetBinder {

    private static final List<String> KEYS =
            List.of(
                    "action",
                    "downgrade_tier",
                    "assumed_max_tokens",
                    "reservation_timeout",
                    "pipelines");
    private static final List<String> PIPELINE_KEYS = List.of("run_usd", "daily_usd", "action");
    private static final String ACTIONS = "reject | downgrade | warn";

    /**
     * The largest budget: in micro-dollars well below 2^53, up to which the Redis budget store's
     * Lua arithmetic is exact.
     */
    private static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000_000);

    private static final int MICRO_DECIMALS = 6;

    private final Problems problems;
    private final Set<String> tiers;
    private String firstDowngrade;

    BudgetBinder(Problems problems, Set<String> tiers) {
        this.problems = problems;
        this.tiers = tiers;
    }

    BudgetConfig bind(JsonNode node) {
        BudgetConfig d = BudgetConfig.defaults();
        Fields f = Fields.of(node, "budgets", problems, "a mapping", KEYS);
        Action action = action(f, d.action());
        String downgradeTier = f.string("downgrade_tier", d.downgradeTier());
        if (downgradeTier != null && !tiers.contains(downgradeTier)) {
            problems.invalidText(f.path("downgrade_tier"), downgradeTier, declaredTier());
        }
        long assumedMaxTokens =
                f.integer("assumed_max_tokens", 1, 10_000_000, (int) d.assumedMaxTokens());
        Duration reservationTimeout =
                f.duration(
                        "reservation_timeout",
                        d.reservationTimeout(),
                        Duration.ofSeconds(1),
                        Duration.ofHours(24));
        Map<String, PipelineBudget> pipelines = pipelines(f);
        String downgrading = action == Action.DOWNGRADE ? f.path("action") : firstDowngrade;
        if (downgrading != null && !f.has("downgrade_tier")) {
            problems.missing(
                    f.path("downgrade_tier"),
                    declaredTier() + ", since " + downgrading + " is downgrade");
        }
        return new BudgetConfig(
                action, downgradeTier, assumedMaxTokens, reservationTimeout, pipelines);
    }

    private Map<String, PipelineBudget> pipelines(Fields f) {
        Map<String, PipelineBudget> result = new LinkedHashMap<>();
        Fields all =
                Fields.anyKeys(
                        f.get("pipelines"),
                        f.path("pipelines"),
                        problems,
                        "a mapping of pipeline names or globs to budgets");
        for (Map.Entry<String, JsonNode> e : all.entries()) {
            String name = e.getKey();
            String at = all.path(name);
            if (name.isBlank()) {
                problems.invalidText(all.path(), name, "a pipeline name or glob");
                continue;
            }
            int before = problems.count();
            Fields b =
                    Fields.of(
                            e.getValue(),
                            at,
                            problems,
                            "a mapping of " + String.join(", ", PIPELINE_KEYS),
                            PIPELINE_KEYS);
            Long run = usd(b, "run_usd");
            Long daily = usd(b, "daily_usd");
            Action action = action(b, null);
            if (action == Action.DOWNGRADE && firstDowngrade == null) {
                firstDowngrade = b.path("action");
            }
            if (!b.has("run_usd") && !b.has("daily_usd")) {
                problems.add(at, "no limit (expected: run_usd, daily_usd or both)");
            }
            if (problems.count() == before) {
                result.put(name, new PipelineBudget(run, daily, action));
            }
        }
        return result;
    }

    /**
     * A budget in US dollars as micro-dollars, exactly: null when absent or after recording a
     * problem. Finer than a micro-dollar is a problem, not a rounding.
     */
    private Long usd(Fields f, String key) {
        BigDecimal usd = f.decimal(key, "a number of US dollars, such as 2.50");
        if (usd == null) {
            return null;
        }
        if (usd.signum() <= 0 || usd.compareTo(MAX_USD) > 0) {
            problems.invalid(
                    f.path(key), f.get(key), "more than 0, at most " + MAX_USD.toPlainString());
            return null;
        }
        if (usd.stripTrailingZeros().scale() > MICRO_DECIMALS) {
            problems.invalid(
                    f.path(key),
                    f.get(key),
                    "whole micro-dollars, at most " + MICRO_DECIMALS + " decimals");
            return null;
        }
        return Micros.fromUsd(usd);
    }

    private Action action(Fields f, Action fallback) {
        if (!f.has("action")) {
            return fallback;
        }
        JsonNode v = f.get("action");
        String text = v.isTextual() ? v.textValue() : null;
        for (Action a : Action.values()) {
            if (a.configName().equals(text)) {
                return a;
            }
        }
        problems.invalid(f.path("action"), v, ACTIONS);
        return fallback;
    }

    private String declaredTier() {
        return tiers.isEmpty()
                ? "a tier declared under tiers:"
                : "one of " + String.join(", ", tiers);
    }
}
