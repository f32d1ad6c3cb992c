package dev.evalgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.http.Endpoint;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

    @Test
    void keysWithoutAnswerHeadersAreTheEndpointPath() {
        assertThat(CacheKeys.keyEndpoint(Endpoint.MESSAGES, new DefaultHttpHeaders()))
                .isEqualTo("/messages");
    }

    @Test
    void keysASingleAnswerHeaderByItsValue() {
        HttpHeaders h =
                new DefaultHttpHeaders()
                        .add("anthropic-version", "2023-06-01")
                        .add("openai-beta", "assistants=v2");

        assertThat(CacheKeys.keyEndpoint(Endpoint.MESSAGES, h))
                .isEqualTo("/messages|anthropic-version=2023-06-01|openai-beta=assistants=v2");
    }

    /**
     * Regression: only the first of repeated {@code anthropic-beta} headers was keyed while all
     * went upstream, so requests with different beta flags shared a cache entry.
     */
    @Test
    void keysEveryValueOfARepeatedAnswerHeader() {
        HttpHeaders one = new DefaultHttpHeaders().add("anthropic-beta", "a");
        HttpHeaders two =
                new DefaultHttpHeaders().add("anthropic-beta", "a").add("anthropic-beta", "b");
        HttpHeaders joined = new DefaultHttpHeaders().add("anthropic-beta", "a,b");

        assertThat(CacheKeys.keyEndpoint(Endpoint.MESSAGES, two))
                .isNotEqualTo(CacheKeys.keyEndpoint(Endpoint.MESSAGES, one))
                .isEqualTo(CacheKeys.keyEndpoint(Endpoint.MESSAGES, joined))
                .isEqualTo("/messages|anthropic-beta=a,b");
    }
}
