package dev.evalgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    private static RequestBody scan(String json) throws RequestBody.InvalidBodyException {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            RequestBody body = RequestBody.scan(buf);
            assertThat(buf.readerIndex()).isZero();
            return body;
        } finally {
            buf.release();
        }
    }

    @Test
    void readsModelAndStreamWhateverTheirPosition() throws Exception {
        RequestBody b =
                scan(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,\"model\":\"gpt-4o\"}");
        assertThat(b.model()).isEqualTo("gpt-4o");
        assertThat(b.stream()).isTrue();
        assertThat(scan("{\"model\":\"m\"}").stream()).isFalse();
    }

    @Test
    void ignoresNestedFieldsNamedLikeTopLevelOnes() throws Exception {
        RequestBody b =
                scan("{\"metadata\":{\"model\":\"x\",\"stream\":\"s\"},\"model\":\"real\"}");
        assertThat(b.model()).isEqualTo("real");
    }

    @Test
    void refusesMalformedJson() {
        assertThatThrownBy(() -> scan("{\"model\":\"m\","))
                .isInstanceOf(RequestBody.InvalidBodyException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> scan("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> scan("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> scan("{\"model\":\"m\"} {}")).hasMessageContaining("exactly one");
    }

    @Test
    void refusesDuplicateKeysAndWrongTypes() {
        assertThatThrownBy(() -> scan("{\"model\":\"a\",\"model\":\"b\"}"))
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> scan("{\"model\":1}"))
                .hasMessageContaining("'model' must be a string");
        assertThatThrownBy(() -> scan("{\"model\":\"m\",\"stream\":\"yes\"}"))
                .hasMessageContaining("'stream' must be a boolean");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThatThrownBy(() -> scan("{\"model\":\"m\",\"x\":" + deep + "}"))
                .isInstanceOf(RequestBody.InvalidBodyException.class);
    }

    @Test
    void readsEachSpellingOfTheOutputBound() throws Exception {
        assertThat(scan("{\"model\":\"m\",\"max_tokens\":256}").maxTokens()).isEqualTo(256);
        assertThat(scan("{\"max_completion_tokens\":512,\"model\":\"m\"}").maxTokens())
                .isEqualTo(512);
        assertThat(scan("{\"max_output_tokens\":1024}").maxTokens()).isEqualTo(1024);
        assertThat(scan("{\"max_tokens\":0}").maxTokens()).isZero();
    }

    @Test
    void largestOutputBoundWins() throws Exception {
        assertThat(scan("{\"max_tokens\":300,\"max_completion_tokens\":100}").maxTokens())
                .isEqualTo(300);
        assertThat(
                        scan("{\"max_tokens\":100,\"max_output_tokens\":50,\"max_completion_tokens\":700}")
                                .maxTokens())
                .isEqualTo(700);
    }

    @Test
    void absentOutputBoundIsMinusOne() throws Exception {
        assertThat(scan("{\"model\":\"m\"}").maxTokens()).isEqualTo(-1);
        assertThat(scan("{\"metadata\":{\"max_tokens\":5},\"model\":\"m\"}").maxTokens())
                .as("nested")
                .isEqualTo(-1);
        assertThat(scan("{\"max_tokens\":\"100\"}").maxTokens()).as("a string").isEqualTo(-1);
        assertThat(scan("{\"max_tokens\":null}").maxTokens()).as("null").isEqualTo(-1);
    }

    @Test
    void hugeOutputBoundDoesNotThrow() throws Exception {
        assertThat(scan("{\"max_tokens\":123456789012345678901234567890}").maxTokens())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(scan("{\"max_tokens\":" + "9".repeat(900) + "}").maxTokens())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void negativeOutputBoundCountsAsZeroHoweverLarge() throws Exception {
        assertThat(scan("{\"max_tokens\":-5}").maxTokens()).isZero();
        // A negative bound beyond a long is clamped like any negative one, not taken as the
        // largest.
        assertThat(scan("{\"max_tokens\":-123456789012345678901234567890}").maxTokens()).isZero();
    }
}
