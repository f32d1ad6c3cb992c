package dev.evalgate.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShadowAnswerTextTest {

    private static String text(String body) throws Exception {
        return AnswerText.of(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAnOpenAiChatCompletion() throws Exception {
        assertThat(
                        text(
                                "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                                        + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}"))
                .isEqualTo("hi");
    }

    @Test
    void readsAnAnthropicMessagesTextBlocks() throws Exception {
        assertThat(
                        text(
                                "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                                        + "{\"type\":\"tool_use\",\"id\":\"t\"},"
                                        + "{\"type\":\"text\",\"text\":\"b\"}]}"))
                .isEqualTo("ab");
    }

    @Test
    void readsStreamsOfEitherProtocol() throws Exception {
        assertThat(
                        text(
                                "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
                                        + "data: {\"choices\":[{\"delta\":{\"content\":\"he\"}}]}\n\n"
                                        + "data: {\"choices\":[{\"delta\":{\"content\":\"llo\"}}]}\n\n"
                                        + "data: [DONE]\n\n"))
                .isEqualTo("hello");
        assertThat(
                        text(
                                "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                                        + "event: content_block_delta\ndata: {\"type\":"
                                        + "\"content_block_delta\",\"delta\":{\"type\":\"text_delta\","
                                        + "\"text\":\"ok\"}}\n\n"))
                .isEqualTo("ok");
    }

    @Test
    void rejectsBodiesWithoutAnAnswer() {
        assertThatThrownBy(() -> text("not json"))
                .isInstanceOf(AnswerText.UnreadableAnswerException.class);
        assertThatThrownBy(() -> text("{\"error\":{\"message\":\"x\"}}"))
                .isInstanceOf(AnswerText.UnreadableAnswerException.class);
    }
}
