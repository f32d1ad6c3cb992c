package dev.evalgate.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake OpenAI upstream whose first chat request is held until the test opens the gate and then
 * fails with a 500; every later request gets the same 200 answer at once. Lets a test line up
 * followers behind a leader that is known to fail (Zuul's {@code GatedResponse}).
 */
final class GatedUpstream implements AutoCloseable {

    /** The answer to every request after the first. */
    static final String ANSWER =
            "{\"id\":\"chatcmpl-gated\",\"object\":\"chat.completion\",\"created\":1,"
                    + "\"model\":\"gated-model\",\"choices\":[{\"index\":0,\"message\":"
                    + "{\"role\":\"assistant\",\"content\":\"After the gate.\"},"
                    + "\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}";

    private static final String ERROR =
            "{\"error\":{\"message\":\"gated leader failed\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();

    private GatedUpstream(HttpServer server) {
        this.server = server;
    }

    /** Listens on an ephemeral loopback port. */
    static GatedUpstream start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
            GatedUpstream upstream = new GatedUpstream(server);
            server.createContext("/", upstream::handle);
            server.setExecutor(upstream.executor);
            server.start();
            return upstream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Requests received so far, the held one included. */
    int requests() {
        return requests.get();
    }

    /** Lets the held first request fail. */
    void open() {
        gate.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            boolean first = requests.incrementAndGet() == 1;
            if (first) {
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the gate was never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] body = (first ? ERROR : ANSWER).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(first ? 500 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
