package dev.evalgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HeaderPolicyTest {

    private static HttpHeaders clientHeaders() {
        return new DefaultHttpHeaders()
                .add("Connection", "keep-alive, X-Secret-Hop")
                .add("X-Secret-Hop", "1")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("Host", "gateway:8080")
                .add("Content-Length", "12")
                .add("Authorization", "Bearer sk-client")
                .add("x-api-key", "sk-client")
                .add("Cookie", "a=b")
                .add("X-Eval-Run", "r1")
                .add("OpenAI-Organization", "org-1")
                .add("OpenAI-Project", "proj-1")
                .add("anthropic-version", "2023-06-01")
                .add("anthropic-beta", "tools-2024-04-04")
                .add("X-Stainless-Lang", "java");
    }

    @Test
    void forwardsProviderHeadersAndDropsHopByHopOnes() {
        HttpHeaders out = new DefaultHttpHeaders();
        HeaderPolicy.copyRequestHeaders(clientHeaders(), out, false);
        assertThat(out.names())
                .containsExactlyInAnyOrder(
                        "OpenAI-Organization",
                        "OpenAI-Project",
                        "anthropic-version",
                        "anthropic-beta",
                        "X-Stainless-Lang");
    }

    @Test
    void passesTheClientsCredentialOnlyInPassthrough() {
        HttpHeaders out = new DefaultHttpHeaders();
        HeaderPolicy.copyRequestHeaders(clientHeaders(), out, true);
        assertThat(out.get("Authorization")).isEqualTo("Bearer sk-client");
        assertThat(out.get("x-api-key")).isEqualTo("sk-client");
    }

    @Test
    void relaysResponseHeadersExceptHopByHop() {
        HttpHeaders in =
                new DefaultHttpHeaders()
                        .add("content-type", "text/event-stream")
                        .add("x-request-id", "req_1")
                        .add("x-ratelimit-remaining-requests", "99")
                        .add("connection", "keep-alive")
                        .add("transfer-encoding", "chunked");
        HttpHeaders out = new DefaultHttpHeaders();
        HeaderPolicy.copyResponseHeaders(in, out);
        assertThat(out.names())
                .containsExactlyInAnyOrder(
                        "content-type", "x-request-id", "x-ratelimit-remaining-requests");
    }
}
