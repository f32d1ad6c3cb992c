package dev.evalgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.gateway.config.ConfigLoader;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.server.GatewayServer;
import dev.evalgate.gateway.sim.SimStats;
import dev.evalgate.gateway.sim.Simulator;
import dev.evalgate.gateway.sim.SimulatorOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evalgate demo}: starts the simulator and the gateway on free ports, runs a small eval
 * suite through the gateway twice (as two CI runs would), and prints what happened.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run a small eval suite through the gateway twice and print what happened.")
final class DemoCommand implements Callable<Integer> {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Option(
            names = "--runs",
            defaultValue = "2",
            description = "How many times to run the suite (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
        // The demo prints its own summary; one access-log line per request would drown it.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("evalgate.access"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults())) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("EVALGATE_SIMULATOR_URL", simulator.baseUrl().toString());
            GatewayConfig cfg = ServeCommand.withPort(ConfigLoader.embeddedDefault(env), 0);
            cfg =
                    cfg.withServer(
                            new dev.evalgate.gateway.config.ServerConfig(
                                    "127.0.0.1",
                                    0,
                                    cfg.server().maxBodyBytes(),
                                    Duration.ofSeconds(5),
                                    2));
            try (GatewayServer gateway = GatewayServer.start(cfg)) {
                System.out.println();
                System.out.println("evalgate demo");
                System.out.println("  upstream: built-in simulator at " + simulator.baseUrl());
                System.out.println("  gateway:  " + gateway.baseUrl() + "/run/<run-id>/v1");
                System.out.println();
                HttpClient http =
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                List<DemoSuite.Case> suite = DemoSuite.cases();
                int failures = 0;
                for (int run = 1; run <= runs; run++) {
                    failures += runOnce(http, gateway.baseUrl(), simulator, suite, "demo-" + run);
                }
                System.out.println();
                System.out.println(
                        failures == 0 ? "all requests answered." : failures + " requests failed.");
                return failures == 0 ? 0 : 1;
            }
        }
    }

    private static int runOnce(
            HttpClient http,
            URI gateway,
            Simulator simulator,
            List<DemoSuite.Case> suite,
            String runId) {
        long upstreamBefore = simulator.stats().requests();
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (DemoSuite.Case c : suite) {
            HttpRequest req =
                    HttpRequest.newBuilder(gateway.resolve("/run/" + runId + "/v1" + c.path()))
                            .header("content-type", "application/json")
                            .header("x-eval-check", c.check())
                            .header("x-eval-pipeline", "demo")
                            .header("anthropic-version", "2023-06-01")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(c.body()))
                            .build();
            calls.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int failed = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            try {
                HttpResponse<String> r = call.join();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    failed++;
                    System.out.println("  " + r.statusCode() + " " + r.body());
                }
            } catch (RuntimeException e) {
                failed++;
                System.out.println("  request failed: " + e.getMessage());
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        SimStats stats = simulator.stats();
        JsonNode spend = spend(http, gateway, runId, ok);
        System.out.printf(
                "  run %-7s %2d requests  %2d ok  %2d failed  upstream calls %2d  %4d ms"
                        + "  cost $%s  saved $%s%n",
                runId,
                suite.size(),
                ok,
                failed,
                stats.requests() - upstreamBefore,
                millis,
                spend.path("cost_usd").asText("?"),
                spend.path("saved_usd").asText("?"));
        return failed;
    }

    /**
     * The run's spend from the gateway's ledger, once it counts {@code calls} (a call is recorded
     * just after its client has the answer); empty if it cannot be read.
     */
    private static JsonNode spend(HttpClient http, URI gateway, String runId, int calls) {
        JsonNode last = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(gateway.resolve("/admin/runs/" + runId))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    last = JSON.readTree(r.body());
                    if (last.path("calls").asLong() >= calls) {
                        return last;
                    }
                }
                Thread.sleep(25);
            } catch (java.io.IOException e) {
                return last;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
        return last;
    }
}
