package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Folds the events of one stream into the plain answer of one format. A fault is sticky: once a
 * stream is known to be unusable, later events are ignored and it never reports completion.
 */
abstract class Assembly {
    private String fault;

    static Assembly of(StreamFormat format) {
        return switch (format) {
            case OPENAI_CHAT -> new ChatAssembly();
            case OPENAI_COMPLETIONS -> new CompletionsAssembly();
            case ANTHROPIC_MESSAGES -> new MessagesAssembly();
        };
    }

    final void accept(SseEvent event) {
        if (fault != null || terminated()) {
            return;
        }
        try {
            handle(event);
        } catch (StreamFault e) {
            fault = e.getMessage();
        }
    }

    /** Null when the answer is complete, else why it is not. */
    final String incompleteReason() {
        if (fault != null) {
            return fault;
        }
        if (!terminated()) {
            return "stream ended before its terminal event";
        }
        return unfinishedPart();
    }

    abstract void handle(SseEvent event) throws StreamFault;

    /** Whether the format's terminal event arrived. */
    abstract boolean terminated();

    /** Null when every part of a terminated stream is finished, else what is not. */
    abstract String unfinishedPart();

    /** The plain answer; only called once {@link #incompleteReason()} is null. */
    abstract ObjectNode build();

    static ObjectNode parse(String data) throws StreamFault {
        ObjectNode node = Json.parseObject(data);
        if (node == null) {
            throw new StreamFault("event data is not a JSON object");
        }
        return node;
    }

    static int index(JsonNode parent, String field) throws StreamFault {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new StreamFault(field + " is not an integer");
        }
        return node.intValue();
    }

    /** Appends {@code node}'s text to {@code sb} (created on first text); null and absent skip. */
    static StringBuilder appendText(StringBuilder sb, JsonNode node, String field)
            throws StreamFault {
        if (Json.isAbsent(node)) {
            return sb;
        }
        if (!node.isTextual()) {
            throw new StreamFault(field + " is not a string");
        }
        return (sb == null ? new StringBuilder() : sb).append(node.textValue());
    }

    static ObjectNode objectOrNull(JsonNode node, String field) throws StreamFault {
        if (Json.isAbsent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw new StreamFault(field + " is not an object");
        }
        return (ObjectNode) node;
    }
}
