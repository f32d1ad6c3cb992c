package dev.evalgate.gateway.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.pricing.cost.Micros;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How a run's report and a suite's estimate read the gateway's answer: a field that is missing,
 * null or of another type reads as null (shown as {@code n/a}, never as zero), names and strings
 * are made {@link RunReport#printable printable}, and money is read exactly, never through a
 * double.
 */
final class JsonFields {

    private JsonFields() {}

    /** A scalar field as printable text, or null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return RunReport.printable(v.asText());
    }

    /** An integer field that fits a long, or null. */
    static Long count(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        return null;
    }

    /** {@code <prefix>_micros}, else {@code <prefix>_usd} read as an exact decimal, or null. */
    static Long money(JsonNode node, String prefix) {
        Long micros = count(node, prefix + "_micros");
        return micros != null ? micros : usd(text(node, prefix + "_usd"));
    }

    /** Each field of the object {@code map} as its count, keyed by its printable name. */
    static Map<String, Long> counts(JsonNode map) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (map == null || !map.isObject()) {
            return counts;
        }
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            JsonNode v = e.getValue();
            counts.put(
                    RunReport.printable(e.getKey()),
                    v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : null);
        }
        return counts;
    }

    /**
     * One row per field of the object {@code map}, made by {@code row} from the field's printable
     * name and its value; none when {@code map} is not an object.
     */
    static <T> List<T> rows(JsonNode map, BiFunction<String, JsonNode, T> row) {
        List<T> rows = new ArrayList<>();
        if (map == null || !map.isObject()) {
            return rows;
        }
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            rows.add(row.apply(RunReport.printable(e.getKey()), e.getValue()));
        }
        return rows;
    }

    private static Long usd(String decimal) {
        if (decimal == null) {
            return null;
        }
        try {
            return Micros.fromUsd(new BigDecimal(decimal.strip()));
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
