package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes and what the operator reads. */
class CliIT {

    @Test
    void refusesToServeABadConfigWithExitCode2AndEveryProblem(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(
                config,
                """
                server:
                  port: 70000
                providers:
                  sim:
                    kind: openai
                    base_url: api.openai.com
                    models: [gpt-*]
                """);

        Captured run = capture(() -> Main.execute("serve", "--config", config.toString()));

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err)
                .contains("config error in " + config + " (2 problems):")
                .contains("server.port: 70000 (expected: ")
                .contains("providers.sim.base_url: ")
                .contains("api.openai.com");
    }

    @Test
    void printsTheVersion() throws Exception {
        Captured run = capture(() -> Main.execute("--version"));

        assertThat(run.exitCode).isZero();
        assertThat(run.out).startsWith("evalgate ");
    }

    private static Captured capture(Callable<Integer> command) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = command.call();
            return new Captured(
                    code,
                    outBytes.toString(StandardCharsets.UTF_8),
                    errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private record Captured(int exitCode, String out, String err) {}
}
