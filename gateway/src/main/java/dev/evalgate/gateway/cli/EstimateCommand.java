package dev.evalgate.gateway.cli;

import dev.evalgate.gateway.meter.Budgets;
import dev.evalgate.gateway.report.Check;
import dev.evalgate.gateway.report.ReportClient;
import dev.evalgate.gateway.report.ReportFormat;
import dev.evalgate.gateway.report.RunReport;
import dev.evalgate.gateway.report.SuiteEstimate;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code evalgate estimate}: posts a suite to a running gateway's {@code /admin/estimate}, prints
 * what running it would cost (what is cached, what is still to call, expected and worst case), and
 * fails the CI job when the expected cost is over a limit. Flags, output and exit codes follow
 * {@code evalgate report}.
 */
@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description = {
            "Estimate what running a suite would cost before it runs (POST <url>/admin/estimate):"
                    + " requests already cached, requests still to call, their expected and"
                    + " worst-case cost at catalog prices.",
            "The suite is JSON Lines (one request body per line) or a JSON array of request"
                    + " bodies. The estimate goes to stdout or --output FILE. Unless the text"
                    + " estimate goes to stdout, a one-line verdict also goes to stderr."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the estimate was printed and every check passed",
            "1:a threshold check failed",
            "2:usage error (missing or unreadable --suite, bad flag value, --output not"
                    + " writable)",
            "3:the estimate could not be made (gateway unreachable, error answer, not JSON)"
        })
final class EstimateCommand implements Callable<Integer> {

    /** Largest suite file read (the gateway's {@code server.max_body_bytes} can be up to 1 GiB). */
    static final long MAX_SUITE_BYTES = 1L << 30;

    private static final List<String> ENDPOINTS =
            List.of("chat/completions", "completions", "embeddings", "messages");

    @Mixin GatewayOptions gateway;

    @Option(
            names = "--suite",
            paramLabel = "FILE",
            description = "The suite: JSON Lines (one request body per line) or a JSON array.")
    Path suite;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description =
                    "Gateway key, sent as a bearer token (default: $EVALGATE_API_KEY): the key the"
                            + " suite runs with, since cache entries are per tenant.")
    String apiKey;

    @Option(
            names = "--endpoint",
            paramLabel = "ENDPOINT",
            defaultValue = "chat/completions",
            description =
                    "The endpoint the suite calls: chat/completions, completions, embeddings or"
                            + " messages (default: ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(
            names = "--pipeline",
            paramLabel = "P",
            description =
                    "X-Eval-Pipeline of the suite's calls (routes and cache modes may use it).")
    String pipeline;

    @Option(
            names = "--check",
            paramLabel = "C",
            description = "X-Eval-Check of the suite's calls (routes may use it).")
    String check;

    @Option(
            names = "--cache-namespace",
            paramLabel = "NS",
            description = "X-Eval-Cache-Namespace of the suite's calls, if they send one.")
    String cacheNamespace;

    @Option(
            names = "--output-tokens",
            paramLabel = "N",
            defaultValue = "256",
            description =
                    "Output tokens expected per call, less where max_tokens is lower (default:"
                            + " ${DEFAULT-VALUE}).")
    String outputTokens;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, json or markdown (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--fail-over-usd",
            paramLabel = "USD",
            description =
                    "Fail (exit 1) when the expected cost of the requests still to call is above"
                            + " USD dollars, e.g. 5 or 0.25.")
    String failOverUsd;

    EstimateCommand() {
        this(System.getenv());
    }

    EstimateCommand(Map<String, String> env) {
        this.gateway = new GatewayOptions(env);
    }

    @Override
    public Integer call() {
        if (suite == null) {
            throw usage("--suite is required");
        }
        if (!ENDPOINTS.contains(endpoint)) {
            throw usage(
                    "--endpoint: '"
                            + RunReport.printable(endpoint)
                            + "' (expected: chat/completions, completions, embeddings or"
                            + " messages)");
        }
        long tokens = outputTokens();
        Map<String, String> headers = new LinkedHashMap<>();
        header(headers, "--pipeline", "X-Eval-Pipeline", pipeline, "._:/-", 128);
        header(headers, "--check", "X-Eval-Check", check, "._:/-", 128);
        header(headers, "--cache-namespace", "X-Eval-Cache-Namespace", cacheNamespace, "._:-", 64);
        URI baseUrl = gateway.baseUrl();
        ReportFormat estimateFormat =
                ReportFormat.fromLabel(format)
                        .filter(f -> f != ReportFormat.JUNIT)
                        .orElseThrow(
                                () ->
                                        usage(
                                                "--format: '"
                                                        + RunReport.printable(format)
                                                        + "' (expected: text, json or markdown)"));
        BigDecimal limit = gateway.dollars("--fail-over-usd", failOverUsd);
        ReportClient client = gateway.client(baseUrl, apiKey);
        byte[] body = readSuite();

        Optional<SuiteEstimate> answer =
                gateway.ask(() -> client.estimate(body, endpoint, tokens, headers));
        if (answer.isEmpty()) {
            return GatewayOptions.EXIT_UNAVAILABLE;
        }
        SuiteEstimate estimate = answer.get();
        List<Check> checks = estimate.evaluate(limit);
        return gateway.print(
                estimateFormat,
                estimate.render(estimateFormat, checks),
                checks,
                estimate.verdict(checks));
    }

    private byte[] readSuite() {
        try {
            if (Files.size(suite) > MAX_SUITE_BYTES) {
                throw usage("--suite: " + suite + " is larger than 1 GiB");
            }
            return Files.readAllBytes(suite);
        } catch (IOException e) {
            throw usage("--suite: cannot read " + suite + " (" + e + ")");
        }
    }

    private long outputTokens() {
        try {
            long n = Long.parseLong(outputTokens.strip());
            if (n >= 0 && n <= Budgets.MAX_OUTPUT_TOKENS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw usage(
                "--output-tokens: '"
                        + RunReport.printable(outputTokens)
                        + "' (expected: a whole number from 0 to "
                        + Budgets.MAX_OUTPUT_TOKENS
                        + ")");
    }

    /** Adds {@code value} as header {@code name} when set; it must be in the gateway's alphabet. */
    private void header(
            Map<String, String> headers,
            String flag,
            String name,
            String value,
            String extra,
            int max) {
        if (value == null) {
            return;
        }
        boolean ok = !value.isEmpty() && value.length() <= max;
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || extra.indexOf(c) >= 0;
        }
        if (!ok) {
            throw usage(
                    flag
                            + ": '"
                            + RunReport.printable(value)
                            + "' (expected: 1.."
                            + max
                            + " characters of A-Z a-z 0-9 "
                            + String.join(" ", extra.split(""))
                            + ")");
        }
        headers.put(name, value);
    }

    private ParameterException usage(String message) {
        return gateway.usage(message);
    }
}
