package dev.evalgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.http.Endpoint;
import org.junit.jupiter.api.Test;

class RequestPathTest {

    @Test
    void parsesPlainApiPaths() {
        RequestPath p = RequestPath.parse("/v1/chat/completions?x=1");
        assertThat(p.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        assertThat(p.runId()).isNull();
        assertThat(RequestPath.parse("/v1/messages").endpoint()).isEqualTo(Endpoint.MESSAGES);
        assertThat(RequestPath.parse("/v1/models").endpoint()).isEqualTo(Endpoint.MODELS);
    }

    @Test
    void takesTheRunIdFromThePathPrefix() {
        RequestPath p = RequestPath.parse("/run/ci-1234_a.b:c/v1/embeddings");
        assertThat(p.runId()).isEqualTo("ci-1234_a.b:c");
        assertThat(p.endpoint()).isEqualTo(Endpoint.EMBEDDINGS);
    }

    @Test
    void refusesRunIdsThatCouldTraverseOrInject() {
        assertThat(RequestPath.parse("/run/../v1/chat/completions").invalidRunId()).isTrue();
        assertThat(RequestPath.parse("/run/./v1/chat/completions").invalidRunId()).isTrue();
        assertThat(RequestPath.parse("/run/a%2Fb/v1/chat/completions").invalidRunId()).isTrue();
        assertThat(RequestPath.parse("/run//v1/chat/completions").invalidRunId()).isTrue();
        assertThat(RequestPath.parse("/run/" + "x".repeat(129) + "/v1/models").invalidRunId())
                .isTrue();
    }

    /**
     * Regression: a bad escape threw later, on the event loop, and the client never got an answer.
     */
    @Test
    void flagsAQueryStringThatIsNotValidPercentEncoding() {
        assertThat(RequestPath.parse("/v1/chat/completions?a=%zz").invalidQuery()).isTrue();
        assertThat(RequestPath.parse("/v1/chat/completions?a=%").invalidQuery()).isTrue();
        assertThat(RequestPath.parse("/run/r/v1/chat/completions?%=1").invalidQuery()).isTrue();
        assertThat(RequestPath.parse("/v1/chat/completions?a=%20&b=%e2%82%ac").invalidQuery())
                .isFalse();
        assertThat(RequestPath.parse("/v1/chat/completions").invalidQuery()).isFalse();
    }

    @Test
    void unknownPathsHaveNoEndpoint() {
        assertThat(RequestPath.parse("/v1/chat").endpoint()).isNull();
        assertThat(RequestPath.parse("/v2/chat/completions").endpoint()).isNull();
        assertThat(RequestPath.parse("/healthz").endpoint()).isNull();
    }
}
