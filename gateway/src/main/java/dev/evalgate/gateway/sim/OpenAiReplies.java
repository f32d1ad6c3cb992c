package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Answers to the OpenAI chat and legacy completions endpoints, plain and streamed. */
final class OpenAiReplies {
    static final String FINGERPRINT = "fp_evalgate_sim";

    private OpenAiReplies() {}

    /**
     * A chat answer to {@code body}: {@code words} words long when {@code words > 0}, else of its
     * drawn length, and its text at least {@code answerBytes} long.
     */
    static Reply chat(ObjectNode body, int words, int answerBytes) {
        String model = Fields.model(body);
        int promptTokens = PromptTokens.ofMessages(Fields.array(body, "messages"));
        Answer answer =
                Answer.derive(
                        Endpoint.CHAT,
                        body,
                        Fields.cap(body, "max_completion_tokens", "max_tokens"),
                        words,
                        answerBytes);
        String id = "chatcmpl-" + answer.idHex();
        String finish = answer.capped() ? "length" : "stop";
        if (!Fields.flag(body, "stream")) {
            ObjectNode root = head(id, "chat.completion", answer, model);
            ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
            choice.putObject("message")
                    .put("role", "assistant")
                    .put("content", answer.text())
                    .putNull("refusal")
                    .putArray("annotations");
            choice.putNull("logprobs").put("finish_reason", finish);
            root.set("usage", usage(promptTokens, answer.tokens(), true));
            root.put("service_tier", "default");
            return Reply.ok(root);
        }
        boolean includeUsage = Fields.flag(body.path("stream_options"), "include_usage");
        List<String> events = new ArrayList<>();
        ObjectNode first = Json.object().put("role", "assistant").put("content", "");
        first.putNull("refusal");
        events.add(chatChunk(id, answer, model, first, null, includeUsage));
        for (String delta : answer.deltas()) {
            events.add(
                    chatChunk(
                            id,
                            answer,
                            model,
                            Json.object().put("content", delta),
                            null,
                            includeUsage));
        }
        events.add(chatChunk(id, answer, model, Json.object(), finish, includeUsage));
        if (includeUsage) {
            ObjectNode last = head(id, "chat.completion.chunk", answer, model);
            last.putArray("choices");
            last.set("usage", usage(promptTokens, answer.tokens(), true));
            events.add(Sse.data(last));
        }
        events.add(Sse.DONE);
        return Reply.stream(events);
    }

    /** A legacy completion answer to {@code body}, its text at least {@code answerBytes} long. */
    static Reply completions(ObjectNode body, int answerBytes) {
        String model = Fields.model(body);
        int promptTokens = PromptTokens.ofInput(body.path("prompt"));
        Answer answer =
                Answer.derive(
                        Endpoint.COMPLETIONS, body, Fields.cap(body, "max_tokens"), 0, answerBytes);
        String id = "cmpl-" + answer.idHex();
        String finish = answer.capped() ? "length" : "stop";
        if (!Fields.flag(body, "stream")) {
            ObjectNode root = head(id, "text_completion", answer, model);
            completionChoice(root, answer.text(), finish);
            root.set("usage", usage(promptTokens, answer.tokens(), false));
            return Reply.ok(root);
        }
        boolean includeUsage = Fields.flag(body.path("stream_options"), "include_usage");
        List<String> events = new ArrayList<>();
        List<String> deltas = answer.deltas();
        for (int i = 0; i < deltas.size(); i++) {
            ObjectNode chunk = head(id, "text_completion", answer, model);
            completionChoice(chunk, deltas.get(i), i == deltas.size() - 1 ? finish : null);
            events.add(Sse.data(chunk));
        }
        if (includeUsage) {
            ObjectNode last = head(id, "text_completion", answer, model);
            last.putArray("choices");
            last.set("usage", usage(promptTokens, answer.tokens(), false));
            events.add(Sse.data(last));
        }
        events.add(Sse.DONE);
        return Reply.stream(events);
    }

    static Reply models() {
        ObjectNode root = Json.object().put("object", "list");
        var data = root.putArray("data");
        for (String id : SimModels.IDS) {
            data.addObject()
                    .put("id", id)
                    .put("object", "model")
                    .put("created", 1_700_000_000L)
                    .put("owned_by", id.startsWith("claude") ? "anthropic" : "evalgate-sim");
        }
        return Reply.ok(root);
    }

    private static String chatChunk(
            String id,
            Answer answer,
            String model,
            ObjectNode delta,
            String finish,
            boolean includeUsage) {
        ObjectNode chunk = head(id, "chat.completion.chunk", answer, model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs").put("finish_reason", finish);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return Sse.data(chunk);
    }

    private static void completionChoice(ObjectNode root, String text, String finish) {
        root.putArray("choices")
                .addObject()
                .put("text", text)
                .put("index", 0)
                .putNull("logprobs")
                .put("finish_reason", finish);
    }

    private static ObjectNode head(String id, String object, Answer answer, String model) {
        return Json.object()
                .put("id", id)
                .put("object", object)
                .put("created", answer.created())
                .put("model", model)
                .put("system_fingerprint", FINGERPRINT);
    }

    private static ObjectNode usage(int prompt, int completion, boolean details) {
        ObjectNode usage =
                Json.object()
                        .put("prompt_tokens", prompt)
                        .put("completion_tokens", completion)
                        .put("total_tokens", prompt + completion);
        if (details) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
            usage.putObject("completion_tokens_details")
                    .put("reasoning_tokens", 0)
                    .put("audio_tokens", 0)
                    .put("accepted_prediction_tokens", 0)
                    .put("rejected_prediction_tokens", 0);
        }
        return usage;
    }
}
