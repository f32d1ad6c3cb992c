package dev.evalgate.pricing.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Counts tokens with OpenAI's real tokenizers (jtokkit) when an answer carries no usage.
 *
 * <p>The prompt count covers the request's text: chat {@code messages[].content} (strings or text
 * parts) and tool-call arguments, Anthropic {@code system}, completions {@code prompt} and
 * embeddings {@code input} (token arrays counted as they stand), plus OpenAI's documented overhead
 * of {@value #PER_MESSAGE} tokens per message and {@value #REPLY_PRIMING} to prime the reply. The
 * output count covers the answer's text: chat {@code message.content} and tool-call arguments,
 * completions {@code text}, Anthropic {@code content[].text} and tool inputs. Images, audio and
 * tool schemas are not counted, so an estimate can fall short.
 *
 * <p>{@code o200k_base} serves the GPT-4o, GPT-4.1, GPT-5 and o-series families; {@code
 * cl100k_base} everything else, which for non-OpenAI models (Claude, Llama) is an approximation.
 * Both tables load in the constructor, so create one estimator at start-up and share it; it is
 * thread-safe. Counting is CPU work proportional to the text: keep large bodies off event loops.
 */
public final class TokenEstimator {

    static final int PER_MESSAGE = 3;
    static final int REPLY_PRIMING = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Encoding o200k;
    private final Encoding cl100k;

    /** Loads the tokenizer tables. */
    public TokenEstimator() {
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
    }

    /**
     * Estimated usage of a call: the request's prompt tokens and, when an answer is given, its
     * output tokens.
     *
     * @param answer the complete answer body, or null or empty when there is none yet
     */
    public Usage estimate(String model, byte[] request, byte[] answer) {
        long output = answer == null || answer.length == 0 ? 0 : countAnswer(model, answer);
        return Usage.estimated(countPrompt(model, request), output);
    }

    /** The prompt tokens of a request body; a body that is not JSON is counted as plain text. */
    public long countPrompt(String model, byte[] request) {
        Encoding encoding = encodingFor(model);
        JsonNode body = parse(request);
        if (body == null) {
            return encoding.countTokensOrdinary(new String(request, StandardCharsets.UTF_8));
        }
        long tokens = 0;
        JsonNode messages = body.path("messages");
        if (messages.isArray()) {
            for (JsonNode message : messages) {
                tokens += PER_MESSAGE + countText(encoding, message.path("content"));
                tokens += countToolCalls(encoding, message.path("tool_calls"));
            }
            tokens += REPLY_PRIMING;
        }
        tokens += countText(encoding, body.path("system"));
        tokens += countText(encoding, body.path("prompt"));
        tokens += countText(encoding, body.path("input"));
        return tokens;
    }

    /** The output tokens of an answer body; zero if it is not JSON. */
    public long countAnswer(String model, byte[] answer) {
        Encoding encoding = encodingFor(model);
        JsonNode body = parse(answer);
        if (body == null) {
            return 0;
        }
        long tokens = 0;
        for (JsonNode choice : body.path("choices")) {
            tokens += countText(encoding, choice.path("text"));
            tokens += countText(encoding, choice.path("message").path("content"));
            tokens += countToolCalls(encoding, choice.path("message").path("tool_calls"));
        }
        for (JsonNode block : body.path("content")) {
            tokens += countText(encoding, block.path("text"));
            if (block.has("input")) {
                tokens += encoding.countTokensOrdinary(block.get("input").toString());
            }
        }
        return tokens;
    }

    /** The tokens of {@code text} in the model's tokenizer. */
    public long countText(String model, String text) {
        return encodingFor(model).countTokensOrdinary(text);
    }

    Encoding encodingFor(String model) {
        String id = model == null ? "" : model.toLowerCase(Locale.ROOT);
        boolean o200kFamily =
                id.startsWith("gpt-4o")
                        || id.startsWith("chatgpt-4o")
                        || id.startsWith("gpt-4.1")
                        || id.startsWith("gpt-4.5")
                        || id.startsWith("gpt-5")
                        || id.matches("o\\d.*");
        return o200kFamily ? o200k : cl100k;
    }

    /** Text in a string, an array of strings, text parts ({@code {"text": …}}) or token ids. */
    private static long countText(Encoding encoding, JsonNode node) {
        if (node.isTextual()) {
            return encoding.countTokensOrdinary(node.asText());
        }
        if (node.isIntegralNumber()) {
            return 1;
        }
        long tokens = 0;
        if (node.isArray()) {
            for (JsonNode part : node) {
                tokens +=
                        part.isObject()
                                ? countText(encoding, part.path("text"))
                                : countText(encoding, part);
            }
        }
        return tokens;
    }

    private static long countToolCalls(Encoding encoding, JsonNode calls) {
        long tokens = 0;
        for (JsonNode call : calls) {
            tokens += countText(encoding, call.path("function").path("name"));
            tokens += countText(encoding, call.path("function").path("arguments"));
        }
        return tokens;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
