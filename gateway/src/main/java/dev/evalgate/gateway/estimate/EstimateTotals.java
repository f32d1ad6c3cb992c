package dev.evalgate.gateway.estimate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.pricing.cost.Micros;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A suite's estimate, request by request: what is cached (and what it would cost to call again),
 * what is still to call (expected and worst-case cost), what repeats an earlier request, and what
 * could not be routed or is not a valid request. Money is in micro-dollars and given twice in JSON,
 * as the run reports do: {@code *_usd} six-decimal strings and {@code *_micros} integers.
 *
 * <p>Threading: filled by one thread, then read.
 */
public final class EstimateTotals {

    /** Problems listed in the answer; the counts cover all of them. */
    public static final int MAX_PROBLEMS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private long requests;
    private long cached;
    private long toCall;
    private long duplicates;
    private long unroutable;
    private long invalid;
    private long expectedMicros;
    private long worstCaseMicros;
    private long cachedValueMicros;
    private final Map<String, ModelTotals> byModel = new TreeMap<>();
    private final Map<String, Long> unknownModels = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();

    /** A request that is not estimated, and why. */
    public record Problem(int line, String message) {}

    private static final class ModelTotals {
        long requests;
        long cached;
        long promptTokens;
        long expectedMicros;
        long worstCaseMicros;
        long cachedValueMicros;
    }

    /**
     * A request whose answer is cached: it costs nothing; {@code savedMicros} is what the stored
     * answer would cost to get again, as a hit's saving is priced.
     *
     * @param model {@code provider/model} as run reports name it
     * @param unknown whether the catalog has no price for the model
     */
    public void cached(String model, boolean unknown, long promptTokens, long savedMicros) {
        ModelTotals m = routed(model, unknown, promptTokens);
        cached++;
        m.cached++;
        cachedValueMicros = plus(cachedValueMicros, savedMicros);
        m.cachedValueMicros = plus(m.cachedValueMicros, savedMicros);
    }

    /** A request the run will send upstream. */
    public void toCall(String model, boolean unknown, CallEstimate call) {
        ModelTotals m = routed(model, unknown, call.promptTokens());
        toCall++;
        expectedMicros = plus(expectedMicros, call.expectedMicros());
        worstCaseMicros = plus(worstCaseMicros, call.worstCaseMicros());
        m.expectedMicros = plus(m.expectedMicros, call.expectedMicros());
        m.worstCaseMicros = plus(m.worstCaseMicros, call.worstCaseMicros());
    }

    /**
     * A request identical to an earlier one still to call: with a cache that records, the run
     * serves it the earlier one's answer.
     */
    public void duplicate(String model, boolean unknown, long promptTokens) {
        routed(model, unknown, promptTokens);
        duplicates++;
    }

    /** A request whose model nothing serves. */
    public void unroutable(int line, String message) {
        requests++;
        unroutable++;
        problem(line, message);
    }

    /** A request the gateway would refuse (not JSON, no model, untranslatable, …). */
    public void invalid(int line, String message) {
        requests++;
        invalid++;
        problem(line, message);
    }

    /** The answer of {@code POST /admin/estimate}. */
    public ObjectNode toJson(
            String endpoint, long outputTokens, String cacheMode, String catalogVersion) {
        ObjectNode n =
                JSON.createObjectNode()
                        .put("requests", requests)
                        .put("cached", cached)
                        .put("to_call", toCall)
                        .put("duplicates", duplicates)
                        .put("unroutable", unroutable)
                        .put("invalid", invalid);
        money(n, "expected", expectedMicros);
        money(n, "worst_case", worstCaseMicros);
        money(n, "cached_value", cachedValueMicros);
        n.put("catalog_version", catalogVersion)
                .put("endpoint", endpoint)
                .put("output_tokens", outputTokens)
                .put("cache_mode", cacheMode);
        ObjectNode models = n.putObject("by_model");
        byModel.forEach(
                (name, m) -> {
                    ObjectNode row =
                            models.putObject(name)
                                    .put("requests", m.requests)
                                    .put("cached", m.cached)
                                    .put("prompt_tokens", m.promptTokens);
                    money(row, "expected", m.expectedMicros);
                    money(row, "worst_case", m.worstCaseMicros);
                    money(row, "cached_value", m.cachedValueMicros);
                });
        ObjectNode unknown = n.putObject("unknown_models");
        unknownModels.forEach(unknown::put);
        ArrayNode list = n.putArray("problems");
        for (Problem p : problems) {
            list.addObject().put("line", p.line()).put("message", p.message());
        }
        return n;
    }

    long requests() {
        return requests;
    }

    long toCall() {
        return toCall;
    }

    long expectedMicros() {
        return expectedMicros;
    }

    long worstCaseMicros() {
        return worstCaseMicros;
    }

    long cachedValueMicros() {
        return cachedValueMicros;
    }

    private ModelTotals routed(String model, boolean unknown, long promptTokens) {
        requests++;
        ModelTotals m = byModel.computeIfAbsent(model, k -> new ModelTotals());
        m.requests++;
        m.promptTokens = plus(m.promptTokens, promptTokens);
        if (unknown) {
            unknownModels.merge(model, 1L, Long::sum);
        }
        return m;
    }

    private void problem(int line, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(line, message));
        }
    }

    private static void money(ObjectNode n, String name, long micros) {
        n.put(name + "_usd", Micros.format(micros)).put(name + "_micros", micros);
    }

    /** Sum of non-negative figures, saturating instead of wrapping. */
    static long plus(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
