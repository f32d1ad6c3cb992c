package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects configuration problems as {@code path: value (expected: …)} lines and renders paths and
 * values for them. Values marked secret are shown as {@value #MASK}.
 */
final class Problems {

    /** What a secret is shown as, in messages and in the described config. */
    static final String MASK = "****";

    /** Path of the document itself. */
    static final String ROOT = "(root)";

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_/*-]+");
    private static final int MAX_SHOWN = 80;

    private final List<String> lines = new ArrayList<>();
    private final Set<String> settled = new HashSet<>();

    /** Path of {@code key} under {@code parent}; keys that are not plain are quoted. */
    static String child(String parent, String key) {
        String part = PLAIN_KEY.matcher(key).matches() ? key : "[" + TextNode.valueOf(key) + "]";
        if (parent.isEmpty() || parent.equals(ROOT)) {
            return part.startsWith("[") ? ROOT + part : part;
        }
        return part.startsWith("[") ? parent + part : parent + "." + part;
    }

    /** Path of element {@code index} of the list at {@code parent}. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** Records {@code path: reason}, unless an earlier problem settled that path. */
    void add(String path, String reason) {
        if (!isSettled(path)) {
            lines.add(path + ": " + reason);
        }
    }

    /**
     * Records a problem and settles the path: later problems about the same value (a failed {@code
     * ${VAR}} left in place) would only repeat it.
     */
    void addAndSettle(String path, String reason) {
        add(path, reason);
        settled.add(path);
    }

    /** Records {@code path: value (expected: …)}. */
    void invalid(String path, JsonNode value, String expected) {
        add(path, render(value, false) + " (expected: " + expected + ")");
    }

    /** Records {@code path: value (expected: …)} with the value masked unless it is empty. */
    void invalidSecret(String path, JsonNode value, String expected) {
        add(path, render(value, true) + " (expected: " + expected + ")");
    }

    /** Records {@code path: "text" (expected: …)} for a value already read as text. */
    void invalidText(String path, String shown, String expected) {
        invalid(path, TextNode.valueOf(shown), expected);
    }

    /** Records an absent required key. */
    void missing(String path, String expected) {
        add(path, "missing (expected: " + expected + ")");
    }

    /** Records a key the schema does not know, listing the ones it does. */
    void unknownKey(String path, Collection<String> allowed) {
        add(path, "unknown key (expected: one of " + String.join(", ", allowed) + ")");
    }

    int count() {
        return lines.size();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** A value as shown in a problem: quoted text, a number, or the kind of node. */
    static String render(JsonNode value, boolean secret) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isObject()) {
            return value.isEmpty() ? "{}" : "a mapping";
        }
        if (value.isArray()) {
            return value.isEmpty() ? "[]" : "a list";
        }
        if (value.isTextual() && value.textValue().isEmpty()) {
            return "\"\"";
        }
        if (secret) {
            return MASK;
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toPlainString(); // 0.0000001, not 1E-7
        }
        if (value.isTextual()) {
            String text = value.textValue();
            if (text.length() > MAX_SHOWN) {
                text = text.substring(0, MAX_SHOWN - 1) + "…";
            }
            return TextNode.valueOf(text).toString();
        }
        return value.toString();
    }

    private boolean isSettled(String path) {
        for (String s : settled) {
            if (path.equals(s) || path.startsWith(s + ".") || path.startsWith(s + "[")) {
                return true;
            }
        }
        return false;
    }
}
