package dev.evalgate.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, on a free loopback port, that the test may kill with
 * SIGKILL (no shutdown, no save) and start again on the same port. Never the shared Redis.
 */
final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private RedisProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Whether {@code redis-server} is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    /** Starts a server on a free port; returns once it answers PING. */
    static RedisProcess start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            RedisProcess redis =
                    new RedisProcess(socket.getLocalPort(), Files.createTempDirectory("redis-it"));
            socket.close();
            redis.restart();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code redis://127.0.0.1:<port>}. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server again on its port (empty: nothing is saved); returns once it answers. */
    void restart() {
        try {
            process =
                    new ProcessBuilder(
                                    List.of(
                                            "redis-server",
                                            "--port",
                                            Integer.toString(port),
                                            "--bind",
                                            "127.0.0.1",
                                            "--save",
                                            "",
                                            "--appendonly",
                                            "no",
                                            "--dir",
                                            dir.toString()))
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("redis.log").toFile())
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> command("PING").equals("+PONG"));
    }

    /** SIGKILLs the server, as a crash or an OOM kill would; returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keys in the server's database 0. */
    long keys() {
        String reply = command("DBSIZE");
        if (!reply.startsWith(":")) {
            throw new IllegalStateException("DBSIZE answered " + reply);
        }
        return Long.parseLong(reply.substring(1));
    }

    /** Sends one inline command and returns the first line of the reply ("" if none). */
    private String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
