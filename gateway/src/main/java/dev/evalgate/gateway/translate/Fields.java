package dev.evalgate.gateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One JSON object of a request being translated, read field by field. Every field must be taken
 * (translated), or dropped by name (documented as not changing the answer); {@link #refuseRest()}
 * refuses whatever is left, so an unknown field is never lost in translation.
 */
final class Fields {
    private final ObjectNode node;
    private final String path;
    private final Protocol target;
    private final Set<String> seen = new LinkedHashSet<>();

    private Fields(ObjectNode node, String path, Protocol target) {
        this.node = node;
        this.path = path;
        this.target = target;
    }

    /** {@code value} at {@code path}, which must be a JSON object. */
    static Fields of(JsonNode value, String path, Protocol target) throws UntranslatableException {
        if (value == null || !value.isObject()) {
            throw UntranslatableException.invalid(path, "an object");
        }
        return new Fields((ObjectNode) value, path, target);
    }

    /** The path of {@code name} inside this object. */
    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    Protocol target() {
        return target;
    }

    /** The field's value, or {@code null} when it is absent or JSON null. */
    JsonNode take(String name) {
        seen.add(name);
        JsonNode value = node.get(name);
        return Json.isSet(value) ? value : null;
    }

    /** The field's value; it must be present. */
    JsonNode required(String name) throws UntranslatableException {
        JsonNode value = take(name);
        if (value == null) {
            throw UntranslatableException.invalid(path(name), "a value (it is required)");
        }
        return value;
    }

    /** The field's text, or {@code null}; a non-text value is invalid. */
    String text(String name) throws UntranslatableException {
        JsonNode value = take(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw UntranslatableException.invalid(path(name), "a string");
        }
        return value.textValue();
    }

    /** The field's text; it must be present. */
    String requiredText(String name) throws UntranslatableException {
        String value = text(name);
        if (value == null) {
            throw UntranslatableException.invalid(path(name), "a string (it is required)");
        }
        return value;
    }

    /** The field's array, or {@code null}; a non-array value is invalid. */
    ArrayNode array(String name) throws UntranslatableException {
        JsonNode value = take(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw UntranslatableException.invalid(path(name), "an array");
        }
        return (ArrayNode) value;
    }

    /** Marks fields that are deliberately not translated because they do not change the answer. */
    void drop(String... names) {
        for (String name : names) {
            seen.add(name);
        }
    }

    /** Refuses {@code name} when it is set, because {@code why}. */
    void refuse(String name, String why) throws UntranslatableException {
        JsonNode value = take(name);
        if (value != null) {
            throw UntranslatableException.refused(path(name), value, target, why);
        }
    }

    /**
     * Refuses {@code name} when it is set to anything but {@code harmless}, because {@code why}.
     */
    void refuseUnless(String name, JsonNode harmless, String why) throws UntranslatableException {
        JsonNode value = take(name);
        if (value != null && !sameValue(value, harmless)) {
            throw UntranslatableException.refused(path(name), value, target, why);
        }
    }

    /** Refuses the first field that was neither taken nor dropped. */
    void refuseRest() throws UntranslatableException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!seen.contains(name)) {
                throw UntranslatableException.refused(
                        path(name),
                        null,
                        target,
                        "this gateway does not know a faithful translation for it");
            }
        }
    }

    private static boolean sameValue(JsonNode value, JsonNode harmless) {
        if (value.isNumber() && harmless.isNumber()) {
            return value.decimalValue().compareTo(harmless.decimalValue()) == 0;
        }
        return value.equals(harmless);
    }
}
