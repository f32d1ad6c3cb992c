package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus config and alert rules in deploy/prometheus, and the KEDA example's query in
 * deploy/keda, checked by the real promtool.
 */
class PrometheusArtifactsIT {

    private static final Path DIR = Repo.file("deploy/prometheus");

    @Test
    void alertRulesPassPromtoolCheckRules() {
        Tool.Result r = promtool("check", "rules", DIR.resolve("alerts.yml").toString());

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 13 rules found");
    }

    @Test
    void alertUnitTestsPass() {
        Tool.Result r = promtool("test", "rules", DIR.resolve("alerts.test.yml").toString());

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void prometheusConfigAndItsRuleFilesPassPromtoolCheckConfig() {
        Tool.Result r = promtool("check", "config", DIR.resolve("prometheus.yml").toString());

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void everyAlertIsUnitTestedAndLinksToARunbookSection() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode rules = yaml.readTree(DIR.resolve("alerts.yml").toFile());
        String tests = Files.readString(DIR.resolve("alerts.test.yml"));
        Set<String> anchors = headingAnchors(Files.readString(Repo.file("docs/runbook.md")));

        int alerts = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                JsonNode annotations = rule.path("annotations");
                assertThat(annotations.path("summary").asText()).as(name).isNotBlank();
                assertThat(annotations.path("description").asText()).as(name).isNotBlank();
                String runbook = annotations.path("runbook").asText();
                assertThat(runbook).as(name).startsWith("docs/runbook.md#");
                assertThat(anchors).as(name).contains(runbook.substring(runbook.indexOf('#') + 1));
                assertThat(tests).as(name).contains("alertname: " + name);
                alerts++;
            }
        }
        assertThat(alerts).isEqualTo(13);
    }

    /**
     * The KEDA example's query, as written in deploy/keda/scaledobject.yaml, evaluated by promtool:
     * in flight plus waiting for its provider over every gateway replica, 0 (not empty) when the
     * gateway exported neither series, and one waiting request alone is above the activation
     * threshold that wakes a server at zero.
     */
    @Test
    void kedaQueryCountsInFlightAndWaitingRequestsOfItsProvider(@TempDir Path tmp)
            throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode metadata =
                yaml.readTree(Repo.file("deploy/keda/scaledobject.yaml").toFile())
                        .path("spec")
                        .path("triggers")
                        .get(0)
                        .path("metadata");
        String query = metadata.path("query").asText();
        double activation = Double.parseDouble(metadata.path("activationThreshold").asText());
        assertThat(activation).isLessThan(1);
        Path test = tmp.resolve("keda.test.yml");
        Files.writeString(
                test,
                """
                rule_files: []
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      # gateway a: the server is down, one request waits, then it wakes
                      - series: 'evalgate_provider_waiting{provider="vllm",instance="a"}'
                        values: '_ 0 1 0 0 0'
                      - series: 'evalgate_provider_inflight{provider="vllm",instance="a"}'
                        values: '_ _ _ 1 3 0'
                      # gateway b: busy from minute 4
                      - series: 'evalgate_provider_inflight{provider="vllm",instance="b"}'
                        values: '_ _ _ _ 2 0'
                      # another provider never counts
                      - series: 'evalgate_provider_waiting{provider="other",instance="a"}'
                        values: '7 7 7 7 7 7'
                      - series: 'evalgate_provider_inflight{provider="other",instance="b"}'
                        values: '9 9 9 9 9 9'
                    promql_expr_test:
                      - expr: '%1$s'
                        eval_time: 0m
                        exp_samples: [{labels: '{}', value: 0}]
                      - expr: '%1$s'
                        eval_time: 1m
                        exp_samples: [{labels: '{}', value: 0}]
                      - expr: '%1$s'
                        eval_time: 2m
                        exp_samples: [{labels: '{}', value: 1}]
                      - expr: '%1$s'
                        eval_time: 3m
                        exp_samples: [{labels: '{}', value: 1}]
                      - expr: '%1$s'
                        eval_time: 4m
                        exp_samples: [{labels: '{}', value: 5}]
                      - expr: '%1$s'
                        eval_time: 5m
                        exp_samples: [{labels: '{}', value: 0}]
                """
                        .formatted(query.replace("'", "''")));

        Tool.Result r = promtool("test", "rules", test.toString());

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    /** GitHub's anchors for the markdown's headings: lower case, spaces to dashes. */
    static Set<String> headingAnchors(String markdown) {
        Matcher m = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(markdown);
        return m.results()
                .map(r -> r.group(1).trim().toLowerCase(Locale.ROOT))
                .map(h -> h.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static Tool.Result promtool(String... args) {
        assumeTrue(
                Tool.onPath("promtool"),
                "promtool is not installed: apt-get install -y prometheus (the Debian package"
                        + " ships promtool); .ci/run installs it");
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        return Tool.run(command, null);
    }
}
