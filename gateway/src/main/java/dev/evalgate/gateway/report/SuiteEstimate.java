package dev.evalgate.gateway.report;

import static dev.evalgate.gateway.report.JsonFields.count;
import static dev.evalgate.gateway.report.JsonFields.money;
import static dev.evalgate.gateway.report.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.pricing.cost.Micros;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A suite's pre-flight estimate as the gateway answered {@code POST /admin/estimate}. As with
 * {@link RunReport}, a missing figure is null here and shown as {@code n/a}, never as zero, and
 * money is read from the exact {@code *_micros} integers, else the {@code *_usd} strings.
 */
public final class SuiteEstimate {

    /** Figures of one model; null where the answer had none. */
    record Row(
            String name,
            Long requests,
            Long cached,
            Long promptTokens,
            Long expectedMicros,
            Long worstCaseMicros,
            Long cachedValueMicros) {}

    /** A request that was not estimated. */
    record Problem(Long line, String message) {}

    final ObjectNode raw;
    final Long requests;
    final Long cached;
    final Long toCall;
    final Long duplicates;
    final Long unroutable;
    final Long invalid;
    final Long expectedMicros;
    final Long worstCaseMicros;
    final Long cachedValueMicros;
    final String catalogVersion;
    final String endpoint;
    final Long outputTokens;
    final String cacheMode;
    final List<Row> byModel;
    final Map<String, Long> unknownModels;
    final List<Problem> problems;

    private SuiteEstimate(ObjectNode raw) {
        this.raw = raw;
        this.requests = count(raw, "requests");
        this.cached = count(raw, "cached");
        this.toCall = count(raw, "to_call");
        this.duplicates = count(raw, "duplicates");
        this.unroutable = count(raw, "unroutable");
        this.invalid = count(raw, "invalid");
        this.expectedMicros = money(raw, "expected");
        this.worstCaseMicros = money(raw, "worst_case");
        this.cachedValueMicros = money(raw, "cached_value");
        this.catalogVersion = text(raw, "catalog_version");
        this.endpoint = text(raw, "endpoint");
        this.outputTokens = count(raw, "output_tokens");
        this.cacheMode = text(raw, "cache_mode");
        this.byModel = rows(raw.get("by_model"));
        this.unknownModels = JsonFields.counts(raw.get("unknown_models"));
        this.problems = problems(raw.get("problems"));
    }

    /** Reads a gateway answer. */
    public static SuiteEstimate of(ObjectNode json) {
        return new SuiteEstimate(json.deepCopy());
    }

    /** The expected cost of what is still to call, in micro-dollars, or null when missing. */
    Long expectedMicros() {
        return expectedMicros;
    }

    /**
     * The checks of this estimate: {@code expected-cost} when {@code maxExpectedUsd} is set (the
     * expected cost of the requests still to call, exact; a missing figure fails).
     */
    public List<Check> evaluate(BigDecimal maxExpectedUsd) {
        List<Check> checks = new ArrayList<>();
        if (maxExpectedUsd == null) {
            return checks;
        }
        String budget = "$" + maxExpectedUsd.toPlainString();
        if (expectedMicros == null) {
            checks.add(
                    new Check(
                            Check.EXPECTED_COST,
                            false,
                            "the estimate carries no expected cost, so the budget of "
                                    + budget
                                    + " cannot be checked"));
            return checks;
        }
        BigDecimal expected = Micros.toUsd(expectedMicros);
        String what =
                "expected cost $"
                        + expected.toPlainString()
                        + " of "
                        + Amounts.count(toCall)
                        + " requests to call";
        if (expected.compareTo(maxExpectedUsd) > 0) {
            checks.add(
                    new Check(
                            Check.EXPECTED_COST,
                            false,
                            what
                                    + " is over the budget of "
                                    + budget
                                    + " by $"
                                    + expected.subtract(maxExpectedUsd).toPlainString()));
        } else {
            checks.add(
                    new Check(
                            Check.EXPECTED_COST,
                            true,
                            what + " is within the budget of " + budget));
        }
        return checks;
    }

    /**
     * One line for a CI log: {@code evalgate estimate: 10 requests, 6 to call, expected $0.001234;
     * 1 of 1 checks failed: expected-cost}.
     */
    public String verdict(List<Check> checks) {
        return "evalgate estimate: "
                + Amounts.count(requests)
                + " requests, "
                + Amounts.count(toCall)
                + " to call, expected "
                + Amounts.usd(expectedMicros)
                + "; "
                + Check.summary(checks);
    }

    /**
     * {@code format} of this estimate with {@code checks}: text and Markdown show the checks when a
     * limit was set; JSON is the gateway's answer plus a {@code checks} array.
     *
     * @throws IllegalArgumentException for JUnit, which estimates are not rendered as
     */
    public String render(ReportFormat format, List<Check> checks) {
        switch (format) {
            case TEXT:
                return EstimateText.render(this, checks);
            case JSON:
                return JsonReport.render(raw, checks);
            case MARKDOWN:
                return EstimateMarkdown.render(this, checks);
            default:
                throw new IllegalArgumentException("no " + format.label() + " rendering");
        }
    }

    private static List<Row> rows(JsonNode map) {
        return JsonFields.rows(
                map,
                (name, v) ->
                        new Row(
                                name,
                                count(v, "requests"),
                                count(v, "cached"),
                                count(v, "prompt_tokens"),
                                money(v, "expected"),
                                money(v, "worst_case"),
                                money(v, "cached_value")));
    }

    private static List<Problem> problems(JsonNode list) {
        List<Problem> problems = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return problems;
        }
        for (JsonNode p : list) {
            problems.add(new Problem(count(p, "line"), text(p, "message")));
        }
        return problems;
    }
}
