package dev.evalgate.gateway.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingResponsesTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void normalisesTheFirstEmbedding() {
        float[] v =
                EmbeddingResponses.vectorOf(
                        200,
                        bytes(
                                "{\"object\":\"list\",\"data\":[{\"embedding\":[3,4]},"
                                        + "{\"embedding\":[1,0]}]}"));

        assertThat(v[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(v[1]).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void readsBase64FromAProviderThatIgnoresTheEncodingFormat() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(0).putFloat(-2);
        String base64 = Base64.getEncoder().encodeToString(b.array());

        float[] v =
                EmbeddingResponses.vectorOf(
                        200, bytes("{\"data\":[{\"embedding\":\"" + base64 + "\"}]}"));

        assertThat(v).containsExactly(0f, -1f);
    }

    @Test
    void rejectsAnErrorStatus() {
        assertThatThrownBy(
                        () ->
                                EmbeddingResponses.vectorOf(
                                        429, bytes("{\"data\":[{\"embedding\":[1]}]}")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("the embeddings call answered 429");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "{}",
                "{\"data\":[]}",
                "{\"data\":[{\"embedding\":[]}]}",
                "{\"data\":[{\"embedding\":[0,0]}]}",
                "{\"data\":[{\"embedding\":[1,\"x\"]}]}",
                "{\"data\":[{\"embedding\":[1e39]}]}",
                "{\"data\":[{\"embedding\":\"%%%\"}]}",
                "{\"data\":[{\"embedding\":\"AAA=\"}]}"
            })
    void rejectsABodyWithoutAUsableVector(String body) {
        assertThatThrownBy(() -> EmbeddingResponses.vectorOf(200, bytes(body)))
                .isInstanceOf(EmbeddingException.class);
    }

    @Test
    void asksForOneTextAsFloats() {
        assertThat(new String(EmbeddingResponses.requestOf("m", "a \"b\""), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"model\":\"m\",\"input\":\"a \\\"b\\\"\",\"encoding_format\":\"float\"}");
    }
}
