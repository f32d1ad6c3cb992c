package dev.evalgate.it;

import dev.evalgate.gateway.config.ConfigException;
import dev.evalgate.gateway.config.ConfigLoader;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.server.GatewayServer;
import dev.evalgate.gateway.server.TestGateways;
import dev.evalgate.gateway.sim.Simulator;
import dev.evalgate.gateway.sim.SimulatorOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A simulator and a gateway in front of it, both on ephemeral loopback ports. The YAML may refer to
 * {@code ${EVALGATE_SIMULATOR_URL}} (the simulator's {@code /v1} base URL) and {@code
 * ${EVALGATE_CLOSED_URL}} (a loopback port nothing listens on).
 */
final class GatewayStack implements AutoCloseable {

    /**
     * Providers {@code sim} (OpenAI: {@code gpt-4o-mini} and globs) and {@code sim-anthropic}
     * ({@code claude-haiku-4-5} and {@code claude-*}), alias {@code eval/format}; no {@code cache:}
     * section.
     */
    static final String PROVIDERS_YAML =
            """
            server:
              host: 127.0.0.1
              port: 0
              io_threads: 2
            providers:
              sim:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [gpt-4o-mini, sim-*, gpt-*, text-embedding-*]
              sim-anthropic:
                kind: anthropic
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [claude-haiku-4-5, claude-*]
            aliases:
              eval/format:
                provider: sim
                model: sim-llama-3-8b
            """;

    /**
     * {@link #PROVIDERS_YAML} with the cache off, so every request reaches the simulator (these ITs
     * test the proxy path); the cache ITs use {@link #withCache}.
     */
    static final String DEFAULT_YAML = PROVIDERS_YAML + "cache: {enabled: false}\n";

    private final Simulator simulator;
    private final GatewayServer server;

    private GatewayStack(Simulator simulator, GatewayServer server) {
        this.simulator = simulator;
        this.server = server;
    }

    /** The default configuration. */
    static GatewayStack start() {
        return start(DEFAULT_YAML);
    }

    /** A gateway configured by {@code yaml}. */
    static GatewayStack start(String yaml) {
        Simulator simulator = Simulator.start(SimulatorOptions.defaults());
        try {
            GatewayConfig config =
                    ConfigLoader.parse(
                            yaml,
                            "test.yaml",
                            Map.of(
                                    "EVALGATE_SIMULATOR_URL", simulator.baseUrl().toString(),
                                    "EVALGATE_CLOSED_URL", closedPortUrl()));
            return new GatewayStack(simulator, GatewayServer.start(config));
        } catch (ConfigException | RuntimeException e) {
            simulator.close();
            throw new IllegalStateException("cannot start the gateway: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            simulator.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A gateway configured by {@code yaml}, which may also refer to the variables in {@code env},
     * on {@code clock} for metering and scale to zero, ticking scale to zero every {@code
     * scaleTick}.
     */
    static GatewayStack start(
            String yaml, Map<String, String> env, Clock clock, Duration scaleTick) {
        Simulator simulator = Simulator.start(SimulatorOptions.defaults());
        try {
            Map<String, String> all = new HashMap<>(env);
            all.put("EVALGATE_SIMULATOR_URL", simulator.baseUrl().toString());
            all.put("EVALGATE_CLOSED_URL", closedPortUrl());
            GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml", all);
            return new GatewayStack(simulator, TestGateways.start(config, clock, scaleTick));
        } catch (ConfigException | RuntimeException e) {
            simulator.close();
            throw new IllegalStateException("cannot start the gateway: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            simulator.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The default providers and aliases with this {@code cache:} section (a YAML flow mapping or an
     * indented block after {@code cache:}).
     */
    static String withCache(String cacheSection) {
        return PROVIDERS_YAML + "cache: " + cacheSection + "\n";
    }

    /**
     * Another gateway in front of this stack's simulator, configured by {@code yaml}; the caller
     * shuts it down.
     */
    GatewayServer startGateway(String yaml) {
        try {
            return GatewayServer.start(
                    ConfigLoader.parse(
                            yaml,
                            "test.yaml",
                            Map.of(
                                    "EVALGATE_SIMULATOR_URL", simulator.baseUrl().toString(),
                                    "EVALGATE_CLOSED_URL", closedPortUrl())));
        } catch (ConfigException e) {
            throw new IllegalStateException("cannot start the gateway: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    String gatewayUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    Simulator simulator() {
        return simulator;
    }

    GatewayServer server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.shutdown(Duration.ofSeconds(5));
        } finally {
            simulator.close();
        }
    }

    private static String closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
