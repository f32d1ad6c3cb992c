package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The small evaluation suite the cache ITs run more than once: chat plain and streamed, legacy
 * completions, embeddings, Anthropic messages plain and streamed. Each call has its own prompt (so
 * the first run misses everywhere) tagged with a caller's string (so tests never share entries).
 */
final class CacheSuite {

    /** One request of the suite. */
    record Call(String name, String path, String body, boolean stream) {

        /** Sends the call to {@code gatewayUrl} (no trailing slash) with extra header pairs. */
        HttpResponse<String> send(String gatewayUrl, String... headers) {
            String[] all = headers;
            if (path.equals("/v1/messages")) {
                all = concat(headers, "anthropic-version", "2023-06-01");
            }
            return Http.post(gatewayUrl + path, body, all);
        }

        /**
         * The answer's text: message content, completion text, embedding vector, streamed or not.
         */
        String textOf(HttpResponse<String> response) {
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            return stream ? streamedText(path, response.body()) : plainText(path, response.body());
        }
    }

    private CacheSuite() {}

    /** The suite's calls; {@code tag} makes their prompts unique to one test. */
    static List<Call> calls(String tag) {
        return List.of(
                new Call("chat", "/v1/chat/completions", chat(tag + " plain chat", false), false),
                new Call(
                        "chat-stream",
                        "/v1/chat/completions",
                        chat(tag + " streamed chat", true),
                        true),
                new Call(
                        "completions",
                        "/v1/completions",
                        "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\""
                                + tag
                                + " completion\",\"max_tokens\":16}",
                        false),
                new Call(
                        "embeddings",
                        "/v1/embeddings",
                        "{\"model\":\"text-embedding-3-small\",\"input\":\"" + tag + " embed\"}",
                        false),
                new Call(
                        "messages", "/v1/messages", messages(tag + " plain message", false), false),
                new Call(
                        "messages-stream",
                        "/v1/messages",
                        messages(tag + " streamed message", true),
                        true));
    }

    /** Runs every call in order and returns the responses in the same order. */
    static List<HttpResponse<String>> run(String gatewayUrl, List<Call> calls, String... headers) {
        List<HttpResponse<String>> out = new ArrayList<>();
        for (Call c : calls) {
            out.add(c.send(gatewayUrl, headers));
        }
        return out;
    }

    /** The {@code X-Eval-Cache} value of each response. */
    static List<String> outcomes(List<HttpResponse<String>> responses) {
        return responses.stream()
                .map(r -> r.headers().firstValue("x-eval-cache").orElse("(none)"))
                .toList();
    }

    /** The {@code X-Eval-Cache-Key} value of each response. */
    static List<String> keys(List<HttpResponse<String>> responses) {
        return responses.stream()
                .map(r -> r.headers().firstValue("x-eval-cache-key").orElse("(none)"))
                .toList();
    }

    /** A chat completion body with one user message. */
    static String chat(String prompt, boolean stream) {
        return "{\"model\":\"gpt-4o-mini\",\"stream\":"
                + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt
                + "\"}]}";
    }

    /** An Anthropic messages body with one user message. */
    static String messages(String prompt, boolean stream) {
        return "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,\"stream\":"
                + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt
                + "\"}]}";
    }

    /** The text of a plain JSON answer from {@code path}. */
    static String plainText(String path, String body) {
        JsonNode json = Http.json(body);
        return switch (path) {
            case "/v1/chat/completions" -> json.at("/choices/0/message/content").asText();
            case "/v1/completions" -> json.at("/choices/0/text").asText();
            case "/v1/embeddings" -> json.at("/data/0/embedding").toString();
            case "/v1/messages" -> json.at("/content/0/text").asText();
            default -> throw new IllegalArgumentException(path);
        };
    }

    /**
     * The text of an SSE answer from {@code path}, joined from its deltas; fails unless the stream
     * ended properly ({@code [DONE]} or {@code message_stop}).
     */
    static String streamedText(String path, String body) {
        StringBuilder text = new StringBuilder();
        boolean ended = false;
        for (String line : body.split("\n")) {
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).trim();
            if (data.equals("[DONE]")) {
                ended = true;
                continue;
            }
            JsonNode event = Http.json(data);
            switch (path) {
                case "/v1/chat/completions" ->
                        text.append(event.at("/choices/0/delta/content").asText(""));
                case "/v1/completions" -> text.append(event.at("/choices/0/text").asText(""));
                case "/v1/messages" -> {
                    if (event.path("type").asText().equals("content_block_delta")) {
                        text.append(event.at("/delta/text").asText(""));
                    }
                    ended |= event.path("type").asText().equals("message_stop");
                }
                default -> throw new IllegalArgumentException(path);
            }
        }
        assertThat(ended).as("stream from %s ended properly:%n%s", path, body).isTrue();
        return text.toString();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
