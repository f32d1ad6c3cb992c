package dev.evalgate.cache.sse;

import static dev.evalgate.cache.sse.StreamFormat.ANTHROPIC_MESSAGES;
import static dev.evalgate.cache.sse.StreamFormat.OPENAI_CHAT;
import static dev.evalgate.cache.sse.StreamFormat.OPENAI_COMPLETIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamAssemblerTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "OPENAI_CHAT, chat-n2-usage",
        "OPENAI_CHAT, chat-tools",
        "OPENAI_CHAT, chat-refusal",
        "OPENAI_COMPLETIONS, completions",
        "ANTHROPIC_MESSAGES, anthropic-thinking-tools"
    })
    void assemblesStreamIntoThePlainAnswer(StreamFormat format, String fixture) throws Exception {
        StreamAssembler assembler = new StreamAssembler(format);
        byte[] stream = Fixtures.bytes(fixture + ".sse");
        assembler.feed(stream, 0, stream.length);

        assertThat(assembler.complete()).isTrue();
        assertThat(new String(assembler.toCompleteJson(), StandardCharsets.UTF_8))
                .isEqualTo(Fixtures.expectedJson(fixture + ".json"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "OPENAI_CHAT, chat-n2-usage",
        "OPENAI_CHAT, chat-tools",
        "OPENAI_COMPLETIONS, completions",
        "ANTHROPIC_MESSAGES, anthropic-thinking-tools"
    })
    void everyCutBeforeTheTerminalEventIsIncomplete(StreamFormat format, String fixture) {
        byte[] stream = Fixtures.bytes(fixture + ".sse");
        // A lone CR ends a line, so a CRLF stream's terminal event is dispatched by the last CR.
        boolean crlf = stream[stream.length - 2] == '\r';
        int terminalEventEnd = crlf ? stream.length - 1 : stream.length;
        for (int cut = 0; cut < terminalEventEnd; cut++) {
            StreamAssembler assembler = new StreamAssembler(format);
            assembler.feed(stream, 0, cut);
            assertThat(assembler.complete()).as("cut at %d", cut).isFalse();
            assertThatThrownBy(assembler::toCompleteJson)
                    .isInstanceOf(IncompleteStreamException.class);
        }
    }

    @Test
    void openAiChoiceWithoutFinishReasonIsIncompleteEvenAfterDone() {
        String stream =
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},"
                        + "\"finish_reason\":null}]}\n\ndata: [DONE]\n\n";
        assertThat(Fixtures.feedAll(OPENAI_CHAT, stream).complete()).isFalse();
    }

    @Test
    void openAiDoneWithoutChoicesIsIncomplete() {
        assertThat(Fixtures.feedAll(OPENAI_CHAT, "data: [DONE]\n\n").complete()).isFalse();
    }

    @Test
    void openAiErrorObjectMidStreamIsIncomplete() {
        String chat = new String(Fixtures.bytes("chat-tools.sse"), StandardCharsets.UTF_8);
        String withError =
                chat.replace(
                        "data: [DONE]",
                        "data: {\"error\":{\"message\":\"The server had an error\","
                                + "\"type\":\"server_error\"}}\r\n\r\ndata: [DONE]");
        assertThat(Fixtures.feedAll(OPENAI_CHAT, withError).complete()).isFalse();
    }

    @Test
    void anthropicErrorEventIsIncompleteEvenIfMessageStopFollows() {
        String messages =
                new String(Fixtures.bytes("anthropic-thinking-tools.sse"), StandardCharsets.UTF_8);
        String withError =
                messages.replace(
                        "event: message_delta",
                        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":"
                                + "\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
                                + "event: message_delta");
        StreamAssembler assembler = Fixtures.feedAll(ANTHROPIC_MESSAGES, withError);

        assertThat(assembler.complete()).isFalse();
        assertThatThrownBy(assembler::toCompleteJson)
                .isInstanceOf(IncompleteStreamException.class)
                .hasMessageContaining("error");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "OPENAI_CHAT|completion.chunk\",|completion.chunk\",,",
                "OPENAI_CHAT|\"index\":1,|\"index\":\"one\",",
                "OPENAI_CHAT|\"content\":\"Hi\"|\"content\":7",
                "OPENAI_COMPLETIONS|\"choices\":[{|\"choices\":{\"x\":[{",
                "ANTHROPIC_MESSAGES|celsius\\\"}|celsius\\\"",
                "ANTHROPIC_MESSAGES|\"type\":\"text_delta\"|\"type\":\"future_delta\"",
                "ANTHROPIC_MESSAGES|\"index\":2,\"delta\"|\"index\":9,\"delta\"",
            })
    void malformedEventDataIsIncomplete(StreamFormat format, String from, String to) {
        String fixture =
                switch (format) {
                    case OPENAI_CHAT -> "chat-n2-usage.sse";
                    case OPENAI_COMPLETIONS -> "completions.sse";
                    case ANTHROPIC_MESSAGES -> "anthropic-thinking-tools.sse";
                };
        String stream = new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8);
        String broken = stream.replaceFirst(java.util.regex.Pattern.quote(from), to);
        assertThat(broken).isNotEqualTo(stream);

        StreamAssembler assembler = Fixtures.feedAll(format, broken);

        assertThat(assembler.complete()).isFalse();
        assertThatThrownBy(assembler::toCompleteJson).isInstanceOf(IncompleteStreamException.class);
    }

    @Test
    void anthropicBlockNeverStoppedIsIncomplete() {
        String stream =
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"c\",\"content\":[],"
                        + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\","
                        + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        assertThat(Fixtures.feedAll(ANTHROPIC_MESSAGES, stream).complete()).isFalse();
    }

    @Test
    void anthropicToolUseWithoutInputDeltasGetsEmptyObject() throws Exception {
        String stream =
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"c\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\","
                        + "\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\","
                        + "\"name\":\"now\"}}\n\n"
                        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\","
                        + "\"index\":0}\n\n"
                        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
                        + "{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":5}}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        StreamAssembler assembler = Fixtures.feedAll(ANTHROPIC_MESSAGES, stream);

        assertThat(new String(assembler.toCompleteJson(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"c\","
                                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"now\","
                                + "\"input\":{}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
                                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":5}}");
    }

    @Test
    void sameStreamGivesSameBytes() throws Exception {
        byte[] stream = Fixtures.bytes("chat-n2-usage.sse");
        assertThat(Fixtures.assemble(OPENAI_CHAT, stream))
                .isEqualTo(Fixtures.assemble(OPENAI_CHAT, stream.clone()));
    }

    @Test
    void completionsIgnoreEventsAfterDone() throws Exception {
        String stream =
                new String(Fixtures.bytes("completions.sse"), StandardCharsets.UTF_8)
                        + "data: {\"choices\":[{\"index\":0,\"text\":\"late\"}]}\n\n";
        assertThat(Fixtures.assemble(OPENAI_COMPLETIONS, stream.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Fixtures.expectedJson("completions.json"));
    }
}
