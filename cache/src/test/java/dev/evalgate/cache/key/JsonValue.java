package dev.evalgate.cache.key;

import java.math.BigDecimal;
import java.util.List;

/** A JSON tree for the property tests, independent of the code under test. */
sealed interface JsonValue {
    record JObject(List<Member> members) implements JsonValue {}

    record Member(String key, JsonValue value) {}

    record JArray(List<JsonValue> items) implements JsonValue {}

    record JString(String value) implements JsonValue {}

    record JNumber(BigDecimal value) implements JsonValue {}

    record JBool(boolean value) implements JsonValue {}

    enum JNull implements JsonValue {
        INSTANCE
    }

    /** Whether two leaves denote the same JSON value (numbers compare numerically). */
    static boolean sameValue(JsonValue a, JsonValue b) {
        if (a instanceof JNumber x && b instanceof JNumber y) {
            return x.value().compareTo(y.value()) == 0;
        }
        return a.equals(b);
    }
}
