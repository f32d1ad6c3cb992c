package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Assertions on the errors the gateway originates, in each protocol's shape. */
final class ErrorShapes {

    private ErrorShapes() {}

    /**
     * Asserts an OpenAI-shaped error with this status, type and code, an {@code x-request-id} and a
     * JSON content type; returns its {@code error} object.
     */
    static JsonNode openAi(HttpResponse<String> r, int status, String type, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = Http.json(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        return error;
    }

    /** Asserts an Anthropic-shaped error with this status and type and an {@code x-request-id}. */
    static JsonNode anthropic(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        JsonNode body = Http.json(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        return body.path("error");
    }
}
