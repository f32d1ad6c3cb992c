package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, old and cautious clients: HTTP/1.0 requests (no Host, keep-alive only when asked, no
 * chunked encoding — so a stream is close-delimited) and {@code Expect: 100-continue}.
 */
class Http10IT {

    private static GatewayStack stack;

    @BeforeAll
    static void start() {
        stack =
                GatewayStack.start(
                        GatewayStack.DEFAULT_YAML.replace(
                                "  io_threads: 2\n", "  io_threads: 2\n  max_body_bytes: 4KiB\n"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void http10RequestWithoutHostGetsALengthDelimitedAnswerAndTheConnectionCloses() {
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            RawConnection.Response r =
                    client.send(
                                    RawConnection.request(
                                            "POST /v1/chat/completions HTTP/1.0",
                                            Http.chatBody("gpt-4o-mini", false)))
                            .next();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.chunked()).isFalse();
            assertThat(r.header("content-length")).isEqualTo(Integer.toString(r.body().length));
            assertThat(Http.json(r.text()).at("/choices/0/message/content").asText()).isNotEmpty();
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void http10KeepAliveKeepsTheConnectionForTheNextRequest() {
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            String request =
                    RawConnection.request(
                            "POST /v1/chat/completions HTTP/1.0\r\nconnection: keep-alive",
                            Http.chatBody("gpt-4o-mini", false));

            RawConnection.Response first = client.send(request).next();
            RawConnection.Response second = client.send(request).next();

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(first.header("content-length")).isNotNull();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo(first.body());
        }
    }

    @Test
    void http10StreamIsCloseDelimitedNotChunked() {
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            RawConnection.Response r =
                    client.send(
                                    RawConnection.request(
                                            "POST /v1/chat/completions HTTP/1.0\r\n"
                                                    + "connection: keep-alive",
                                            Http.chatBody("gpt-4o-mini", true)))
                            .next();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("transfer-encoding")).isNull();
            assertThat(r.header("content-length")).isNull();
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(r.header("content-type")).startsWith("text/event-stream");
            assertThat(r.text()).startsWith("data: {").endsWith("data: [DONE]\n\n");
            assertThat(SlowReaderIT.streamedContent(r.text())).isNotEmpty();
        }
    }

    @Test
    void http10ErrorIsLengthDelimited() {
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            RawConnection.Response r = client.send("GET /v1/nothing-here HTTP/1.0\r\n\r\n").next();

            assertThat(r.status()).isEqualTo(404);
            assertThat(r.chunked()).isFalse();
            assertThat(Http.json(r.text()).at("/error/code").asText()).isEqualTo("not_found");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void expectContinueGets100ThenTheAnswer() {
        String body = Http.chatBody("gpt-4o-mini", false);
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            client.send(
                    "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n"
                            + "expect: 100-continue\r\ncontent-type: application/json\r\n"
                            + "content-length: "
                            + body.length()
                            + "\r\n\r\n");

            RawConnection.Response interim = client.next();
            assertThat(interim.status()).isEqualTo(100);

            RawConnection.Response r = client.send(body).next();
            assertThat(r.status()).isEqualTo(200);
            assertThat(Http.json(r.text()).at("/choices/0/message/content").asText()).isNotEmpty();
        }
    }

    @Test
    void expectContinueWithATooLargeBodyGetsAProtocolShaped413AndNoContinue() {
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            client.send(
                    "POST /v1/messages HTTP/1.1\r\nhost: gateway\r\n"
                            + "expect: 100-continue\r\ncontent-type: application/json\r\n"
                            + "content-length: 100000\r\n\r\n");

            RawConnection.Response r = client.next();

            assertThat(r.status()).isEqualTo(413);
            JsonNode json = Http.json(r.text());
            assertThat(json.get("type").asText()).isEqualTo("error");
            assertThat(json.at("/error/type").asText()).isEqualTo("request_too_large");
            assertThat(client.closedByPeer()).isTrue();
        }
    }
}
