package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generates plain answers in the exact shape and field order the assemblers write, so a round trip
 * through replay and assembly can be compared byte for byte.
 */
final class GeneratedAnswers {
    private GeneratedAnswers() {}

    /** Text that stresses escaping and splitting: emoji, CJK, quotes, backslashes, newlines. */
    static Arbitrary<String> text() {
        Arbitrary<String> token =
                Arbitraries.oneOf(
                        Arbitraries.of(
                                " ", "  ", "\n", "\n\n", "\t", "\r\n", "\"", "\\", "é", "日本語", "👋",
                                "🌦️", "👩‍💻", "{", "}", "data: ", "[DONE]", "\u2028", "\u0000",
                                ":"),
                        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(6));
        return token.list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    private static Arbitrary<String> nullableText() {
        return text().injectNull(0.3);
    }

    private static Arbitrary<BigDecimal> logprob() {
        return Arbitraries.bigDecimals().between(new BigDecimal("-20"), BigDecimal.ZERO).ofScale(6);
    }

    private static Arbitrary<ObjectNode> usage() {
        return Arbitraries.integers()
                .between(0, 100_000)
                .list()
                .ofSize(2)
                .map(
                        n -> {
                            ObjectNode usage = Json.object();
                            usage.put("prompt_tokens", n.get(0));
                            usage.put("completion_tokens", n.get(1));
                            usage.put("total_tokens", n.get(0) + n.get(1));
                            return usage;
                        });
    }

    private static Arbitrary<ObjectNode> chatLogprobs() {
        Arbitrary<ObjectNode> entry =
                Combinators.combine(text(), logprob())
                        .as(
                                (token, lp) -> {
                                    ObjectNode node = Json.object();
                                    node.put("token", token);
                                    node.put("logprob", lp);
                                    node.putArray("top_logprobs");
                                    return node;
                                });
        return entry.list()
                .ofMaxSize(4)
                .map(
                        entries -> {
                            ObjectNode logprobs = Json.object();
                            logprobs.putArray("content").addAll(entries);
                            logprobs.putNull("refusal");
                            return logprobs;
                        });
    }

    private static Arbitrary<ObjectNode> toolCall() {
        return Combinators.combine(
                        Arbitraries.strings().alpha().numeric().ofMinLength(4).ofMaxLength(24),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(16),
                        text())
                .as(
                        (id, name, argText) -> {
                            ObjectNode args = Json.object().put("q", argText);
                            ObjectNode call = Json.object();
                            call.put("id", "call_" + id);
                            call.put("type", "function");
                            call.putObject("function")
                                    .put("name", name)
                                    .put("arguments", Json.write(args));
                            return call;
                        });
    }

    private static Arbitrary<ObjectNode> chatChoice() {
        return Combinators.combine(
                        nullableText(),
                        text().injectNull(0.85),
                        toolCall().list().ofMaxSize(3),
                        chatLogprobs().injectNull(0.6),
                        Arbitraries.of("stop", "length", "tool_calls", "content_filter"))
                .as(
                        (content, refusal, calls, logprobs, finish) -> {
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
                        });
    }

    static Arbitrary<String> chat() {
        return Combinators.combine(
                        chatChoice().list().ofMinSize(1).ofMaxSize(3),
                        usage().injectNull(0.3),
                        Arbitraries.of("default", "flex").injectNull(0.5),
                        Arbitraries.strings().alpha().numeric().ofLength(10).injectNull(0.3),
                        Arbitraries.longs().between(0, 4_000_000_000L))
                .as(
                        (choices, usage, tier, fingerprint, created) -> {
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
                        });
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

    private static Arbitrary<ObjectNode> textChoice() {
        Arbitrary<ObjectNode> logprobs =
                Combinators.combine(text().list().ofMaxSize(4), logprob())
                        .as(
                                (tokens, lp) -> {
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
                                });
        return Combinators.combine(
                        text(), logprobs.injectNull(0.5), Arbitraries.of("stop", "length"))
                .as(
                        (text, lp, finish) -> {
                            ObjectNode choice = Json.object();
                            choice.put("text", text);
                            choice.put("index", 0);
                            choice.set("logprobs", lp);
                            choice.put("finish_reason", finish);
                            return choice;
                        });
    }

    static Arbitrary<String> completions() {
        return Combinators.combine(
                        textChoice().list().ofMinSize(1).ofMaxSize(3),
                        usage().injectNull(0.3),
                        Arbitraries.strings().alpha().ofLength(8).injectNull(0.5))
                .as(
                        (choices, usage, fingerprint) -> {
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
                        });
    }

    private static Arbitrary<ObjectNode> block() {
        Arbitrary<ObjectNode> textBlock =
                text().map(t -> Json.object().put("type", "text").put("text", t));
        Arbitrary<ObjectNode> thinking =
                Combinators.combine(text(), Arbitraries.strings().alpha().numeric().ofMaxLength(40))
                        .as(
                                (t, sig) ->
                                        Json.object()
                                                .put("type", "thinking")
                                                .put("thinking", t)
                                                .put("signature", sig));
        Arbitrary<ObjectNode> toolUse =
                Combinators.combine(
                                Arbitraries.strings().alpha().numeric().ofLength(12),
                                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                                Arbitraries.maps(
                                                Arbitraries.strings()
                                                        .alpha()
                                                        .ofMinLength(1)
                                                        .ofMaxLength(8),
                                                text())
                                        .ofMaxSize(3),
                                logprob())
                        .as(
                                (id, name, fields, number) -> {
                                    ObjectNode block = Json.object();
                                    block.put("type", "tool_use");
                                    block.put("id", "toolu_" + id);
                                    block.put("name", name);
                                    ObjectNode input = block.putObject("input");
                                    fields.forEach(input::put);
                                    if (!fields.isEmpty()) {
                                        input.putObject("nested")
                                                .put("n", number)
                                                .putArray("a")
                                                .add(1);
                                    }
                                    return block;
                                });
        return Arbitraries.oneOf(textBlock, thinking, toolUse);
    }

    static Arbitrary<String> messages() {
        return Combinators.combine(
                        block().list().ofMaxSize(4),
                        Arbitraries.of("end_turn", "max_tokens", "stop_sequence", "tool_use"),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).injectNull(0.7),
                        Arbitraries.integers().between(0, 100_000).list().ofSize(4))
                .as(
                        (blocks, stopReason, stopSequence, tokens) -> {
                            ObjectNode root = Json.object();
                            root.put("id", "msg_01");
                            root.put("type", "message");
                            root.put("role", "assistant");
                            root.put("model", "claude-sonnet-4-5");
                            root.putArray("content").addAll(blocks);
                            root.put("stop_reason", stopReason);
                            root.put("stop_sequence", stopSequence);
                            ObjectNode usage = root.putObject("usage");
                            usage.put("input_tokens", tokens.get(0));
                            usage.put("cache_creation_input_tokens", tokens.get(1));
                            usage.put("cache_read_input_tokens", tokens.get(2));
                            usage.put("output_tokens", tokens.get(3));
                            return Json.write(root);
                        });
    }
}
