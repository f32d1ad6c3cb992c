package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in the string values of a parsed YAML
 * tree; {@code $${} stands for a literal {@code ${}. Only values are substituted, never keys or
 * the raw text, so an environment value cannot change the document's structure, and a
 * substituted value is not scanned again. As in the shell, the default applies when the
 * variable is unset or empty. Problems never show a value, only the reference.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String EXPECTED_REFERENCE =
            "${NAME} or ${NAME:-default} with NAME of letters, digits and _; $${ for a literal ${";

    private EnvSubstitution() {}

    /** Substitutes every string value below {@code node}, in place. */
    static void apply(JsonNode node, Map<String, String> env, Problems problems) {
        walk(node, Problems.ROOT, env, problems);
    }

    private static void walk(JsonNode node, String path, Map<String, String> env, Problems p) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String childPath = Problems.child(path, name);
                JsonNode value = object.get(name);
                if (value.isTextual()) {
                    object.set(name, substitute(value, childPath, env, p));
                } else {
                    walk(value, childPath, env, p);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = Problems.index(path, i);
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, substitute(value, childPath, env, p));
                } else {
                    walk(value, childPath, env, p);
                }
            }
        }
    }

    private static JsonNode substitute(
            JsonNode value, String path, Map<String, String> env, Problems problems) {
        String text = value.textValue();
        if (text.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean failed = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    problems.addAndSettle(
                            path, "unterminated ${ (expected: " + EXPECTED_REFERENCE + ")");
                    return value;
                }
                String resolved = resolve(text.substring(i + 2, close), path, env, problems);
                if (resolved == null) {
                    failed = true;
                } else {
                    out.append(resolved);
                }
                i = close + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return failed ? value : TextNode.valueOf(out.toString());
    }

    /** The value of one reference's body ({@code VAR} or {@code VAR:-default}), or null. */
    private static String resolve(
            String body, String path, Map<String, String> env, Problems problems) {
        int sep = body.indexOf(":-");
        String name = sep < 0 ? body : body.substring(0, sep);
        String fallback = sep < 0 ? null : body.substring(sep + 2);
        if (!NAME.matcher(name).matches() || (fallback != null && fallback.contains("${"))) {
            problems.addAndSettle(
                    path, "invalid ${…} reference (expected: " + EXPECTED_REFERENCE + ")");
            return null;
        }
        String value = env.get(name);
        if (value != null && !(value.isEmpty() && fallback != null)) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        problems.addAndSettle(
                path, "${" + name + "} is not set (expected: an environment variable)");
        return null;
    }
}
