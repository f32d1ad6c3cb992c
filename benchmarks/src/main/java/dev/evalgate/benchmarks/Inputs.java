package dev.evalgate.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The benchmarks' inputs, built in code from a fixed seed so every run measures the same bytes:
 * chat-completions requests (a system prompt, tools, sampling parameters and conversation turns
 * filled up to a size) and the answers the cache replays (an OpenAI {@code chat.completion} or an
 * Anthropic {@code message} whose text fills up to a size).
 *
 * <p>The text mixes ASCII prose with what real prompts carry and the hot functions must handle
 * apart: newlines and quotes (escaped in JSON), accented letters, CJK and an emoji (two- to
 * four-byte UTF-8, a surrogate pair in Java).
 */
public final class Inputs {
    /** The model the requests name and the answers report. */
    public static final String MODEL = "gpt-4o-mini-2024-07-18";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String[] WORDS = {
        "the",
        "model",
        "should",
        "answer",
        "with",
        "a",
        "single",
        "JSON",
        "object",
        "that",
        "lists",
        "every",
        "failing",
        "assertion",
        "in",
        "order",
        "and",
        "explains",
        "why",
        "it",
        "failed",
        "given",
        "test",
        "suite",
        "output",
        "below",
        "café",
        "naïve",
        "résumé",
        "—",
        "→",
        "日本語",
        "テスト",
        "🙂",
        "\"quoted\"",
        "path\\to\\file",
        "x=1;",
        "{\"k\":",
        "42}",
        "0.75",
        "evaluation",
        "regression",
        "tokenizer",
        "deterministic",
        "rubric",
        "score",
    };

    private Inputs() {}

    /** Prints the exact sizes of the inputs the benchmarks use, for the record. */
    public static void main(String[] args) {
        for (int bytes : new int[] {2048, 204_800}) {
            System.out.printf("chat request %d: %d bytes%n", bytes, chatRequest(bytes).length);
        }
        for (int bytes : new int[] {1024, 51_200}) {
            System.out.printf(
                    "chat answer %d: %d bytes, messages answer %d: %d bytes%n",
                    bytes,
                    chatAnswer(bytes).body().length,
                    bytes,
                    messagesAnswer(bytes).body().length);
        }
    }

    /**
     * A chat-completions request of about {@code bytes} bytes of compact JSON (within a few dozen
     * bytes; at least the fixed part, about 1.5 KB).
     */
    public static byte[] chatRequest(int bytes) {
        SplittableRandom random = new SplittableRandom(bytes);
        ObjectNode body = JSON.createObjectNode();
        body.put("model", MODEL);
        ArrayNode messages = body.putArray("messages");
        messages.addObject()
                .put("role", "system")
                .put(
                        "content",
                        "You are a strict grader for a CI evaluation suite. " + text(random, 200));
        body.put("temperature", 0.2).put("top_p", 1.0).put("max_tokens", 512).put("seed", 42);
        body.put("n", 1).put("presence_penalty", 0).put("frequency_penalty", 0.0);
        ArrayNode tools = body.putArray("tools");
        tools.add(tool("report_failures", "Reports the failing assertions, most severe first."));
        tools.add(tool("request_rerun", "Asks the CI system to re-run a flaky test once."));
        body.put("tool_choice", "auto");
        body.putObject("response_format").put("type", "text");
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("user", "ci-suite-7");
        // Turns of at most 4 KB each, user and assistant alternating, until the size is reached.
        int turn = 0;
        int remaining;
        while ((remaining = bytes - size(body)) > 64) {
            int chars = Math.min(4096, remaining - 40);
            String role = turn++ % 2 == 0 ? "user" : "assistant";
            messages.addObject().put("role", role).put("content", text(random, chars));
        }
        return write(body);
    }

    /** A stored {@code chat.completion} of about {@code bytes} bytes, as the upstream sent it. */
    public static CachedAnswer chatAnswer(int bytes) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", "chatcmpl-AbC123dEf456GhI789jKl0MnOpQrS");
        answer.put("object", "chat.completion");
        answer.put("created", 1764489600L);
        answer.put("model", MODEL);
        ObjectNode choice = answer.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", "");
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        ObjectNode usage = answer.putObject("usage");
        usage.put("prompt_tokens", 1017).put("completion_tokens", bytes / 4);
        usage.put("total_tokens", 1017 + bytes / 4);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details")
                .put("reasoning_tokens", 0)
                .put("audio_tokens", 0);
        answer.put("service_tier", "default");
        answer.put("system_fingerprint", "fp_560af6e559");
        fill(answer, bytes, text -> message.put("content", text));
        return stored(answer, "application/json");
    }

    /** A stored Anthropic {@code message} of about {@code bytes} bytes, one text block. */
    public static CachedAnswer messagesAnswer(int bytes) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", "msg_01XFDUDYJgAACzvnptvVoYEL");
        answer.put("type", "message");
        answer.put("role", "assistant");
        answer.put("model", "claude-sonnet-4-5-20250929");
        ObjectNode block = answer.putArray("content").addObject();
        block.put("type", "text").put("text", "");
        answer.put("stop_reason", "end_turn");
        answer.putNull("stop_sequence");
        ObjectNode usage = answer.putObject("usage");
        usage.put("input_tokens", 1017).put("output_tokens", bytes / 4);
        usage.put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        fill(answer, bytes, text -> block.put("text", text));
        return stored(answer, "application/json");
    }

    private static CachedAnswer stored(ObjectNode answer, String contentType) {
        List<StoredHeader> headers =
                List.of(
                        new StoredHeader("content-type", contentType),
                        new StoredHeader("openai-processing-ms", "1834"),
                        new StoredHeader("openai-version", "2020-10-01"),
                        new StoredHeader("x-request-id", "req_7f3c2a9b1e4d4c0a8b6e5d3f2a1c0b9e"));
        return new CachedAnswer(200, headers, write(answer), 1_764_489_600_000L);
    }

    /** Sets text through {@code setter} so that {@code answer} comes to about {@code bytes}. */
    private static void fill(ObjectNode answer, int bytes, Consumer<String> setter) {
        int chars = bytes - size(answer);
        setter.accept(text(new SplittableRandom(bytes), chars));
        // Escapes make the JSON longer than the text: take the excess off once.
        setter.accept(text(new SplittableRandom(bytes), chars - (size(answer) - bytes)));
    }

    private static ObjectNode tool(String name, String description) {
        ObjectNode tool = JSON.createObjectNode().put("type", "function");
        ObjectNode function = tool.putObject("function").put("name", name);
        function.put("description", description);
        ObjectNode parameters = function.putObject("parameters").put("type", "object");
        ObjectNode properties = parameters.putObject("properties");
        properties.putObject("test").put("type", "string").put("description", "Test id.");
        properties.putObject("severity").put("type", "integer").put("minimum", 1);
        properties.putObject("reason").put("type", "string");
        parameters.putArray("required").add("test").add("reason");
        parameters.put("additionalProperties", false);
        return tool;
    }

    /** About {@code chars} UTF-8 bytes of words, with a line break now and then. */
    private static String text(SplittableRandom random, int chars) {
        StringBuilder sb = new StringBuilder(chars + 16);
        int utf8 = 0;
        while (utf8 < chars) {
            String word = WORDS[random.nextInt(WORDS.length)];
            String sep = sb.length() == 0 ? "" : random.nextInt(12) == 0 ? "\n" : " ";
            sb.append(sep).append(word);
            utf8 += sep.length() + word.getBytes(StandardCharsets.UTF_8).length;
        }
        return sb.toString();
    }

    private static int size(ObjectNode node) {
        return write(node).length;
    }

    private static byte[] write(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
