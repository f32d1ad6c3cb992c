package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Generates plain answers from a seeded random, in the exact shape and field order the assemblers
 * write, so a round trip through replay and assembly can be compared byte for byte.
 */
final class RandomAnswers {
    /** Tokens that stress escaping and splitting: emoji (one with a ZWJ), CJK, quotes, NUL. */
    private static final String[] TOKENS = {
        " ", "  ", "\n", "\n\n", "\t", "\r\n", "\"", "\\", "é", "日本語", "👋", "🌦️", "👩‍💻", "{",
        "}", "data: ", "[DONE]", "\u2028", "\u0000", ":"
    };

    /** Characters that matter to SSE framing and JSON, and both halves of a surrogate pair. */
    private static final char[] GARBAGE_CHARS = {
        '\u0000', '\n', '\r', ':', '"', '{', '}', '\\', '\uD83D', '\uDE00'
    };

    private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALPHANUMERIC = ALPHA + "0123456789";

    private RandomAnswers() {}

    /**
     * Up to 60 tokens: a tricky one, an alphanumeric word, or up to 6 chars in ' '..'\uD7FF'. One
     * text in eight is prose instead: 20..150 such tokens, each after a space or a newline, so more
     * words than a replay sends pieces ({@link Deltas#MAX_PIECES}) and their grouping is exercised.
     */
    static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        boolean prose = random.nextInt(8) == 0;
        int tokens = prose ? random.nextInt(20, 151) : random.nextInt(61);
        for (int i = 0; i < tokens; i++) {
            if (prose) {
                text.append(random.nextInt(5) == 0 ? '\n' : ' ');
            }
            switch (random.nextInt(3)) {
                case 0 -> text.append(TOKENS[random.nextInt(TOKENS.length)]);
                case 1 -> text.append(word(random, ALPHANUMERIC, 1, 12));
                default -> {
                    int length = random.nextInt(7);
                    for (int j = 0; j < length; j++) {
                        text.append((char) random.nextInt(' ', 0xD800));
                    }
                }
            }
        }
        return text.toString();
    }

    /** {@code min..max} characters drawn from {@code alphabet}. */
    static String word(SplittableRandom random, String alphabet, int min, int max) {
        int length = random.nextInt(min, max + 1);
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }

    /** {@code make}'s value, or {@code null} with probability {@code nullProbability}. */
    private static <T> T orNull(
            SplittableRandom random, double nullProbability, Function<SplittableRandom, T> make) {
        return random.nextDouble() < nullProbability ? null : make.apply(random);
    }

    private static <T> List<T> list(
            SplittableRandom random, int min, int max, Function<SplittableRandom, T> make) {
        int size = random.nextInt(min, max + 1);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(make.apply(random));
        }
        return list;
    }

    @SafeVarargs
    private static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** A logprob in -20..0 with six decimals; the bounds themselves one time in ten. */
    private static BigDecimal logprob(SplittableRandom random) {
        long micros =
                random.nextInt(10) == 0
                        ? oneOf(random, -20_000_000L, 0L, -1L)
                        : random.nextLong(-20_000_000L, 1);
        return BigDecimal.valueOf(micros, 6);
    }

    private static ObjectNode usage(SplittableRandom random) {
        int prompt = random.nextInt(100_001);
        int completion = random.nextInt(100_001);
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    private static ObjectNode chatLogprobs(SplittableRandom random) {
        List<ObjectNode> entries =
                list(
                        random,
                        0,
                        4,
                        r -> {
                            ObjectNode node = Json.object();
                            node.put("token", text(r));
                            node.put("logprob", logprob(r));
                            node.putArray("top_logprobs");
                            return node;
                        });
        ObjectNode logprobs = Json.object();
        logprobs.putArray("content").addAll(entries);
        logprobs.putNull("refusal");
        return logprobs;
    }

    private static ObjectNode toolCall(SplittableRandom random) {
        String id = word(random, ALPHANUMERIC, 4, 24);
        String name = word(random, ALPHA, 1, 16);
        ObjectNode args = Json.object().put("q", text(random));
        ObjectNode call = Json.object();
        call.put("id", "call_" + id);
        call.put("type", "function");
        call.putObject("function").put("name", name).put("arguments", Json.write(args));
        return call;
    }

    private static ObjectNode chatChoice(SplittableRandom random) {
        String content = orNull(random, 0.3, RandomAnswers::text);
        String refusal = orNull(random, 0.85, RandomAnswers::text);
        List<ObjectNode> calls = list(random, 0, 3, RandomAnswers::toolCall);
        ObjectNode logprobs = orNull(random, 0.6, RandomAnswers::chatLogprobs);
        String finish = oneOf(random, "stop", "length", "tool_calls", "content_filter");

        ObjectNode choice = Json.object();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", refusal);
        if (!calls.isEmpty()) {
            message.putArray("tool_calls").addAll(calls);
        }
        choice.set("logprobs", logprobs);
        choice.put("finish_reason", finish);
        return choice;
    }

    /** A chat completion: 1..3 choices, optional usage, service tier and fingerprint. */
    static String chat(SplittableRandom random) {
        List<ObjectNode> choices = list(random, 1, 3, RandomAnswers::chatChoice);
        ObjectNode usage = orNull(random, 0.3, RandomAnswers::usage);
        String tier = orNull(random, 0.5, r -> oneOf(r, "default", "flex"));
        String fingerprint = orNull(random, 0.3, r -> word(r, ALPHANUMERIC, 10, 10));
        long created = random.nextLong(4_000_000_001L);

        ObjectNode root = Json.object();
        root.put("id", "chatcmpl-" + created);
        root.put("object", "chat.completion");
        root.put("created", created);
        root.put("model", "gpt-4o-mini");
        root.set("choices", indexed(choices));
        if (usage != null) {
            root.set("usage", usage);
        }
        if (tier != null) {
            root.put("service_tier", tier);
        }
        if (fingerprint != null) {
            root.put("system_fingerprint", "fp_" + fingerprint);
        }
        return Json.write(root);
    }

    private static ArrayNode indexed(List<ObjectNode> choices) {
        ArrayNode array = Json.array();
        for (int i = 0; i < choices.size(); i++) {
            ObjectNode choice = choices.get(i).deepCopy();
            choice.put("index", i);
            array.add(choice);
        }
        return array;
    }

    private static ObjectNode completionLogprobs(SplittableRandom random) {
        List<String> tokens = list(random, 0, 4, RandomAnswers::text);
        BigDecimal lp = logprob(random);
        ObjectNode node = Json.object();
        ArrayNode t = node.putArray("tokens");
        ArrayNode l = node.putArray("token_logprobs");
        node.putNull("top_logprobs");
        ArrayNode o = node.putArray("text_offset");
        for (int i = 0; i < tokens.size(); i++) {
            t.add(tokens.get(i));
            l.add(lp);
            o.add(i * 3);
        }
        return node;
    }

    private static ObjectNode textChoice(SplittableRandom random) {
        String text = text(random);
        ObjectNode logprobs = orNull(random, 0.5, RandomAnswers::completionLogprobs);
        String finish = oneOf(random, "stop", "length");

        ObjectNode choice = Json.object();
        choice.put("text", text);
        choice.put("index", 0);
        choice.set("logprobs", logprobs);
        choice.put("finish_reason", finish);
        return choice;
    }

    /** A legacy completion: 1..3 choices, optional usage and fingerprint. */
    static String completions(SplittableRandom random) {
        List<ObjectNode> choices = list(random, 1, 3, RandomAnswers::textChoice);
        ObjectNode usage = orNull(random, 0.3, RandomAnswers::usage);
        String fingerprint = orNull(random, 0.5, r -> word(r, ALPHA, 8, 8));

        ObjectNode root = Json.object();
        root.put("id", "cmpl-1");
        root.put("object", "text_completion");
        root.put("created", 1_700_000_000L);
        root.put("model", "gpt-3.5-turbo-instruct");
        if (fingerprint != null) {
            root.put("system_fingerprint", fingerprint);
        }
        ArrayNode array = indexed(choices);
        for (int i = 0; i < array.size(); i++) {
            ObjectNode choice = (ObjectNode) array.get(i);
            ObjectNode reordered = Json.object();
            reordered.set("text", choice.get("text"));
            reordered.put("index", i);
            reordered.set("logprobs", choice.get("logprobs"));
            reordered.set("finish_reason", choice.get("finish_reason"));
            array.set(i, reordered);
        }
        root.set("choices", array);
        if (usage != null) {
            root.set("usage", usage);
        }
        return Json.write(root);
    }

    /** A text, thinking or tool-use content block, equally likely. */
    private static ObjectNode block(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> Json.object().put("type", "text").put("text", text(random));
            case 1 -> {
                String thinking = text(random);
                String signature = word(random, ALPHANUMERIC, 0, 40);
                yield Json.object()
                        .put("type", "thinking")
                        .put("thinking", thinking)
                        .put("signature", signature);
            }
            default -> {
                String id = word(random, ALPHANUMERIC, 12, 12);
                String name = word(random, ALPHA, 1, 12);
                Map<String, String> fields = new LinkedHashMap<>();
                int size = random.nextInt(4);
                while (fields.size() < size) {
                    fields.put(word(random, ALPHA, 1, 8), text(random));
                }
                BigDecimal number = logprob(random);

                ObjectNode block = Json.object();
                block.put("type", "tool_use");
                block.put("id", "toolu_" + id);
                block.put("name", name);
                ObjectNode input = block.putObject("input");
                fields.forEach(input::put);
                if (!fields.isEmpty()) {
                    input.putObject("nested").put("n", number).putArray("a").add(1);
                }
                yield block;
            }
        };
    }

    /** An Anthropic message: up to 4 content blocks, a stop reason, optional stop sequence. */
    static String messages(SplittableRandom random) {
        List<ObjectNode> blocks = list(random, 0, 4, RandomAnswers::block);
        String stopReason = oneOf(random, "end_turn", "max_tokens", "stop_sequence", "tool_use");
        String stopSequence = orNull(random, 0.7, r -> word(r, ALPHA, 1, 5));

        ObjectNode root = Json.object();
        root.put("id", "msg_01");
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", "claude-sonnet-4-5");
        root.putArray("content").addAll(blocks);
        root.put("stop_reason", stopReason);
        root.put("stop_sequence", stopSequence);
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", random.nextInt(100_001));
        usage.put("cache_creation_input_tokens", random.nextInt(100_001));
        usage.put("cache_read_input_tokens", random.nextInt(100_001));
        usage.put("output_tokens", random.nextInt(100_001));
        return Json.write(root);
    }

    /** Garbage to splice into or replay as a stream: random chars, or a fragment of SSE/JSON. */
    static String garbage(SplittableRandom random) {
        if (random.nextBoolean()) {
            return oneOf(
                    random,
                    "\n\n",
                    "{",
                    "}",
                    "\"",
                    "[",
                    "null",
                    "1e999",
                    "\"index\":-1",
                    "[DONE]",
                    "event: error\n",
                    "\"type\":\"message_stop\"",
                    ":",
                    "\r");
        }
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(9);
        for (int i = 0; i < length; i++) {
            char c =
                    random.nextInt(4) == 0
                            ? GARBAGE_CHARS[random.nextInt(GARBAGE_CHARS.length)]
                            : (char) random.nextInt(0x10000);
            s.append(c);
        }
        return s.toString();
    }

    /**
     * Up to 40 points to cut {@code stream} at, then its end. Most are uniform; some are the ends,
     * some sit right next to a line break, where event framing is decided.
     */
    static List<Integer> cuts(SplittableRandom random, byte[] stream) {
        TreeSet<Integer> points = new TreeSet<>();
        int count = random.nextInt(41);
        for (int i = 0; i < count; i++) {
            int at = random.nextInt(stream.length + 1);
            switch (random.nextInt(6)) {
                case 0 -> at = random.nextBoolean() ? 0 : stream.length;
                case 1, 2 -> {
                    while (at < stream.length && stream[at] != '\n') {
                        at++;
                    }
                    at = Math.max(0, Math.min(stream.length, at + random.nextInt(-1, 2)));
                }
                default -> {}
            }
            points.add(at);
        }
        points.add(stream.length);
        return new ArrayList<>(points);
    }
}
