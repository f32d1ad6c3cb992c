package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

        Cli.Result run = Cli.run("serve", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("config error in " + config + " (2 problems):")
                .contains("server.port: 70000 (expected: ")
                .contains("providers.sim.base_url: ")
                .contains("api.openai.com");
    }

    @Test
    void printsTheVersion() {
        Cli.Result run = Cli.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("evalgate ");
    }
}
