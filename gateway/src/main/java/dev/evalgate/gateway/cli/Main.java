package dev.evalgate.gateway.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code evalgate} command: {@code serve}, {@code simulate}, {@code demo}, {@code report},
 * {@code estimate}.
 */
@Command(
        name = "evalgate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Eval-proxy gateway: caches, routes and meters LLM evaluation traffic.",
        subcommands = {
            ServeCommand.class,
            SimulateCommand.class,
            DemoCommand.class,
            ReportCommand.class,
            EstimateCommand.class
        })
public final class Main implements Runnable {

    /** Exit code for a configuration error. */
    public static final int EXIT_CONFIG = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns its exit code (for tests). What picocli prints (help, usage
     * errors, reports) is UTF-8 whatever the platform's locale, as job summaries and JUnit XML
     * expect.
     */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setOut(utf8(System.out))
                .setErr(utf8(System.err))
                .execute(args);
    }

    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
