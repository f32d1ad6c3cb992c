package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What OpenAI's chat and legacy completion streams share: chunk headers ({@code id}, {@code
 * created}, {@code model}, …), choices keyed by {@code index} (with {@code n > 1} their chunks
 * interleave), a {@code finish_reason} per choice, an optional usage chunk, and {@code [DONE]}.
 */
abstract class OpenAiAssembly<C extends OpenAiAssembly.Choice> extends Assembly {
    /** Per-choice state; subclasses add what their deltas carry. */
    abstract static class Choice {
        String finishReason;
    }

    private final Map<Integer, C> choices = new TreeMap<>();
    private boolean done;
    private String id;
    private JsonNode created;
    private String model;
    private String systemFingerprint;
    private String serviceTier;
    private ObjectNode usage;

    @Override
    final void handle(SseEvent event) throws StreamFault {
        if ("error".equals(event.event())) {
            throw new StreamFault("error event");
        }
        if (event.data().trim().equals("[DONE]")) {
            done = true;
            return;
        }
        ObjectNode chunk = parse(event.data());
        if (chunk.has("error")) {
            throw new StreamFault("error object in stream");
        }
        id = firstNonEmpty(id, chunk.get("id"));
        model = firstNonEmpty(model, chunk.get("model"));
        systemFingerprint = firstNonEmpty(systemFingerprint, chunk.get("system_fingerprint"));
        serviceTier = firstNonEmpty(serviceTier, chunk.get("service_tier"));
        JsonNode createdNode = chunk.get("created");
        if (created == null && createdNode != null && createdNode.isIntegralNumber()) {
            created = createdNode;
        }
        ObjectNode usageNode = objectOrNull(chunk.get("usage"), "usage");
        if (usageNode != null) {
            usage = usageNode;
        }
        JsonNode choicesNode = chunk.get("choices");
        if (Json.isAbsent(choicesNode)) {
            return;
        }
        if (!choicesNode.isArray()) {
            throw new StreamFault("choices is not an array");
        }
        for (JsonNode choiceNode : choicesNode) {
            if (!choiceNode.isObject()) {
                throw new StreamFault("choice is not an object");
            }
            int index = index(choiceNode, "index");
            C choice = choices.computeIfAbsent(index, i -> newChoice());
            merge(choice, (ObjectNode) choiceNode);
            JsonNode finish = choiceNode.get("finish_reason");
            if (!Json.isAbsent(finish)) {
                if (!finish.isTextual()) {
                    throw new StreamFault("finish_reason is not a string");
                }
                choice.finishReason = finish.textValue();
            }
        }
    }

    @Override
    final boolean terminated() {
        return done;
    }

    @Override
    final String unfinishedPart() {
        if (choices.isEmpty()) {
            return "stream carried no choices";
        }
        for (C choice : choices.values()) {
            if (choice.finishReason == null) {
                return "a choice has no finish_reason";
            }
        }
        return null;
    }

    abstract C newChoice();

    abstract void merge(C choice, ObjectNode choiceNode) throws StreamFault;

    abstract ObjectNode buildChoice(int index, C choice);

    /** Writes {@code id}, {@code object}, {@code created} and {@code model}, in that order. */
    final ObjectNode header(String object) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("object", object);
        root.set("created", created);
        root.put("model", model);
        return root;
    }

    final ArrayNode buildChoices() {
        ArrayNode array = Json.array();
        for (Map.Entry<Integer, C> e : choices.entrySet()) {
            array.add(buildChoice(e.getKey(), e.getValue()));
        }
        return array;
    }

    final ObjectNode usage() {
        return usage;
    }

    final String systemFingerprint() {
        return systemFingerprint;
    }

    final String serviceTier() {
        return serviceTier;
    }

    private static String firstNonEmpty(String current, JsonNode node) {
        if (current != null && !current.isEmpty()) {
            return current;
        }
        String text = Json.text(node);
        return text != null ? text : current;
    }
}
