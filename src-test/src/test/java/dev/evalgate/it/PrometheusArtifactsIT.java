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

/** The Prometheus config and alert rules in deploy/prometheus, checked by the real promtool. */
class PrometheusArtifactsIT {

    private static final Path DIR = Repo.file("deploy/prometheus");

    @Test
    void alertRulesPassPromtoolCheckRules() {
        Tool.Result r = promtool("check", "rules", DIR.resolve("alerts.yml").toString());

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 12 rules found");
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
        assertThat(alerts).isEqualTo(12);
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
