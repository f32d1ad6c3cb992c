package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Assembles legacy {@code text_completion} stream chunks into one {@code text_completion}: text
 * concatenated per choice, and each logprobs array ({@code tokens}, {@code token_logprobs}, …)
 * concatenated.
 */
final class CompletionsAssembly extends OpenAiAssembly<CompletionsAssembly.TextChoice> {
    static final class TextChoice extends OpenAiAssembly.Choice {
        final StringBuilder text = new StringBuilder();
        ObjectNode logprobs;
    }

    @Override
    TextChoice newChoice() {
        return new TextChoice();
    }

    @Override
    void merge(TextChoice choice, ObjectNode choiceNode) throws StreamFault {
        appendText(choice.text, choiceNode.get("text"), "text");
        ObjectNode logprobs = objectOrNull(choiceNode.get("logprobs"), "logprobs");
        if (logprobs == null) {
            return;
        }
        if (choice.logprobs == null) {
            choice.logprobs = Json.object();
        }
        for (Map.Entry<String, JsonNode> field : logprobs.properties()) {
            JsonNode existing = choice.logprobs.get(field.getKey());
            if (field.getValue().isArray() && existing instanceof ArrayNode array) {
                array.addAll((ArrayNode) field.getValue());
            } else if (field.getValue().isArray()) {
                choice.logprobs.set(field.getKey(), field.getValue().deepCopy());
            } else if (Json.isAbsent(existing)) {
                choice.logprobs.set(field.getKey(), field.getValue());
            } else if (!field.getValue().isNull()) {
                throw new StreamFault("logprobs." + field.getKey() + " is not an array");
            }
        }
    }

    @Override
    ObjectNode build() {
        ObjectNode root = header("text_completion");
        if (systemFingerprint() != null) {
            root.put("system_fingerprint", systemFingerprint());
        }
        root.set("choices", buildChoices());
        if (usage() != null) {
            root.set("usage", usage());
        }
        return root;
    }

    @Override
    ObjectNode buildChoice(int index, TextChoice choice) {
        ObjectNode node = Json.object();
        node.put("text", choice.text.toString());
        node.put("index", index);
        node.set("logprobs", choice.logprobs);
        node.put("finish_reason", choice.finishReason);
        return node;
    }
}
