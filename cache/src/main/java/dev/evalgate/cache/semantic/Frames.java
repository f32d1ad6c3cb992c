package dev.evalgate.cache.semantic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.evalgate.cache.sse.StreamFormat;
import java.io.IOException;

/**
 * Splits a canonical request into its frame and its varying text: the text of the final user
 * message, and everything else (model, parameters, system prompt, earlier turns, tools) with that
 * text replaced by a marker.
 *
 * <p>Two requests may share an answer through the semantic tier only if their frames are equal byte
 * for byte, so the frame is built losslessly: numbers are read as {@code BigDecimal} and written
 * back from it, and only the one text value changes. A request is eligible when its final message
 * is the user's and its content is one piece of text:
 *
 * <ul>
 *   <li>chat completions: the last of {@code messages} has {@code role} {@code user} and a string
 *       {@code content}, or a {@code content} array holding exactly one {@code text} part;
 *   <li>Anthropic messages: the same, with a single {@code text} block;
 *   <li>completions: a string {@code prompt}, or an array holding one string.
 * </ul>
 *
 * Anything else (an image in the last message, a final assistant or tool message, several text
 * parts, embeddings) is not eligible and is answered by the exact tier alone.
 */
public final class Frames {

    /** What stands in the frame for the varying text; not valid text of any real request. */
    static final String MARKER = "\u0000evalgate:semantic-text\u0000";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Frames() {}

    /**
     * A request's frame (its canonical JSON with the varying text replaced by a marker) and that
     * text.
     */
    public record Split(byte[] frame, String text) {}

    /**
     * Splits {@code canonical}, the canonical JSON of a request of endpoint kind {@code format};
     * null when the request is not eligible for the semantic tier (see the class comment), its text
     * is blank or longer than {@code maxChars}, or it is not a JSON object.
     */
    public static Split split(StreamFormat format, byte[] canonical, int maxChars) {
        if (format == null || canonical == null) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(canonical);
        } catch (IOException e) {
            return null;
        }
        if (!(root instanceof ObjectNode request)) {
            return null;
        }
        String text =
                format == StreamFormat.OPENAI_COMPLETIONS ? takePrompt(request) : takeLast(request);
        if (text == null || text.isBlank() || text.length() > maxChars) {
            return null;
        }
        try {
            return new Split(JSON.writeValueAsBytes(request), text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Replaces the completions prompt with the marker; returns it, or null if not one string. */
    private static String takePrompt(ObjectNode request) {
        JsonNode prompt = request.get("prompt");
        if (prompt != null && prompt.isTextual()) {
            request.set("prompt", TextNode.valueOf(MARKER));
            return prompt.textValue();
        }
        if (prompt instanceof ArrayNode list && list.size() == 1 && list.get(0).isTextual()) {
            String text = list.get(0).textValue();
            list.set(0, TextNode.valueOf(MARKER));
            return text;
        }
        return null;
    }

    /** Replaces the final user message's text with the marker; returns it, or null. */
    private static String takeLast(ObjectNode request) {
        if (!(request.get("messages") instanceof ArrayNode messages) || messages.isEmpty()) {
            return null;
        }
        if (!(messages.get(messages.size() - 1) instanceof ObjectNode last)) {
            return null;
        }
        JsonNode role = last.get("role");
        if (role == null || !"user".equals(role.textValue())) {
            return null;
        }
        JsonNode content = last.get("content");
        if (content != null && content.isTextual()) {
            last.set("content", TextNode.valueOf(MARKER));
            return content.textValue();
        }
        if (content instanceof ArrayNode parts
                && parts.size() == 1
                && parts.get(0) instanceof ObjectNode part
                && "text".equals(part.path("type").textValue())
                && part.get("text") != null
                && part.get("text").isTextual()) {
            String text = part.get("text").textValue();
            part.set("text", TextNode.valueOf(MARKER));
            return text;
        }
        return null;
    }
}
