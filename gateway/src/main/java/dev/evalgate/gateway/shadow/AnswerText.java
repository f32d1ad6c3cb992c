package dev.evalgate.gateway.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The assistant's text in an answer body: an OpenAI {@code chat.completion} or {@code
 * text_completion}, an Anthropic {@code message}, or either as a server-sent event stream.
 */
final class AnswerText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerText() {}

    /** Thrown when a body holds no recognisable assistant text. */
    static final class UnreadableAnswerException extends Exception {
        UnreadableAnswerException(String message) {
            super(message, null, false, false);
        }
    }

    /** The text; tool calls and other non-text blocks are ignored. */
    static String of(byte[] body) throws UnreadableAnswerException {
        String s = new String(body, StandardCharsets.UTF_8);
        String trimmed = s.stripLeading();
        if (trimmed.startsWith("data:") || trimmed.startsWith("event:")) {
            return ofStream(s);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new UnreadableAnswerException("the answer is not JSON");
        }
        return ofMessage(root);
    }

    private static String ofMessage(JsonNode root) throws UnreadableAnswerException {
        if (root == null || !root.isObject()) {
            throw new UnreadableAnswerException("the answer is not a JSON object");
        }
        JsonNode choices = root.path("choices");
        if (choices.isArray() && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            JsonNode content = choice.path("message").path("content");
            if (content.isTextual()) {
                return content.textValue();
            }
            if (choice.path("text").isTextual()) {
                return choice.path("text").textValue();
            }
            if (content.isNull() || content.isMissingNode()) {
                return "";
            }
        }
        JsonNode blocks = root.path("content");
        if ("message".equals(root.path("type").asText()) && blocks.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode b : blocks) {
                if ("text".equals(b.path("type").asText())) {
                    sb.append(b.path("text").asText());
                }
            }
            return sb.toString();
        }
        throw new UnreadableAnswerException("no chat completion or message in the answer");
    }

    private static String ofStream(String s) throws UnreadableAnswerException {
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        for (String line : s.split("\r?\n")) {
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).trim();
            if (data.isEmpty() || data.equals("[DONE]")) {
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(data);
            } catch (IOException e) {
                throw new UnreadableAnswerException("an event of the stream is not JSON");
            }
            JsonNode choice = event.path("choices").path(0);
            if (choice.isObject()) {
                any = true;
                JsonNode delta = choice.path("delta").path("content");
                if (delta.isTextual()) {
                    sb.append(delta.textValue());
                } else if (choice.path("text").isTextual()) {
                    sb.append(choice.path("text").textValue());
                }
            } else if ("content_block_delta".equals(event.path("type").asText())) {
                any = true;
                JsonNode text = event.path("delta").path("text");
                if (text.isTextual()) {
                    sb.append(text.textValue());
                }
            } else if ("message_start".equals(event.path("type").asText())) {
                any = true;
            }
        }
        if (!any) {
            throw new UnreadableAnswerException("no completion events in the stream");
        }
        return sb.toString();
    }
}
