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
}
