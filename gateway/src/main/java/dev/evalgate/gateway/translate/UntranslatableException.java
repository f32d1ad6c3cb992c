package dev.evalgate.gateway.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request or response field that has no faithful counterpart in the other protocol, or that is
 * malformed. The gateway answers the client with a 400 carrying {@link #getMessage()}, which names
 * the field and says why, e.g. {@code 'n': 2 cannot be translated to Anthropic (it returns one
 * answer per request)}.
 */
public final class UntranslatableException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int MAX_VALUE_CHARS = 60;

    private final String field;

    UntranslatableException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * The offending field as a dotted path with array indexes, e.g. {@code messages[2].content[0]};
     * empty for the body as a whole.
     */
    public String field() {
        return field;
    }

    /** {@code field} (with its value, when it is short) has no counterpart in {@code target}. */
    static UntranslatableException refused(
            String field, JsonNode value, Protocol target, String why) {
        String shown = value == null ? "" : render(value);
        return new UntranslatableException(
                field,
                "'"
                        + field
                        + "'"
                        + (shown.isEmpty() ? "" : ": " + shown)
                        + " cannot be translated to "
                        + target.displayName()
                        + " ("
                        + why
                        + ")");
    }

    /** {@code field} is not what its protocol allows there. */
    static UntranslatableException invalid(String field, String expected) {
        String name = field.isEmpty() ? "body" : "'" + field + "'";
        return new UntranslatableException(field, name + ": expected " + expected);
    }

    private static String render(JsonNode value) {
        if (value.isContainerNode()) {
            return "";
        }
        String text = value.toString();
        return text.length() <= MAX_VALUE_CHARS ? text : "";
    }
}
