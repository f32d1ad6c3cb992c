package dev.evalgate.gateway.report;

import static dev.evalgate.gateway.report.JsonFields.count;
import static dev.evalgate.gateway.report.JsonFields.money;
import static dev.evalgate.gateway.report.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.pricing.ratio.RatioBand;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run's report as the gateway answered {@code GET /admin/runs/<id>}. Older or partial answers
 * may lack any field: a missing figure is null here and shown as {@code n/a}, never as zero. Money
 * is read from the exact {@code *_micros} integers, else from the {@code *_usd} decimal strings;
 * never through a double.
 */
public final class RunReport {

    /** Figures of one model or tier; null where the answer had none. */
    record Row(
            String name,
            Long calls,
            Long hits,
            Long servedTokens,
            Long billedTokens,
            Long costMicros,
            Long savedMicros) {}

    /** The Testing-to-Inference ratio over the gateway's window; null parts were missing. */
    record Ratio(
            Long windowDays,
            String from,
            String to,
            Long evalMicros,
            Long productionMicros,
            String percent,
            String bandLabel) {

        /** The band, if the answer named a known one. */
        Optional<RatioBand> band() {
            return RatioBand.fromLabel(bandLabel);
        }
    }

    /** Shadow comparisons of one route. */
    record RouteAgreement(
            String route, Long comparisons, Long agree, Long disagree, Long errors, Double rate) {}

    final ObjectNode raw;
    final String run;
    final String pipeline;
    final String catalogVersion;
    final Long calls;
    final Long hits;
    final Long misses;
    final Long coalesced;
    final Long bypassed;
    final Long servedTokens;
    final Long billedTokens;
    final Long costMicros;
    final Long savedMicros;
    final Long estimatedCalls;
    final String firstAt;
    final String lastAt;
    final List<Row> byModel;
    final List<Row> byTier;
    final Map<String, Long> unknownModels;
    final Ratio ratio;
    final List<RouteAgreement> agreement;

    private RunReport(ObjectNode raw, String requestedRun) {
        this.raw = raw;
        String named = text(raw, "run");
        this.run = named == null ? requestedRun : named;
        this.pipeline = text(raw, "pipeline");
        this.catalogVersion = text(raw, "catalog_version");
        this.calls = count(raw, "calls");
        this.hits = count(raw, "hits");
        this.misses = count(raw, "misses");
        this.coalesced = count(raw, "coalesced");
        this.bypassed = count(raw, "bypassed");
        this.servedTokens = count(raw, "served_tokens");
        this.billedTokens = count(raw, "billed_tokens");
        this.costMicros = money(raw, "cost");
        this.savedMicros = money(raw, "saved");
        this.estimatedCalls = count(raw, "estimated_calls");
        this.firstAt = text(raw, "first_at");
        this.lastAt = text(raw, "last_at");
        this.byModel = rows(raw.get("by_model"));
        this.byTier = rows(raw.get("by_tier"));
        this.unknownModels = JsonFields.counts(raw.get("unknown_models"));
        this.ratio = ratio(raw.get("ratio"));
        this.agreement = agreement(raw.get("agreement"));
    }

    /**
     * Reads a gateway answer.
     *
     * @param json the answer's root object
     * @param requestedRun the run id asked for, used when the answer does not name its run
     */
    public static RunReport of(ObjectNode json, String requestedRun) {
        return new RunReport(json.deepCopy(), requestedRun);
    }

    /** The run's cost in micro-dollars, or null when the answer carried none. */
    Long costMicros() {
        return costMicros;
    }

    /**
     * One line for a CI log: the run, its cost and the checks' outcome ({@code evalgate run r1:
     * cost $0.012345; 1 of 3 checks failed: cost-budget}).
     */
    public String verdict(List<Check> checks) {
        return "evalgate run "
                + run
                + ": cost "
                + Amounts.usd(costMicros)
                + "; "
                + Check.summary(checks);
    }

    /**
     * {@code s} with control characters and what XML cannot carry replaced by {@code ?}: names come
     * from clients' requests and must not steer a terminal or break a report.
     */
    public static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean bad =
                    Character.isISOControl(c)
                            || Character.isSurrogate(c)
                            || c == '\uFFFE'
                            || c == '\uFFFF';
            if (bad && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? '?' : c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static List<Row> rows(JsonNode map) {
        return JsonFields.rows(
                map,
                (name, v) ->
                        new Row(
                                name,
                                count(v, "calls"),
                                count(v, "hits"),
                                count(v, "served_tokens"),
                                count(v, "billed_tokens"),
                                money(v, "cost"),
                                money(v, "saved")));
    }

    private static Ratio ratio(JsonNode r) {
        if (r == null || !r.isObject()) {
            return null;
        }
        return new Ratio(
                count(r, "window_days"),
                text(r, "from"),
                text(r, "to"),
                money(r, "eval"),
                money(r, "production"),
                text(r, "percent"),
                text(r, "band"));
    }

    private static List<RouteAgreement> agreement(JsonNode a) {
        return JsonFields.rows(
                a == null ? null : a.get("routes"),
                (route, v) -> {
                    JsonNode rate = v.get("agreement_rate");
                    return new RouteAgreement(
                            route,
                            count(v, "comparisons"),
                            count(v, "agree"),
                            count(v, "disagree"),
                            count(v, "errors"),
                            rate != null && rate.isNumber() ? rate.doubleValue() : null);
                });
    }
}
