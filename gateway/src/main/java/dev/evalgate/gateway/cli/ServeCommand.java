package dev.evalgate.gateway.cli;

import dev.evalgate.gateway.config.ConfigException;
import dev.evalgate.gateway.config.ConfigLoader;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.server.GatewayServer;
import dev.evalgate.gateway.sim.Simulator;
import dev.evalgate.gateway.sim.SimulatorOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evalgate serve}: runs the gateway until stopped (SIGTERM/SIGINT drain gracefully). Without
 * {@code --config}, the embedded default serves: the simulator, started in-process, as the only
 * upstream.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway.")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "YAML config file (default: embedded simulator-only config).")
    Path config;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            description = "Override server.port.")
    Integer port;

    @Override
    public Integer call() throws Exception {
        Simulator simulator = null;
        GatewayConfig cfg;
        try {
            if (config != null) {
                cfg = ConfigLoader.load(config, System.getenv());
            } else {
                simulator = Simulator.start(SimulatorOptions.defaults());
                Map<String, String> env = new HashMap<>(System.getenv());
                env.put("EVALGATE_SIMULATOR_URL", simulator.baseUrl().toString());
                cfg = ConfigLoader.embeddedDefault(env);
                LOG.info(
                        "no --config given: serving the embedded default with the built-in"
                                + " simulator upstream at {}",
                        simulator.baseUrl());
            }
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            if (simulator != null) {
                simulator.close();
            }
            return Main.EXIT_CONFIG;
        }
        if (port != null) {
            if (port < 0 || port > 65535) {
                System.err.println("--port: " + port + " (expected: 0..65535)");
                return Main.EXIT_CONFIG;
            }
            cfg = withPort(cfg, port);
        }
        LOG.info("effective config: {}", ConfigLoader.describe(cfg));
        GatewayServer server = GatewayServer.start(cfg);
        Shutdown.awaitSignal(server, simulator == null ? () -> {} : simulator);
        return 0;
    }

    static GatewayConfig withPort(GatewayConfig cfg, int port) {
        return cfg.withServer(cfg.server().withPort(port));
    }
}
