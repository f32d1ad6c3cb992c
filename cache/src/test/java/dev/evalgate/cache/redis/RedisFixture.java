package dev.evalgate.cache.redis;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * Real Redis servers for tests, shared with other modules through the cache test-jar.
 *
 * <p>{@link #shared()} finds one Redis for the whole JVM, in this order: {@code REDIS_URL}; a Redis
 * answering PING on 127.0.0.1:6379; a {@code redis:7-alpine} container if a Docker engine answers;
 * a {@code redis-server} started on a free port ({@code redis-server} from the PATH, else the one
 * shipped in embedded-redis) and stopped at JVM exit. Tests on the shared Redis use their own key
 * prefix and clean up after themselves.
 *
 * <p>{@link #startPrivate()} always starts a server of its own, which a test may stop and start
 * again on the same port; {@link #startCluster(int)} starts a Redis Cluster of masters.
 */
public final class RedisFixture {

    private static final int DEFAULT_PORT = 6379;
    private static String sharedUrl;

    private RedisFixture() {}

    /** The URL of the Redis shared by every test in this JVM. */
    public static synchronized String shared() {
        if (sharedUrl == null) {
            sharedUrl = findShared();
        }
        return sharedUrl;
    }

    private static String findShared() {
        String fromEnv = System.getenv("REDIS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        if (answersPing("127.0.0.1", DEFAULT_PORT)) {
            return "redis://127.0.0.1:" + DEFAULT_PORT;
        }
        Optional<String> container = startContainer();
        if (container.isPresent()) {
            return container.get();
        }
        Server server = startPrivate();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "redis-fixture-stop"));
        return server.url();
    }

    private static Optional<String> startContainer() {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            GenericContainer<?> redis =
                    new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
                            .withExposedPorts(DEFAULT_PORT);
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "redis-container-stop"));
            return Optional.of(
                    "redis://" + redis.getHost() + ":" + redis.getMappedPort(DEFAULT_PORT));
        } catch (LinkageError | RuntimeException e) {
            // Testcontainers absent from this module's test classpath, or no usable engine.
            return Optional.empty();
        }
    }

    /** Starts a Redis of its own on a free port; the caller stops it. */
    public static Server startPrivate() {
        Server server = new Server(freePort(false), List.of());
        server.start();
        return server;
    }

    /** Whether {@link #startCluster} can run here: it needs redis-server and redis-cli. */
    public static boolean clusterToolsAvailable() {
        return onPath("redis-server").isPresent() && onPath("redis-cli").isPresent();
    }

    /**
     * Starts {@code masters} cluster-enabled servers on free ports and joins them with {@code
     * redis-cli --cluster create}. The caller closes the cluster; it may need a moment before every
     * node reports the cluster up.
     */
    public static Cluster startCluster(int masters) {
        Path dir = tempDir("redis-cluster");
        List<Server> nodes = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        try {
            for (int i = 0; i < masters; i++) {
                int port = freePort(true);
                Server node =
                        new Server(
                                port,
                                List.of(
                                        "cluster-enabled yes",
                                        "cluster-node-timeout 5000",
                                        "cluster-config-file "
                                                + dir.resolve("nodes-" + port + ".conf")));
                nodes.add(node);
                node.start();
                command.add("127.0.0.1:" + port);
            }
            command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(command);
            return new Cluster(nodes);
        } catch (RuntimeException e) {
            nodes.forEach(Server::stop);
            throw e;
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether a Redis at host:port answers PING with PONG. */
    static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 250);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A free port; for a cluster node, one whose bus port (+10000) is free too. */
    private static int freePort(boolean withBusPort) {
        if (!withBusPort) {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (isFree(port) && isFree(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A redis-server process on a fixed port that can be stopped and started again. */
    public static final class Server implements AutoCloseable {
        private final int port;
        private final RedisServer process;

        Server(int port, List<String> settings) {
            this.port = port;
            try {
                ExecutableProvider binary =
                        onPath("redis-server").isPresent()
                                ? ExecutableProvider.newExecutableInPath("redis-server")
                                : ExecutableProvider.newJarResourceProvider();
                var builder =
                        RedisServer.newRedisServer()
                                .port(port)
                                .executableProvider(binary)
                                .setting("bind 127.0.0.1")
                                .setting("save \"\"")
                                .setting("appendonly no")
                                .setting("dir " + tempDir("redis-" + port))
                                .onShutdownForceStop(true);
                for (String setting : settings) {
                    builder.setting(setting);
                }
                this.process = builder.build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The server's URL. */
        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        /** The server's port, the same across restarts. */
        public int port() {
            return port;
        }

        /** Starts the server; returns once it accepts connections. */
        public void start() {
            try {
                process.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stops the server; returns once the process is gone. */
        public void stop() {
            try {
                process.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    /** A running Redis Cluster of masters. */
    public static final class Cluster implements AutoCloseable {
        private final List<Server> nodes;

        Cluster(List<Server> nodes) {
            this.nodes = List.copyOf(nodes);
        }

        /** A URL naming every node, for a cluster client. */
        public String url() {
            StringBuilder url = new StringBuilder("redis://");
            for (int i = 0; i < nodes.size(); i++) {
                url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(nodes.get(i).port());
            }
            return url.toString();
        }

        /** The nodes, in the order they were started. */
        public List<Server> nodes() {
            return nodes;
        }

        @Override
        public void close() {
            nodes.forEach(Server::stop);
        }
    }
}
