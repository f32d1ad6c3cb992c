package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed reads of one YAML mapping that record a problem instead of throwing. An invalid value reads
 * as the default (or null): the caller builds records only when no problem was recorded, so the
 * stand-in never reaches a config.
 */
final class Fields {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Duration MIN_DURATION = Duration.ofMillis(1);
    private static final Duration MAX_DURATION = Duration.ofHours(1);

    private final ObjectNode node;
    private final String path;
    private final Problems problems;

    private Fields(ObjectNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The mapping at {@code path} with only the {@code allowed} keys; every other key is a problem.
     * An absent or empty ({@code null}) mapping reads as an empty one.
     */
    static Fields of(
            JsonNode value, String path, Problems problems, String expected, List<String> allowed) {
        Fields fields = anyKeys(value, path, problems, expected);
        for (String key : fields.keys()) {
            if (!allowed.contains(key)) {
                problems.unknownKey(Problems.child(path, key), allowed);
            }
        }
        return fields;
    }

    /** The mapping at {@code path}, whatever its keys; absent or null reads as empty. */
    static Fields anyKeys(JsonNode value, String path, Problems problems, String expected) {
        if (value instanceof ObjectNode object) {
            return new Fields(object, path, problems);
        }
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            problems.invalid(path, value, expected);
        }
        return new Fields(JsonNodeFactory.instance.objectNode(), path, problems);
    }

    /** The keys in document order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Key-value pairs in document order. */
    List<Map.Entry<String, JsonNode>> entries() {
        return new ArrayList<>(node.properties());
    }

    boolean has(String key) {
        return node.has(key);
    }

    JsonNode get(String key) {
        return node.get(key);
    }

    boolean isEmpty() {
        return node.isEmpty();
    }

    String path() {
        return path;
    }

    String path(String key) {
        return Problems.child(path, key);
    }

    /** A non-empty string, {@code fallback} when absent. */
    String string(String key, String fallback) {
        return has(key) ? text(get(key), path(key), "a non-empty string", false) : fallback;
    }

    /** A non-empty string that must be present. */
    String requiredString(String key, String expected) {
        if (!has(key)) {
            problems.missing(path(key), expected);
            return null;
        }
        return text(get(key), path(key), expected, false);
    }

    /** An integer in {@code min..max}; a string of digits counts (it may come from an env var). */
    int integer(String key, int min, int max, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = get(key);
        BigInteger n = null;
        if (value.isIntegralNumber()) {
            n = value.bigIntegerValue();
        } else if (value.isTextual() && INTEGER.matcher(value.textValue()).matches()) {
            n = new BigInteger(value.textValue());
        }
        if (n == null) {
            problems.invalid(path(key), value, "an integer in " + min + ".." + max);
            return fallback;
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.invalid(path(key), value, min + ".." + max);
            return fallback;
        }
        return n.intValue();
    }

    /**
     * A decimal number read exactly, never through a double, or null when absent or after recording
     * a problem. A string of that form counts (it may come from an env var). A negative scale
     * ({@code 1E+3}) reads as scale 0, the same value written plainly.
     */
    BigDecimal decimal(String key, String expected) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = get(key);
        BigDecimal d = null;
        if (value.isIntegralNumber()) {
            d = new BigDecimal(value.bigIntegerValue());
        } else if (value.isBigDecimal()) {
            d = value.decimalValue();
        } else if (value.isTextual() && DECIMAL.matcher(value.textValue()).matches()) {
            d = new BigDecimal(value.textValue());
        }
        if (d == null) {
            problems.invalid(path(key), value, expected);
            return null;
        }
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /** A size in bytes within {@code min..max}. */
    long size(String key, long min, long max, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = get(key);
        Long bytes = null;
        if (value.isIntegralNumber()) {
            bytes = value.canConvertToLong() ? value.longValue() : Long.MAX_VALUE;
        } else if (value.isTextual()) {
            bytes = Units.parseSize(value.textValue());
        }
        if (bytes == null) {
            problems.invalid(path(key), value, Units.SIZE_FORMAT);
            return fallback;
        }
        if (bytes < min || bytes > max) {
            problems.invalid(
                    path(key), value, Units.formatSize(min) + ".." + Units.formatSize(max));
            return fallback;
        }
        return bytes;
    }

    /** A duration in 1ms..1h. */
    Duration duration(String key, Duration fallback) {
        return duration(key, fallback, MIN_DURATION, MAX_DURATION);
    }

    /** A boolean. */
    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = get(key);
        if (!value.isBoolean()) {
            problems.invalid(path(key), value, "true or false");
            return fallback;
        }
        return value.booleanValue();
    }

    /** A duration in {@code min..max}. */
    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = get(key);
        Duration d = value.isTextual() ? Units.parseDuration(value.textValue()) : null;
        if (d == null) {
            problems.invalid(path(key), value, Units.DURATION_FORMAT);
            return fallback;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.invalid(
                    path(key), value, Units.formatDuration(min) + ".." + Units.formatDuration(max));
            return fallback;
        }
        return d;
    }

    /**
     * {@code value} as a non-empty string, or null after recording a problem. Numbers and booleans
     * are not strings: YAML may have changed them ({@code 1_000} reads as {@code 1000}), so they
     * must be quoted.
     */
    String text(JsonNode value, String at, String expected, boolean secret) {
        if (value != null && value.isTextual() && !value.textValue().isEmpty()) {
            return value.textValue();
        }
        if (value != null && (value.isNumber() || value.isBoolean())) {
            expected = expected + "; quote it";
        }
        if (secret) {
            problems.invalidSecret(at, value, expected);
        } else {
            problems.invalid(at, value, expected);
        }
        return null;
    }

    Problems problems() {
        return problems;
    }
}
