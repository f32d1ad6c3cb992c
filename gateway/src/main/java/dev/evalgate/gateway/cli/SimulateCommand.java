package dev.evalgate.gateway.cli;

import dev.evalgate.gateway.sim.Simulator;
import dev.evalgate.gateway.sim.SimulatorOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evalgate simulate}: a deterministic OpenAI + Anthropic compatible upstream. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Run the deterministic upstream simulator (OpenAI + Anthropic compatible).",
            "Per request: X-Sim-Latency-Ms, X-Sim-Chunk-Delay-Ms,"
                    + " X-Sim-Fault: 429|500|503|timeout|cut|reset|malformed|partial|html|stall,"
                    + " X-Sim-Fault-Times: N (per X-Sim-Fault-Key or body),"
                    + " X-Sim-Answer-Bytes: N (a huge answer). Counters: GET /sim/stats."
        })
final class SimulateCommand implements Callable<Integer> {

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Bind address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = {"-p", "--port"},
            defaultValue = "8090",
            description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Delay before every answer.")
    long latencyMs;

    @Option(
            names = "--chunk-delay-ms",
            defaultValue = "0",
            description = "Delay between SSE events.")
    long chunkDelayMs;

    @Option(
            names = "--fault",
            description =
                    "Fault injected into every request:"
                            + " 429|500|503|timeout|cut|reset|malformed|partial|html|stall.")
    String fault;

    @Option(
            names = "--io-threads",
            defaultValue = "1",
            description = "Event-loop threads (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Override
    public Integer call() {
        SimulatorOptions options =
                SimulatorOptions.defaults()
                        .withPort(port)
                        .withLatency(Duration.ofMillis(latencyMs))
                        .withChunkDelay(Duration.ofMillis(chunkDelayMs))
                        .withFault(fault)
                        .withIoThreads(ioThreads);
        options =
                new SimulatorOptions(
                        host,
                        options.port(),
                        options.latency(),
                        options.chunkDelay(),
                        options.fault(),
                        options.ioThreads());
        Simulator simulator = Simulator.start(options);
        System.out.println("evalgate simulator listening on " + simulator.baseUrl());
        Shutdown.awaitSignal(simulator);
        return 0;
    }
}
