package dev.evalgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import picocli.CommandLine;

class ReportCommandTest {

    private static final String KEY = "eg-secret-key-123";

    private FakeGateway gateway;
    private String url;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Console console = new Console();

    @BeforeEach
    void startGateway() throws IOException {
        gateway = FakeGateway.start("/admin/runs/", this::answerRun);
        url = gateway.url();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    /** Answers the r1 fixture, or a failure for runs missing, locked, garbled and broken. */
    private void answerRun(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        seen.put("path", path);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        seen.put("authorization", auth == null ? "" : auth);
        switch (path.substring("/admin/runs/".length())) {
            case "missing":
                FakeGateway.answer(
                        exchange,
                        404,
                        "{\"error\":{\"message\":\"No requests recorded for run 'missing'.\","
                                + "\"type\":\"invalid_request_error\",\"code\":\"not_found\"}}");
                break;
            case "locked":
                FakeGateway.answer(
                        exchange,
                        401,
                        "{\"error\":{\"message\":\"Invalid gateway key.\","
                                + "\"type\":\"authentication_error\","
                                + "\"code\":\"invalid_api_key\"}}");
                break;
            case "garbled":
                FakeGateway.answer(exchange, 200, "<html>not json</html>");
                break;
            case "broken":
                FakeGateway.answer(exchange, 502, "upstream connect error");
                break;
            default:
                FakeGateway.answer(exchange, 200, FakeGateway.resource("/report/run-r1.json"));
        }
    }

    private int report(String... args) {
        return console.execute(new ReportCommand(env), args);
    }

    @Test
    void printsTheTextReportAndExitsZero() {
        assertThat(report("--run", "r1", "--url", url)).isZero();
        assertThat(console.out())
                .startsWith("evalgate run r1  pipeline nightly")
                .contains("cost $0.012345  saved $0.004000")
                .contains("Testing-to-Inference ratio 12.00% (elevated) over 30 days");
        assertThat(console.err()).isEmpty();
        assertThat(seen.get("path")).isEqualTo("/admin/runs/r1");
        assertThat(seen.get("authorization")).isEmpty();
    }

    @Test
    void sendsTheKeyAsABearerTokenAndNeverPrintsIt() {
        env.put("EVALGATE_API_KEY", KEY);
        assertThat(report("--run", "r1", "--url", url, "--fail-over-usd", "0")).isEqualTo(1);
        assertThat(seen.get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(report("--run", "missing", "--url", url, "--api-key", KEY)).isEqualTo(3);
        assertThat(console.out() + console.err()).doesNotContain(KEY);
    }

    @Test
    void takesRunUrlAndKeyFromTheEnvironment() {
        env.put("EVALGATE_RUN_ID", "gh-123-1");
        env.put("EVALGATE_URL", url + "/");
        env.put("EVALGATE_API_KEY", KEY);
        assertThat(report()).isZero();
        assertThat(seen.get("path")).isEqualTo("/admin/runs/gh-123-1");
        assertThat(seen.get("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void flagsWinOverTheEnvironment() {
        env.put("EVALGATE_RUN_ID", "missing");
        env.put("EVALGATE_URL", "http://127.0.0.1:1");
        assertThat(report("--run", "r1", "--url", url)).isZero();
    }

    @Test
    void acceptsEveryRunIdTheGatewayAccepts() {
        assertThat(report("--run", "gl:42.7_a-B", "--url", url)).isZero();
        assertThat(seen.get("path")).isEqualTo("/admin/runs/gl:42.7_a-B");
    }

    @Test
    void exitsOneOnlyWhenTheCostIsAboveTheBudget() {
        assertThat(report("--run", "r1", "--url", url, "--fail-over-usd", "0.012345")).isZero();
        assertThat(console.out()).contains("PASS cost-budget");
        assertThat(report("--run", "r1", "--url", url, "--fail-over-usd", "0.012344")).isEqualTo(1);
        assertThat(console.out()).contains("FAIL cost-budget: cost $0.012345 is over");
    }

    @Test
    void exitsOneWhenTheRatioBandReachesTheLimit() {
        assertThat(report("--run", "r1", "--url", url, "--fail-ratio-band", "critical")).isZero();
        assertThat(report("--run", "r1", "--url", url, "--fail-ratio-band", "ELEVATED"))
                .isEqualTo(1);
    }

    @Test
    void exitsOneOnUnknownModelsOnlyWhenAsked() {
        assertThat(report("--run", "r1", "--url", url)).isZero();
        assertThat(report("--run", "r1", "--url", url, "--fail-on-unknown-models")).isEqualTo(1);
        assertThat(console.out()).contains("FAIL unknown-models");
    }

    @Test
    void exitsTwoOnUsageErrorsWithoutCallingTheGateway() {
        String[][] bad = {
            {"--url", url},
            {"--run", "../etc", "--url", url},
            {"--run", "a/b", "--url", url},
            {"--run", "..", "--url", url},
            {"--run", "x".repeat(129), "--url", url},
            {"--run", "r1", "--url", "ftp://127.0.0.1/"},
            {"--run", "r1", "--url", "http://user:pw@127.0.0.1/"},
            {"--run", "r1", "--url", url, "--format", "html"},
            {"--run", "r1", "--url", url, "--fail-over-usd", "five"},
            {"--run", "r1", "--url", url, "--fail-over-usd", "-1"},
            {"--run", "r1", "--url", url, "--fail-ratio-band", "severe"},
            {"--run", "r1", "--url", url, "--api-key", "two words"},
            {"--run", "r1", "--url", url, "--no-such-flag"},
        };
        for (String[] args : bad) {
            assertThat(report(args)).as(String.join(" ", args)).isEqualTo(2);
        }
        assertThat(seen).doesNotContainKey("path");
        assertThat(console.err())
                .contains("--run is required (or set EVALGATE_RUN_ID)")
                .contains("--fail-ratio-band: 'severe' (expected: healthy, elevated, warning or")
                .contains("--fail-over-usd: 'five'")
                .doesNotContain("two words");
    }

    @Test
    void exitsThreeWithTheGatewaysMessageForAnUnknownRun() {
        assertThat(report("--run", "missing", "--url", url)).isEqualTo(3);
        assertThat(console.err())
                .contains("the gateway answered 404: No requests recorded for run 'missing'.");
        assertThat(console.out()).isEmpty();
    }

    @Test
    void exitsThreeWithAHintWhenTheKeyIsRefused() {
        assertThat(report("--run", "locked", "--url", url)).isEqualTo(3);
        assertThat(console.err())
                .contains("401: Invalid gateway key.")
                .contains("--api-key or EVALGATE_API_KEY");
    }

    @Test
    void exitsThreeWhenTheAnswerIsNotAReport() {
        assertThat(report("--run", "garbled", "--url", url)).isEqualTo(3);
        assertThat(console.err()).contains("not valid JSON");
        assertThat(report("--run", "broken", "--url", url)).isEqualTo(3);
        assertThat(console.err()).contains("502: upstream connect error");
    }

    @Test
    void exitsThreeWhenTheGatewayIsUnreachable() throws IOException {
        int port = FakeGateway.closedPort();
        assertThat(report("--run", "r1", "--url", "http://127.0.0.1:" + port)).isEqualTo(3);
        assertThat(console.err()).contains("cannot reach the gateway at http://127.0.0.1:" + port);
    }

    @Test
    void writesTheReportToAFileAndTheVerdictToStderr(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("summary.md");
        assertThat(
                        report(
                                "--run",
                                "r1",
                                "--url",
                                url,
                                "--format",
                                "markdown",
                                "-o",
                                file.toString(),
                                "--fail-over-usd",
                                "5"))
                .isZero();
        assertThat(console.out()).isEmpty();
        assertThat(Files.readString(file))
                .startsWith("### evalgate run `r1`")
                .contains("| `cost-budget` | ✅ passed |");
        assertThat(console.err())
                .isEqualTo("evalgate run r1: cost $0.012345; all 2 checks passed" + nl());
    }

    @Test
    void printsJunitXmlThatFailsWhenTheGateTrips() throws Exception {
        assertThat(
                        report(
                                "--run",
                                "r1",
                                "--url",
                                url,
                                "--format",
                                "junit",
                                "--fail-over-usd",
                                "0.01",
                                "--fail-ratio-band",
                                "critical"))
                .isEqualTo(1);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc =
                f.newDocumentBuilder()
                        .parse(
                                new ByteArrayInputStream(
                                        console.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("3");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        assertThat(console.err()).contains("1 of 3 checks failed: cost-budget");
    }

    @Test
    void printsJsonWithChecks() throws Exception {
        assertThat(report("--run", "r1", "--url", url, "--format", "json")).isZero();
        JsonNode json = new ObjectMapper().readTree(console.out());
        assertThat(json.get("cost_micros").asLong()).isEqualTo(12345);
        assertThat(json.get("checks").get(0).get("name").asText()).isEqualTo("unknown-models");
    }

    @Test
    void exitsTwoWhenTheOutputCannotBeWritten(@TempDir Path dir) {
        Path file = dir.resolve("no-such-dir").resolve("report.txt");
        assertThat(report("--run", "r1", "--url", url, "--output", file.toString())).isEqualTo(2);
        assertThat(console.err()).contains("--output: cannot write");
    }

    @Test
    void isASubcommandOfEvalgateWithItsExitCodesInTheHelp() {
        CommandLine main = new CommandLine(new Main());
        assertThat(main.getSubcommands()).containsKey("report");
        String help = main.getSubcommands().get("report").getUsageMessage();
        assertThat(help)
                .contains("--fail-over-usd", "--fail-ratio-band", "--fail-on-unknown-models")
                .contains("Exit codes:")
                .contains("3   the report could not be fetched");
    }

    private static String nl() {
        return System.lineSeparator();
    }
}
