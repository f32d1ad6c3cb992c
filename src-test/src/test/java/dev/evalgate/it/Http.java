package dev.evalgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP/1.1 calls for tests that check status codes, headers and bodies exactly. */
final class Http {

    static final HttpClient CLIENT =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {}

    /** POSTs a JSON body; {@code headers} are name, value pairs. */
    static HttpResponse<String> post(String url, String body, String... headers) {
        return send(
                request(url, headers)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    /** GETs {@code url}; {@code headers} are name, value pairs. */
    static HttpResponse<String> get(String url, String... headers) {
        return send(request(url, headers).GET().build());
    }

    static HttpRequest.Builder request(String url, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request} and returns once the headers arrived; the body is read lazily. */
    static HttpResponse<java.util.stream.Stream<String>> sendLines(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** A chat completion request body for {@code model}. */
    static String chatBody(String model, boolean stream) {
        return "{\"model\":\""
                + model
                + "\",\"stream\":"
                + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there.\"}]}";
    }

    /** An Anthropic messages request body for {@code model}. */
    static String messagesBody(String model) {
        return "{\"model\":\""
                + model
                + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hi.\"}]}";
    }

    /**
     * Writes {@code head} (request line and headers, CRLF separated, without the blank line) and
     * {@code body} on a new socket, with {@code Connection: close} semantics left to the caller.
     */
    static Socket raw(int port, String head, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    (head + "\r\ncontent-length: " + bytes.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Reads everything until the peer closes. */
    static String readAll(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
