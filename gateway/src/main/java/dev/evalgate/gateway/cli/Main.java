package dev.evalgate.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code evalgate} command: {@code serve}, {@code simulate}, {@code demo}. */
@Command(
        name = "evalgate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Eval-proxy gateway: caches, routes and meters LLM evaluation traffic.",
        subcommands = {ServeCommand.class, SimulateCommand.class, DemoCommand.class})
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

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }
}
