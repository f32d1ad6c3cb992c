package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A test client for one simulator: JDK HttpClient calls, raw sockets and SSE parsing. */
final class SimClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    /** One server-sent event: its {@code event:} name (or null) and its {@code data:}. */
    record Event(String name, String data) {
        JsonNode json() {
            return parse(data);
        }
    }

    private final Simulator simulator;

    SimClient(Simulator simulator) {
        this.simulator = simulator;
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/json");
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a raw connection and sends a POST; the caller reads and closes it. */
    Socket rawPost(String path, String body, String... headerLines) throws IOException {
        Socket socket = new Socket("127.0.0.1", simulator.port());
        socket.setSoTimeout(10_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append("POST ").append(path).append(" HTTP/1.1\r\n");
        head.append("host: 127.0.0.1\r\ncontent-type: application/json\r\n");
        head.append("content-length: ").append(bytes.length).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads until the peer closes the connection. */
    static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads until {@code marker} has arrived. */
    static String readUntil(Socket socket, String marker) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!out.toString(StandardCharsets.UTF_8).contains(marker)) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new IOException("closed before " + marker + ": " + out);
            }
            out.write(buffer, 0, read);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Parses a complete SSE body strictly: every event ends in a blank line. */
    static List<Event> parseSse(String body) {
        if (!body.endsWith("\n\n")) {
            throw new IllegalArgumentException("SSE body does not end with a blank line: " + body);
        }
        List<Event> events = new ArrayList<>();
        for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            String name = null;
            String data = null;
            for (String line : block.split("\n", -1)) {
                if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data = line.substring("data: ".length());
                } else {
                    throw new IllegalArgumentException("not an SSE line: [" + line + "]");
                }
            }
            events.add(new Event(name, data));
        }
        return events;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
