package dev.evalgate.gateway.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.gateway.shadow.Agreement;
import dev.evalgate.pricing.cost.Micros;
import dev.evalgate.pricing.ledger.RunTotals;
import dev.evalgate.pricing.ledger.Tally;
import dev.evalgate.pricing.ratio.TestingRatio;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spend side of the admin API, as JSON: run reports, the ratio, reported production spend.
 * Money is given twice: exact decimal strings ({@code cost_usd}, six decimals) for people and
 * integer micro-dollars ({@code cost_micros}) for programs.
 */
final class SpendAdmin {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SpendAdmin() {}

    /** A run's report: totals, per model and tier, unknown models, ratio and agreement. */
    static ObjectNode run(RunTotals t, TestingRatio ratio, Agreement agreement) {
        ObjectNode n = summary(t);
        if (ratio != null) {
            n.set("ratio", ratio(ratio));
        }
        if (agreement != null) {
            n.set("agreement", AdminApi.agreement(agreement));
        }
        return n;
    }

    /** A run's totals without the ratio. */
    static ObjectNode summary(RunTotals t) {
        ObjectNode n =
                JSON.createObjectNode()
                        .put("run", t.runId())
                        .put("pipeline", t.pipeline().isEmpty() ? null : t.pipeline())
                        .put("catalog_version", t.catalogVersion())
                        .put("calls", t.calls())
                        .put("hits", t.hits())
                        .put("misses", t.misses())
                        .put("coalesced", t.coalesced())
                        .put("bypassed", t.bypassed())
                        .put("served_tokens", t.servedTokens())
                        .put("billed_tokens", t.billedTokens());
        money(n, "cost", t.costMicros());
        money(n, "saved", t.savedMicros());
        n.put("estimated_calls", t.estimatedCalls())
                .put("first_at", Instant.ofEpochMilli(t.firstAtMillis()).toString())
                .put("last_at", Instant.ofEpochMilli(t.lastAtMillis()).toString());
        tallies(n.putObject("by_model"), t.byModel());
        tallies(n.putObject("by_tier"), t.byTier());
        ObjectNode unknown = n.putObject("unknown_models");
        new TreeMap<>(t.unknownModels()).forEach(unknown::put);
        return n;
    }

    private static void tallies(ObjectNode into, Map<String, Tally> tallies) {
        new TreeMap<>(tallies)
                .forEach(
                        (name, tally) -> {
                            ObjectNode m =
                                    into.putObject(name)
                                            .put("calls", tally.calls())
                                            .put("hits", tally.hits())
                                            .put("served_tokens", tally.servedTokens())
                                            .put("billed_tokens", tally.billedTokens());
                            money(m, "cost", tally.costMicros());
                            money(m, "saved", tally.savedMicros());
                        });
    }

    /** The ratio: window, spend on both sides, percent and band. */
    static ObjectNode ratio(TestingRatio r) {
        ObjectNode n =
                JSON.createObjectNode()
                        .put("window_days", r.to().toEpochDay() - r.from().toEpochDay())
                        .put("from", r.from().toString())
                        .put("to", r.to().toString());
        money(n, "eval", r.evalMicros());
        money(n, "production", r.productionMicros());
        return n.put("ratio", r.ratio(6).toPlainString())
                .put("percent", r.percent().toPlainString())
                .put("band", r.band().label());
    }

    private static void money(ObjectNode n, String name, long micros) {
        n.put(name + "_usd", Micros.format(micros)).put(name + "_micros", micros);
    }

    /**
     * Reported production spend: {@code {"from": "2026-11-01", "to": "2026-11-30", "usd":
     * "1234.56"}} (both days inclusive) or {@code {"month": "2026-11", "usd": …}}.
     */
    record Production(LocalDate from, LocalDate toExclusive, long micros) {}

    /** Parses a production report; the exception's message is for the client. */
    static Production production(byte[] body) throws IllegalArgumentException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "Expected a JSON object: {\"from\": \"2026-11-01\", \"to\": \"2026-11-30\","
                            + " \"usd\": \"1234.56\"} or {\"month\": \"2026-11\", \"usd\": …}.");
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("from") && !f.equals("to") && !f.equals("month") && !f.equals("usd")) {
                throw new IllegalArgumentException(
                        "Unknown field '" + f + "' (expected: from, to, month, usd).");
            }
        }
        LocalDate from;
        LocalDate to;
        try {
            if (root.hasNonNull("month")) {
                if (root.has("from") || root.has("to")) {
                    throw new IllegalArgumentException("Give either month or from and to.");
                }
                YearMonth month = YearMonth.parse(root.get("month").asText());
                from = month.atDay(1);
                to = month.plusMonths(1).atDay(1);
            } else if (root.hasNonNull("from") && root.hasNonNull("to")) {
                from = LocalDate.parse(root.get("from").asText());
                to = LocalDate.parse(root.get("to").asText()).plusDays(1);
            } else {
                throw new IllegalArgumentException(
                        "Give the period: month (2026-11), or from and to (inclusive days).");
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Dates are yyyy-mm-dd and months yyyy-mm: " + e.getParsedString() + ".");
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("The period ends before it starts.");
        }
        if (to.toEpochDay() - from.toEpochDay() > 400) {
            throw new IllegalArgumentException("The period is longer than 400 days.");
        }
        JsonNode usd = root.get("usd");
        BigDecimal amount;
        try {
            amount =
                    usd == null
                            ? null
                            : usd.isNumber() ? usd.decimalValue() : new BigDecimal(usd.asText());
        } catch (NumberFormatException e) {
            amount = null;
        }
        try {
            if (amount == null || amount.signum() < 0) {
                throw new ArithmeticException("not an amount >= 0");
            }
            return new Production(from, to, Micros.fromUsdExact(amount));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "usd must be an amount of US dollars >= 0 with at most six decimals.");
        }
    }

    /** The answer to a production report: what was recorded and the ratio after it. */
    static ObjectNode productionRecorded(Production p, TestingRatio after) {
        ObjectNode n =
                JSON.createObjectNode()
                        .put("from", p.from().toString())
                        .put("to", p.toExclusive().minusDays(1).toString())
                        .put("days", p.toExclusive().toEpochDay() - p.from().toEpochDay());
        money(n, "recorded", p.micros());
        if (after != null) {
            n.set("ratio", ratio(after));
        }
        return n;
    }
}
