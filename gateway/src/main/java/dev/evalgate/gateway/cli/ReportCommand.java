package dev.evalgate.gateway.cli;

import dev.evalgate.gateway.report.Check;
import dev.evalgate.gateway.report.ReportClient;
import dev.evalgate.gateway.report.ReportFormat;
import dev.evalgate.gateway.report.RunReport;
import dev.evalgate.gateway.report.Thresholds;
import dev.evalgate.pricing.ratio.RatioBand;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evalgate report}: fetches a run's spend report from a running gateway, prints it as text,
 * JSON, Markdown or JUnit XML, and fails the CI job when a threshold is crossed.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Print a run's spend report from a running gateway (GET <url>/admin/runs/<id>)"
                    + " and fail when a threshold is crossed.",
            "The report goes to stdout or --output FILE. Unless the text report goes to stdout,"
                    + " a one-line verdict also goes to stderr."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the report was printed and every check passed",
            "1:a threshold check failed",
            "2:usage error (missing run id, bad flag value, --output not writable)",
            "3:the report could not be fetched (gateway unreachable, unknown run, error answer,"
                    + " not JSON)"
        })
final class ReportCommand implements Callable<Integer> {

    @Mixin GatewayOptions gateway;

    @Option(
            names = "--run",
            paramLabel = "ID",
            description = "Run id (default: $EVALGATE_RUN_ID; required one way or the other).")
    String run;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description =
                    "Gateway key, sent as a bearer token (default: $EVALGATE_API_KEY; prefer the"
                            + " variable, a flag shows in process lists).")
    String apiKey;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, json, markdown or junit (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--fail-over-usd",
            paramLabel = "USD",
            description = "Fail (exit 1) when the run's cost is above USD dollars, e.g. 5 or 0.25.")
    String failOverUsd;

    @Option(
            names = "--fail-ratio-band",
            paramLabel = "BAND",
            description =
                    "Fail (exit 1) when the Testing-to-Inference ratio is in BAND or worse:"
                            + " healthy, elevated, warning or critical.")
    String failRatioBand;

    @Option(
            names = "--fail-on-unknown-models",
            description = "Fail (exit 1) when a model was priced at $0 because it has no price.")
    boolean failOnUnknownModels;

    ReportCommand() {
        this(System.getenv());
    }

    ReportCommand(Map<String, String> env) {
        this.gateway = new GatewayOptions(env);
    }

    @Override
    public Integer call() {
        String runId = gateway.orEnv(run, "EVALGATE_RUN_ID");
        if (runId == null) {
            throw gateway.usage("--run is required (or set EVALGATE_RUN_ID)");
        }
        if (!ReportClient.validRunId(runId)) {
            throw gateway.usage(
                    "--run: '"
                            + RunReport.printable(runId)
                            + "' (expected: 1..128 characters of A-Z a-z 0-9 . _ : -)");
        }
        URI baseUrl = gateway.baseUrl();
        ReportFormat reportFormat =
                ReportFormat.fromLabel(format)
                        .orElseThrow(
                                () ->
                                        gateway.usage(
                                                "--format: '"
                                                        + RunReport.printable(format)
                                                        + "' (expected: text, json, markdown or"
                                                        + " junit)"));
        Thresholds thresholds =
                new Thresholds(
                        gateway.dollars("--fail-over-usd", failOverUsd),
                        band(failRatioBand),
                        failOnUnknownModels);
        ReportClient client = gateway.client(baseUrl, apiKey);

        Optional<RunReport> answer = gateway.ask(() -> client.fetch(runId));
        if (answer.isEmpty()) {
            return GatewayOptions.EXIT_UNAVAILABLE;
        }
        RunReport report = answer.get();
        List<Check> checks = thresholds.evaluate(report);
        return gateway.print(
                reportFormat,
                reportFormat.render(report, checks, thresholds),
                checks,
                report.verdict(checks));
    }

    private RatioBand band(String label) {
        if (label == null) {
            return null;
        }
        return RatioBand.fromLabel(label)
                .orElseThrow(
                        () ->
                                gateway.usage(
                                        "--fail-ratio-band: '"
                                                + RunReport.printable(label)
                                                + "' (expected: healthy, elevated, warning or"
                                                + " critical)"));
    }
}
