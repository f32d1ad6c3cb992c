package dev.evalgate.gateway.cli;

import dev.evalgate.gateway.report.Check;
import dev.evalgate.gateway.report.ReportClient;
import dev.evalgate.gateway.report.ReportFormat;
import dev.evalgate.gateway.report.ReportUnavailableException;
import dev.evalgate.gateway.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What {@code evalgate report} and {@code evalgate estimate} share, mixed into both: which gateway
 * they ask ({@code --url}, else {@code $EVALGATE_URL}), where the rendering goes ({@code
 * --output}), and how the outcome maps to an exit code. The environment is given, not read, so
 * tests can set it.
 */
final class GatewayOptions {

    static final int EXIT_CHECK_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNAVAILABLE = 3;

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /** What the gateway is asked; it may be unavailable or the wait interrupted. */
    @FunctionalInterface
    interface Question<T> {
        T ask() throws ReportUnavailableException, InterruptedException;
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description =
                    "The gateway's base URL. Default: $EVALGATE_URL, else " + DEFAULT_URL + ".")
    String url;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the ${COMMAND-NAME} to FILE (UTF-8) instead of stdout.")
    Path output;

    private final Map<String, String> env;

    GatewayOptions(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The flag's value, else the environment variable's when set and not empty, else null. */
    String orEnv(String flag, String variable) {
        if (flag != null) {
            return flag;
        }
        String v = env.get(variable);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The gateway's base URL from {@code --url}, {@code $EVALGATE_URL} or the default. */
    URI baseUrl() {
        String gateway = orEnv(url, "EVALGATE_URL");
        try {
            return ReportClient.baseUrl(gateway == null ? DEFAULT_URL : gateway);
        } catch (IllegalArgumentException e) {
            throw usage("--url: '" + RunReport.printable(gateway) + "' (" + e.getMessage() + ")");
        }
    }

    /**
     * A client of {@code baseUrl} with the key from {@code apiKey} or {@code $EVALGATE_API_KEY}.
     */
    ReportClient client(URI baseUrl, String apiKey) {
        try {
            return ReportClient.of(baseUrl, orEnv(apiKey, "EVALGATE_API_KEY"));
        } catch (IllegalArgumentException e) {
            throw usage("--api-key: " + e.getMessage());
        }
    }

    /** {@code value} of {@code flag} as an exact dollar amount >= 0, or null when not given. */
    BigDecimal dollars(String flag, String value) {
        if (value == null) {
            return null;
        }
        try {
            BigDecimal usd = new BigDecimal(value.strip());
            if (usd.signum() >= 0) {
                return usd;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw usage(
                flag
                        + ": '"
                        + RunReport.printable(value)
                        + "' (expected: a dollar amount >= 0, e.g. 5 or 0.25)");
    }

    /**
     * The gateway's answer to {@code question}, or empty after saying on stderr why there is none
     * (exit with {@link #EXIT_UNAVAILABLE}).
     */
    <T> Optional<T> ask(Question<T> question) {
        try {
            return Optional.of(question.ask());
        } catch (ReportUnavailableException e) {
            complain(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            complain("interrupted while waiting for the gateway");
        }
        return Optional.empty();
    }

    /**
     * Writes {@code rendered} to {@code --output} or stdout, then {@code verdict} to stderr unless
     * the text rendering went to stdout, and returns the exit code: 0 when every check passed.
     */
    int print(ReportFormat format, String rendered, List<Check> checks, String verdict) {
        if (output != null) {
            try {
                Files.writeString(output, rendered, StandardCharsets.UTF_8);
            } catch (IOException e) {
                complain("--output: cannot write " + output + " (" + e + ")");
                return EXIT_USAGE;
            }
        } else {
            PrintWriter out = command.commandLine().getOut();
            out.print(rendered);
            out.flush();
        }
        if (output != null || format != ReportFormat.TEXT) {
            PrintWriter err = command.commandLine().getErr();
            err.println(verdict);
            err.flush();
        }
        return checks.stream().allMatch(Check::passed) ? 0 : EXIT_CHECK_FAILED;
    }

    /** A usage error of the command (exit {@link #EXIT_USAGE}). */
    ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    private void complain(String message) {
        PrintWriter err = command.commandLine().getErr();
        err.println("evalgate " + command.name() + ": " + message);
        err.flush();
    }
}
