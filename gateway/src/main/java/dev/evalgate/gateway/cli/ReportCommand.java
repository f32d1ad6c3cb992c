package dev.evalgate.gateway.cli;

import dev.evalgate.gateway.report.Check;
import dev.evalgate.gateway.report.ReportClient;
import dev.evalgate.gateway.report.ReportFormat;
import dev.evalgate.gateway.report.ReportUnavailableException;
import dev.evalgate.gateway.report.RunReport;
import dev.evalgate.gateway.report.Thresholds;
import dev.evalgate.pricing.ratio.RatioBand;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    static final int EXIT_CHECK_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNAVAILABLE = 3;

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Spec CommandSpec spec;

    @Option(
            names = "--run",
            paramLabel = "ID",
            description = "Run id (default: $EVALGATE_RUN_ID; required one way or the other).")
    String run;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description =
                    "The gateway's base URL. Default: $EVALGATE_URL, else " + DEFAULT_URL + ".")
    String url;

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
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the report to FILE (UTF-8) instead of stdout.")
    Path output;

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

    private final Map<String, String> env;

    ReportCommand() {
        this(System.getenv());
    }

    ReportCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        String runId = orEnv(run, "EVALGATE_RUN_ID");
        if (runId == null) {
            throw usage("--run is required (or set EVALGATE_RUN_ID)");
        }
        if (!ReportClient.validRunId(runId)) {
            throw usage(
                    "--run: '"
                            + RunReport.printable(runId)
                            + "' (expected: 1..128 characters of A-Z a-z 0-9 . _ : -)");
        }
        String gateway = orEnv(url, "EVALGATE_URL");
        URI baseUrl;
        try {
            baseUrl = ReportClient.baseUrl(gateway == null ? DEFAULT_URL : gateway);
        } catch (IllegalArgumentException e) {
            throw usage("--url: '" + RunReport.printable(gateway) + "' (" + e.getMessage() + ")");
        }
        ReportFormat reportFormat =
                ReportFormat.fromLabel(format)
                        .orElseThrow(
                                () ->
                                        usage(
                                                "--format: '"
                                                        + RunReport.printable(format)
                                                        + "' (expected: text, json, markdown or"
                                                        + " junit)"));
        Thresholds thresholds = new Thresholds(budget(), band(failRatioBand), failOnUnknownModels);
        ReportClient client;
        try {
            client = ReportClient.of(baseUrl, orEnv(apiKey, "EVALGATE_API_KEY"));
        } catch (IllegalArgumentException e) {
            throw usage("--api-key: " + e.getMessage());
        }

        PrintWriter err = spec.commandLine().getErr();
        RunReport report;
        try {
            report = client.fetch(runId);
        } catch (ReportUnavailableException e) {
            err.println("evalgate report: " + e.getMessage());
            err.flush();
            return EXIT_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("evalgate report: interrupted while waiting for the gateway");
            err.flush();
            return EXIT_UNAVAILABLE;
        }
        List<Check> checks = thresholds.evaluate(report);
        String rendered = reportFormat.render(report, checks, thresholds);
        if (output != null) {
            try {
                Files.writeString(output, rendered, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("evalgate report: --output: cannot write " + output + " (" + e + ")");
                err.flush();
                return EXIT_USAGE;
            }
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rendered);
            out.flush();
        }
        if (output != null || reportFormat != ReportFormat.TEXT) {
            err.println(report.verdict(checks));
            err.flush();
        }
        return checks.stream().allMatch(Check::passed) ? 0 : EXIT_CHECK_FAILED;
    }

    private BigDecimal budget() {
        if (failOverUsd == null) {
            return null;
        }
        BigDecimal usd = dollars(failOverUsd);
        if (usd == null) {
            throw usage(
                    "--fail-over-usd: '"
                            + RunReport.printable(failOverUsd)
                            + "' (expected: a dollar amount >= 0, e.g. 5 or 0.25)");
        }
        return usd;
    }

    private RatioBand band(String label) {
        if (label == null) {
            return null;
        }
        return RatioBand.fromLabel(label)
                .orElseThrow(
                        () ->
                                usage(
                                        "--fail-ratio-band: '"
                                                + RunReport.printable(label)
                                                + "' (expected: healthy, elevated, warning or"
                                                + " critical)"));
    }

    /** An exact dollar amount >= 0 ({@code 5}, {@code 0.25}), or null when it is not one. */
    static BigDecimal dollars(String value) {
        try {
            BigDecimal usd = new BigDecimal(value.strip());
            return usd.signum() < 0 ? null : usd;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String orEnv(String flag, String variable) {
        return orEnv(env, flag, variable);
    }

    /** The flag's value, else the environment variable's when set and not empty, else null. */
    static String orEnv(Map<String, String> env, String flag, String variable) {
        if (flag != null) {
            return flag;
        }
        String v = env.get(variable);
        return v == null || v.isEmpty() ? null : v;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
