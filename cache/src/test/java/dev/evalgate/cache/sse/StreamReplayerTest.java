package dev.evalgate.cache.sse;

import static dev.evalgate.cache.sse.StreamFormat.ANTHROPIC_MESSAGES;
import static dev.evalgate.cache.sse.StreamFormat.OPENAI_CHAT;
import static dev.evalgate.cache.sse.StreamFormat.OPENAI_COMPLETIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamReplayerTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<SseEvent> events(byte[] stream) {
        List<SseEvent> events = new ArrayList<>();
        new SseParser().feed(stream, 0, stream.length, events::add);
        return events;
    }

    private static List<ObjectNode> chunks(byte[] stream) {
        return events(stream).stream()
                .filter(e -> !e.data().equals("[DONE]"))
                .map(e -> Json.parseObject(e.data()))
                .toList();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "OPENAI_CHAT, chat-n2-usage",
        "OPENAI_CHAT, chat-tools",
        "OPENAI_CHAT, chat-refusal",
        "OPENAI_COMPLETIONS, completions",
        "ANTHROPIC_MESSAGES, anthropic-thinking-tools"
    })
    void replayedFixtureReassemblesToTheSameAnswer(StreamFormat format, String fixture)
            throws Exception {
        byte[] answer = utf8(Fixtures.assemble(format, Fixtures.bytes(fixture + ".sse")));

        byte[] replayed = StreamReplayer.replay(format, answer, true);

        assertThat(Fixtures.assemble(format, replayed))
                .isEqualTo(new String(answer, StandardCharsets.UTF_8));
        assertThat(StreamReplayer.replay(format, answer, true)).isEqualTo(replayed);
    }

    @Test
    void chatReplayIsDataEventsEndingWithDoneAndEveryChunkCarriesTheHeader() throws Exception {
        byte[] answer = utf8(Fixtures.expectedJson("chat-n2-usage.json"));
        String replayed =
                new String(
                        StreamReplayer.replay(OPENAI_CHAT, answer, true), StandardCharsets.UTF_8);

        assertThat(replayed).startsWith("data: {").endsWith("\n\ndata: [DONE]\n\n");
        assertThat(replayed.split("\n\n")).allMatch(event -> event.startsWith("data: "));
        for (ObjectNode chunk : chunks(utf8(replayed))) {
            assertThat(chunk.get("id").textValue()).isEqualTo("chatcmpl-BkVqXJ2p9nq3k4zYb0wWQ1");
            assertThat(chunk.get("object").textValue()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("created").longValue()).isEqualTo(1741570283L);
            assertThat(chunk.get("model").textValue()).isEqualTo("gpt-4o-mini-2024-07-18");
            assertThat(chunk.get("system_fingerprint").textValue()).isEqualTo("fp_06737a9306");
        }
    }

    @Test
    void chatReplayStartsEachChoiceWithRoleAndInterleavesChoices() throws Exception {
        byte[] answer = utf8(Fixtures.expectedJson("chat-n2-usage.json"));
        List<ObjectNode> chunks = chunks(StreamReplayer.replay(OPENAI_CHAT, answer, false));

        JsonNode first = chunks.get(0).get("choices").get(0);
        JsonNode second = chunks.get(1).get("choices").get(0);
        assertThat(first.get("index").intValue()).isZero();
        assertThat(first.get("delta").get("role").textValue()).isEqualTo("assistant");
        assertThat(second.get("index").intValue()).isEqualTo(1);
        assertThat(second.get("delta").get("role").textValue()).isEqualTo("assistant");
        assertThat(chunks).allMatch(chunk -> chunk.get("choices").size() == 1);
    }

    @Test
    void usageChunkOnlyWhenRequestedAndStored() throws Exception {
        byte[] answer = utf8(Fixtures.expectedJson("chat-n2-usage.json"));

        List<ObjectNode> with = chunks(StreamReplayer.replay(OPENAI_CHAT, answer, true));
        List<ObjectNode> without = chunks(StreamReplayer.replay(OPENAI_CHAT, answer, false));
        List<ObjectNode> noneStored =
                chunks(
                        StreamReplayer.replay(
                                OPENAI_CHAT, utf8(Fixtures.expectedJson("chat-tools.json")), true));

        ObjectNode last = with.get(with.size() - 1);
        assertThat(last.get("choices").isEmpty()).isTrue();
        assertThat(last.get("usage").get("total_tokens").intValue()).isEqualTo(21);
        assertThat(without).noneMatch(chunk -> chunk.has("usage"));
        assertThat(noneStored).noneMatch(chunk -> chunk.has("usage"));
    }

    @Test
    void toolCallStartsWithIdTypeAndNameThenStreamsArguments() throws Exception {
        byte[] answer = utf8(Fixtures.expectedJson("chat-tools.json"));
        List<JsonNode> calls =
                chunks(StreamReplayer.replay(OPENAI_CHAT, answer, false)).stream()
                        .map(chunk -> chunk.get("choices").get(0).get("delta").get("tool_calls"))
                        .filter(node -> node != null)
                        .map(node -> node.get(0))
                        .toList();

        assertThat(calls.get(0).get("id").textValue()).isEqualTo("call_7Yq2");
        assertThat(calls.get(0).get("type").textValue()).isEqualTo("function");
        assertThat(calls.get(0).get("function").get("name").textValue()).isEqualTo("get_weather");
        assertThat(calls.get(1).has("id")).isFalse();
        assertThat(calls.get(1).get("function").get("arguments").textValue()).isNotEmpty();
    }

    @Test
    void anthropicReplayIsTheMessagesEventSequence() throws Exception {
        byte[] answer = utf8(Fixtures.expectedJson("anthropic-thinking-tools.json"));
        List<SseEvent> events = events(StreamReplayer.replay(ANTHROPIC_MESSAGES, answer, false));

        assertThat(events)
                .allMatch(
                        e -> e.event().equals(Json.parseObject(e.data()).get("type").textValue()));
        List<String> names = events.stream().map(SseEvent::event).distinct().toList();
        assertThat(names)
                .containsExactly(
                        "message_start",
                        "ping",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        ObjectNode start = Json.parseObject(events.get(0).data());
        assertThat(start.get("message").get("content").isEmpty()).isTrue();
        assertThat(start.get("message").get("stop_reason").isNull()).isTrue();
        assertThat(events.stream().filter(e -> e.data().contains("input_json_delta"))).hasSize(1);
    }

    @Test
    void replaysAnAnswerStoredFromANonStreamedResponse() throws Exception {
        String plain =
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":5,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"Hello there\",\"refusal\":null,\"annotations\":[]},"
                        + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5},"
                        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp\"}";

        String reassembled =
                Fixtures.assemble(
                        OPENAI_CHAT, StreamReplayer.replay(OPENAI_CHAT, utf8(plain), true));

        assertThat(reassembled).isEqualTo(plain.replace(",\"annotations\":[]", ""));
    }

    /**
     * Regression (issue 9, replay written as bytes): a lone surrogate, which a stored JSON answer
     * can hold as an escape, reached the client as {@code ?}; a surrogate pair stays raw UTF-8.
     */
    @Test
    void loneSurrogateInAStoredAnswerReachesTheClientAsItsEscape() throws Exception {
        String plain =
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":5,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"smile \\ud83d\\ude42 half \\ud800 end\"},"
                        + "\"finish_reason\":\"stop\"}]}";

        byte[] replayed = StreamReplayer.replay(OPENAI_CHAT, utf8(plain), false);

        assertThat(new String(replayed, StandardCharsets.UTF_8))
                .contains("\" \uD83D\uDE42\"")
                .contains("\" \\uD800\"")
                .doesNotContain("?");
        StringBuilder content = new StringBuilder();
        for (ObjectNode chunk : chunks(replayed)) {
            JsonNode piece = chunk.get("choices").get(0).get("delta").get("content");
            content.append(piece == null || piece.isNull() ? "" : piece.textValue());
        }
        assertThat(content.toString()).isEqualTo("smile \uD83D\uDE42 half \uD800 end");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "OPENAI_CHAT|not json",
                "OPENAI_CHAT|[1,2]",
                "OPENAI_CHAT|{\"choices\":[]}",
                "OPENAI_CHAT|{\"choices\":[{\"index\":0,\"message\":{\"content\":\"x\"}}]}",
                "OPENAI_CHAT|{\"choices\":[{\"index\":0,\"message\":{\"content\":5},\"finish_reason\":\"stop\"}]}",
                "OPENAI_COMPLETIONS|{\"choices\":{}}",
                "ANTHROPIC_MESSAGES|{\"content\":[]}",
                "ANTHROPIC_MESSAGES|{\"content\":[7],\"usage\":{\"output_tokens\":1}}",
            })
    void rejectsWhatIsNotAPlainAnswer(StreamFormat format, String stored) {
        assertThatThrownBy(() -> StreamReplayer.replay(format, utf8(stored), true))
                .isInstanceOf(InvalidAnswerException.class);
    }

    @Test
    void completionsReplayEndsEachChoiceWithEmptyTextAndFinishReason() throws Exception {
        byte[] answer = utf8(Fixtures.expectedJson("completions.json"));
        List<ObjectNode> chunks = chunks(StreamReplayer.replay(OPENAI_COMPLETIONS, answer, false));

        JsonNode last = chunks.get(chunks.size() - 1).get("choices").get(0);
        assertThat(last.get("text").textValue()).isEmpty();
        assertThat(last.get("finish_reason").textValue()).isEqualTo("length");
        assertThat(chunks).allMatch(c -> c.get("object").textValue().equals("text_completion"));
    }
}
