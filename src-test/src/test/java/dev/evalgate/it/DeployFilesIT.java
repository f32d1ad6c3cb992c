package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.evalgate.gateway.config.ConfigLoader;
import dev.evalgate.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files parse and agree with each other and with the gateway: compose stack,
 * Dockerfile, gateway configs (validated by the gateway's own loader), Grafana provisioning, the
 * Helm chart (no helm binary here: values, Chart.yaml and the templates' key lines) and the KEDA
 * ScaledObject example (its query is run by promtool in {@link PrometheusArtifactsIT}).
 */
class DeployFilesIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DEPLOY = Repo.file("deploy");

    /** What the configs' ${VAR} references resolve to in these checks. */
    private static final Map<String, String> ENV =
            Map.of(
                    "OPENAI_API_KEY", "sk-test",
                    "ANTHROPIC_API_KEY", "sk-ant-test",
                    "REDIS_URL", "redis://redis:6379/0");

    @Test
    void composeStackWiresGatewaySimulatorRedisPrometheusAndGrafana() throws IOException {
        JsonNode services = yaml("docker-compose.yml").path("services");

        assertThat(names(services))
                .containsExactlyInAnyOrder(
                        "gateway", "simulator", "redis", "prometheus", "grafana");
        JsonNode gateway = services.path("gateway");
        assertThat(gateway.path("build").path("dockerfile").asText())
                .isEqualTo("deploy/Dockerfile");
        assertThat(
                        DEPLOY.resolve(gateway.path("build").path("context").asText())
                                .resolve("deploy/Dockerfile"))
                .isRegularFile();
        assertThat(gateway.path("ports").toString()).contains("8080:8080");
        assertThat(gateway.path("volumes").toString())
                .contains("./compose/gateway.yaml:/etc/evalgate/gateway.yaml");
        assertThat(services.path("simulator").path("command").toString())
                .contains("simulate", "0.0.0.0", "8090");
        assertThat(services.path("redis").path("image").asText()).isEqualTo("redis:7-alpine");
        assertThat(services.path("prometheus").path("volumes").toString())
                .contains("./prometheus:/etc/prometheus");
        assertThat(services.path("grafana").path("volumes").toString())
                .contains("./grafana/provisioning:/etc/grafana/provisioning")
                .contains("./grafana/dashboards:/etc/grafana/dashboards");
        for (JsonNode service : services) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(DEPLOY.resolve(source)).as(volume.asText()).exists();
                }
            }
        }
    }

    @Test
    void composeFilePassesDockerComposeConfigWhenTheCliHasCompose() {
        assumeTrue(Tool.onPath("docker"), "no docker CLI");
        assumeTrue(
                Tool.run(List.of("docker", "compose", "version"), null).exitCode() == 0,
                "the docker CLI has no compose plugin: docker compose config not run");

        Tool.Result r =
                Tool.run(
                        List.of(
                                "docker",
                                "compose",
                                "-f",
                                DEPLOY.resolve("docker-compose.yml").toString(),
                                "config",
                                "-q"),
                        null);

        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void composeAndImageConfigsAreValidGatewayConfigs() throws Exception {
        GatewayConfig compose = load("compose/gateway.yaml");
        assertThat(compose.server().port()).isEqualTo(8080);
        assertThat(compose.server().host()).isEqualTo("0.0.0.0");
        assertThat(ConfigLoader.describe(compose))
                .contains("http://simulator:8090/v1")
                .contains("redis:");

        GatewayConfig image = load("docker/gateway.yaml");
        assertThat(image.server().port()).isEqualTo(8080);
        assertThat(image.server().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void dockerfileBuildsTheJarAndRunsItAsANonRootUserWithAHealthCheck() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));

        assertThat(dockerfile)
                .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
                .contains("mvn -B -q -DskipTests -pl gateway -am package")
                .contains("FROM eclipse-temurin:17-jre")
                .contains("EXPOSE 8080")
                .contains("USER 10001")
                .contains("-XX:+ExitOnOutOfMemoryError")
                .contains("MaxRAMPercentage")
                .contains("/etc/evalgate/gateway.yaml")
                .containsPattern("HEALTHCHECK .*\\n.*/healthz");
        for (String line : dockerfile.lines().filter(l -> l.startsWith("COPY ")).toList()) {
            if (!line.contains("--from=")) {
                String source = line.split("\\s+")[1];
                assertThat(Repo.file(source)).as(line).exists();
            }
        }
        assertThat(Repo.file(".dockerignore")).content().contains("**/target");
    }

    @Test
    void grafanaProvisioningPointsAtTheDashboardsAndTheirDatasource() throws IOException {
        JsonNode datasource =
                yaml("grafana/provisioning/datasources/prometheus.yml").path("datasources").get(0);
        JsonNode provider =
                yaml("grafana/provisioning/dashboards/evalgate.yml").path("providers").get(0);

        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(provider.path("options").path("path").asText())
                .isEqualTo("/etc/grafana/dashboards");
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("grafana/dashboards"))) {
            for (Path file : files.toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                assertThat(dashboard.path("uid").asText()).as(file.toString()).isNotBlank();
                assertThat(dashboard.findValues("uid").stream().map(JsonNode::asText))
                        .as(file.toString())
                        .contains(datasource.path("uid").asText());
                assertThat(dashboard.path("templating").toString())
                        .contains("\"name\":\"endpoint\"");
            }
        }
    }

    @Test
    void helmChartDeclaresTheChartAndSafeReplicaDefaults() throws IOException {
        JsonNode chart = yaml("helm/evalgate/Chart.yaml");
        JsonNode values = yaml("helm/evalgate/values.yaml");

        assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
        assertThat(chart.path("name").asText()).isEqualTo("evalgate");
        assertThat(chart.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(values.path("replicaCount").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(values.path("autoscaling").path("minReplicas").asInt())
                .isGreaterThanOrEqualTo(2);
        assertThat(values.path("containerPort").asInt()).isEqualTo(8080);
        assertThat(values.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/healthz");
        assertThat(values.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/readyz");
        assertThat(values.path("redis").has("url")).isTrue();
        assertThat(values.path("redis").has("cluster")).isTrue();
    }

    @Test
    void helmValuesConfigIsAValidGatewayConfigOnceTheChartFillsItIn() throws Exception {
        JsonNode values = yaml("helm/evalgate/values.yaml");
        // What templates/_helpers.tpl "evalgate.config" adds to values.config.
        ObjectNode config = (ObjectNode) values.path("config").deepCopy();
        ObjectNode server = config.withObjectProperty("server");
        server.put("host", "0.0.0.0").put("port", values.path("containerPort").asInt());
        config.withObjectProperty("cache")
                .putObject("redis")
                .put("url", "${REDIS_URL}")
                .put("cluster", values.path("redis").path("cluster").asBoolean());

        GatewayConfig parsed =
                ConfigLoader.parse(YAML.writeValueAsString(config), "values.yaml", ENV);

        assertThat(parsed.server().port()).isEqualTo(8080);
        assertThat(config.path("providers").toString()).contains("${OPENAI_API_KEY}");
        assertThat(values.path("secrets").path("env").has("OPENAI_API_KEY")).isTrue();
    }

    @Test
    void helmTemplatesHaveTheProbesPortsConfigMountAndDrain() throws IOException {
        Path templates = DEPLOY.resolve("helm/evalgate/templates");
        String deployment = Files.readString(templates.resolve("deployment.yaml"));

        assertThat(deployment)
                .contains("containerPort: {{ .Values.containerPort }}")
                .contains("livenessProbe:")
                .contains("toYaml .Values.livenessProbe")
                .contains("readinessProbe:")
                .contains("toYaml .Values.readinessProbe")
                .contains("mountPath: /etc/evalgate")
                .contains("\"serve\", \"--config\", \"/etc/evalgate/gateway.yaml\"")
                .contains("preStop:")
                .contains("secretRef:");
        assertThat(Files.readString(templates.resolve("configmap.yaml")))
                .contains("gateway.yaml: |");
        assertThat(Files.readString(templates.resolve("servicemonitor.yaml")))
                .contains("if .Values.serviceMonitor.enabled")
                .contains("path: /metrics");
        assertThat(Files.readString(templates.resolve("_helpers.tpl"))).contains("${REDIS_URL}");
        for (String name :
                List.of("service.yaml", "hpa.yaml", "pdb.yaml", "secret.yaml", "NOTES.txt")) {
            assertThat(templates.resolve(name)).isRegularFile();
        }
        // Every {{ opens and closes on one line: a cheap guard against a broken template.
        try (Stream<Path> files = Files.list(templates)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    assertThat(count(line, "{{"))
                            .as(file + ": " + line)
                            .isEqualTo(count(line, "}}"));
                }
            }
        }
    }

    @Test
    void kedaScaledObjectScalesTheModelServerFromZeroOnTheGatewaysDemand() throws IOException {
        JsonNode scaled = yaml("keda/scaledobject.yaml");
        JsonNode spec = scaled.path("spec");
        JsonNode trigger = spec.path("triggers").get(0);
        JsonNode metadata = trigger.path("metadata");

        assertThat(scaled.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.path("kind").asText()).isEqualTo("ScaledObject");
        assertThat(spec.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(spec.path("scaleTargetRef").path("name").asText()).isNotBlank();
        assertThat(spec.path("minReplicaCount").isInt()).isTrue();
        assertThat(spec.path("minReplicaCount").asInt()).isZero();
        assertThat(spec.path("maxReplicaCount").asInt()).isPositive();
        assertThat(spec.path("cooldownPeriod").asInt()).isPositive();
        assertThat(spec.path("pollingInterval").asInt()).isPositive();
        assertThat(trigger.path("type").asText()).isEqualTo("prometheus");
        assertThat(metadata.path("serverAddress").asText()).startsWith("http");
        // KEDA takes trigger metadata as strings only.
        for (String key : List.of("threshold", "activationThreshold")) {
            assertThat(metadata.path(key).isTextual()).as(key).isTrue();
            assertThat(Double.parseDouble(metadata.path(key).asText())).as(key).isNotNegative();
        }
        assertThat(Double.parseDouble(metadata.path("threshold").asText())).isPositive();
        assertThat(metadata.path("query").asText())
                .contains("evalgate_provider_inflight{provider=\"vllm\"}")
                .contains("evalgate_provider_waiting{provider=\"vllm\"}")
                .doesNotContain("_total");
        assertThat(Repo.file("docs/keda.md")).content().contains("deploy/keda/scaledobject.yaml");
    }

    private static JsonNode yaml(String relative) throws IOException {
        return YAML.readTree(DEPLOY.resolve(relative).toFile());
    }

    private static GatewayConfig load(String relative) throws Exception {
        Path file = DEPLOY.resolve(relative);
        assertThatCode(() -> ConfigLoader.load(file, ENV)).doesNotThrowAnyException();
        return ConfigLoader.load(file, ENV);
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static int count(String s, String token) {
        int n = 0;
        for (int i = s.indexOf(token); i >= 0; i = s.indexOf(token, i + token.length())) {
            n++;
        }
        return n;
    }
}
