package dev.evalgate.gateway.config;

import static dev.evalgate.gateway.config.ConfigProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.scale.KubernetesActionConfig;
import dev.evalgate.gateway.scale.ScaleActionConfig;
import dev.evalgate.gateway.scale.ScaleSchedule;
import dev.evalgate.gateway.scale.ScaleToZeroConfig;
import dev.evalgate.gateway.scale.WebhookActionConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provider's {@code scale_to_zero} section (issue 8): every field, defaults, every problem. */
class ScaleToZeroConfigTest {

    private static final String WEBHOOK_DOWN =
            "scale_down: {webhook: {url: \"http://hooks.example/down\"}}\n";
    private static final String WEBHOOK_UP =
            "scale_up: {webhook: {url: \"http://hooks.example/up\"}}\n";

    @Test
    void parsesEveryField(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
        ScaleToZeroConfig c =
                scale(
                        """
                        idle: 20m
                        schedule:
                          days: [mon-fri, sun]
                          from: "07:00"
                          to: "20:30"
                          zone: Europe/Berlin
                        health: {url: "http://vllm:8000/health", interval: 500ms}
                        wake_timeout: 10m
                        hourly_cost_usd: 2.50
                        scale_down:
                          webhook:
                            method: PUT
                            url: "https://hooks.example/scale?token=abc"
                            headers: {Authorization: "Bearer ${HOOK_TOKEN}", X-Team: evals}
                            body: '{"p":"{{provider}}","to":{{replicas}},"why":"{{reason}}"}'
                            timeout: 5s
                        scale_up:
                          kubernetes:
                            kind: StatefulSet
                            namespace: models
                            name: vllm-llama.8b
                            replicas: 2
                            kubeconfig: %s
                            context: gpu-cluster
                        """
                                .formatted(kubeconfig),
                        Map.of("HOOK_TOKEN", "s3cret"));

        assertThat(c)
                .isEqualTo(
                        new ScaleToZeroConfig(
                                Duration.ofMinutes(20),
                                new ScaleSchedule(
                                        EnumSet.of(
                                                DayOfWeek.MONDAY,
                                                DayOfWeek.TUESDAY,
                                                DayOfWeek.WEDNESDAY,
                                                DayOfWeek.THURSDAY,
                                                DayOfWeek.FRIDAY,
                                                DayOfWeek.SUNDAY),
                                        7 * 60,
                                        20 * 60 + 30,
                                        ZoneId.of("Europe/Berlin")),
                                URI.create("http://vllm:8000/health"),
                                Duration.ofMillis(500),
                                Duration.ofMinutes(10),
                                new BigDecimal("2.50"),
                                ScaleActionConfig.of(
                                        new WebhookActionConfig(
                                                "PUT",
                                                URI.create("https://hooks.example/scale?token=abc"),
                                                Map.of(
                                                        "Authorization",
                                                        "Bearer s3cret",
                                                        "X-Team",
                                                        "evals"),
                                                "{\"p\":\"{{provider}}\",\"to\":{{replicas}},"
                                                        + "\"why\":\"{{reason}}\"}",
                                                Duration.ofSeconds(5))),
                                ScaleActionConfig.of(
                                        new KubernetesActionConfig(
                                                "StatefulSet",
                                                "models",
                                                "vllm-llama.8b",
                                                2,
                                                kubeconfig.toString(),
                                                "gpu-cluster"))));
        assertThat(c.hourlyCostMicros()).isEqualTo(2_500_000);
    }

    @Test
    void fillsDefaultsAndPollsTheModelsPathUnderTheBaseUrl() throws Exception {
        ScaleToZeroConfig c = scale(WEBHOOK_DOWN + WEBHOOK_UP, Map.of());

        assertThat(c.idle()).isEqualTo(ScaleToZeroConfig.DEFAULT_IDLE);
        assertThat(c.schedule()).isNull();
        assertThat(c.healthUrl()).isEqualTo(URI.create("http://vllm:8000/v1/models"));
        assertThat(c.healthInterval()).isEqualTo(ScaleToZeroConfig.DEFAULT_HEALTH_INTERVAL);
        assertThat(c.wakeTimeout()).isEqualTo(ScaleToZeroConfig.DEFAULT_WAKE_TIMEOUT);
        assertThat(c.hourlyCostUsd()).isNull();
        assertThat(c.hourlyCostMicros()).isZero();
        WebhookActionConfig down = c.scaleDown().webhook();
        assertThat(down.method()).isEqualTo("POST");
        assertThat(down.headers()).isEmpty();
        assertThat(down.body()).isNull();
        assertThat(down.timeout()).isEqualTo(WebhookActionConfig.DEFAULT_TIMEOUT);
    }

    @Test
    void readsDaysAsListsRangesAndStrings() throws Exception {
        assertThat(days("\"mon-fri\"")).hasSize(5).doesNotContain(DayOfWeek.SATURDAY);
        assertThat(days("\"fri-mon\""))
                .containsExactlyInAnyOrder(
                        DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
        assertThat(days("\"mon, wed\""))
                .containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY);
        assertThat(days("[sat, sun]"))
                .containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        ScaleSchedule allDay =
                scale(
                                "schedule: {zone: UTC}\n" + WEBHOOK_DOWN + WEBHOOK_UP,
                                Map.<String, String>of())
                        .schedule();
        assertThat(allDay.days()).hasSize(7);
        assertThat(allDay.fromMinute()).isZero();
        assertThat(allDay.toMinute()).isEqualTo(24 * 60);
    }

    @Test
    void scaleDownNeedsNoReplicasAndAsksForZero() throws Exception {
        ScaleToZeroConfig c =
                scale(
                        """
                        scale_down: {kubernetes: {kind: Deployment, namespace: ml, name: vllm}}
                        scale_up: {kubernetes: {kind: Deployment, namespace: ml, name: vllm}}
                        """,
                        Map.of());

        assertThat(c.scaleDown().kubernetes().replicas()).isZero();
        assertThat(c.scaleUp().kubernetes().replicas()).isEqualTo(1);
        assertThat(c.scaleUp().kubernetes().kubeconfig()).isNull();
    }

    @Test
    void anExternalScalerNeedsNoAction() throws Exception {
        ScaleToZeroConfig c =
                scale(
                        """
                        scale_down: external
                        scale_up: external
                        """,
                        Map.of());

        assertThat(c.scaleDown().external()).isTrue();
        assertThat(c.scaleUp()).isEqualTo(ScaleActionConfig.EXTERNAL);
    }

    @Test
    void reportsEveryProblemOfTheSection() {
        String yaml =
                provider(
                        """
                        scale_to_zero:
                          idle: 500ms
                          schedule: {days: [mon, funday], from: "7:00", to: "25:00", zone: Mars/Olympus}
                          health: {url: "ftp://vllm/health", interval: 2m}
                          wake_timeout: 2h
                          hourly_cost_usd: 1.0000001
                          scale_down:
                            webhook:
                              method: post
                              url: vllm/down
                              headers: {Host: x, Authorization: 42}
                              body: "{{provider}} {{nope}}"
                            kubernetes: {kind: Deployment, namespace: ml, name: vllm}
                          scale_up:
                            kubernetes:
                              kind: Pod
                              namespace: Bad_NS
                              name: "-vllm"
                              replicas: 0
                              kubeconfig: /no/such/kubeconfig
                        """);

        assertThat(problems(yaml))
                .containsExactly(
                        "providers.p.scale_to_zero.idle: \"500ms\" (expected: 1s..7d)",
                        "providers.p.scale_to_zero.schedule.days: a list (expected: a list of"
                                + " mon..sun or ranges like mon-fri, or one such string (\"mon-fri,"
                                + " sun\"))",
                        "providers.p.scale_to_zero.schedule.from: \"7:00\" (expected: a local"
                                + " time \"HH:mm\", 00:00..23:59)",
                        "providers.p.scale_to_zero.schedule.to: \"25:00\" (expected: a local time"
                                + " \"HH:mm\", 00:00..24:00)",
                        "providers.p.scale_to_zero.schedule.zone: \"Mars/Olympus\" (expected: a"
                                + " time zone ID such as Europe/Berlin or UTC)",
                        "providers.p.scale_to_zero.health.url: \"ftp://vllm/health\" (expected:"
                                + " an absolute http(s) URL)",
                        "providers.p.scale_to_zero.health.interval: \"2m\" (expected: 100ms..1m)",
                        "providers.p.scale_to_zero.wake_timeout: \"2h\" (expected: 1s..1h)",
                        "providers.p.scale_to_zero.hourly_cost_usd: 1.0000001 (expected: a dollar"
                                + " amount 0..100000 with at most six decimals)",
                        "providers.p.scale_to_zero.scale_down: both webhook and kubernetes"
                                + " (expected: one of them)",
                        "providers.p.scale_to_zero.scale_down.webhook.method: \"post\" (expected:"
                                + " POST | PUT | PATCH | GET | DELETE)",
                        "providers.p.scale_to_zero.scale_down.webhook.url: \"vllm/down\""
                                + " (expected: an absolute http(s) URL)",
                        "providers.p.scale_to_zero.scale_down.webhook.headers.Host: set by the"
                                + " HTTP client (expected: none of connection, content-length,"
                                + " expect, host, upgrade)",
                        "providers.p.scale_to_zero.scale_down.webhook.headers.Authorization: ****"
                                + " (expected: a string; quote it)",
                        "providers.p.scale_to_zero.scale_down.webhook.body: unknown placeholder"
                                + " {{nope}} (expected: {{provider}}, {{direction}}, {{replicas}},"
                                + " {{reason}}, {{idle_seconds}})",
                        "providers.p.scale_to_zero.scale_up.kubernetes.kind: \"Pod\" (expected:"
                                + " Deployment | StatefulSet)",
                        "providers.p.scale_to_zero.scale_up.kubernetes.namespace: \"Bad_NS\""
                                + " (expected: a namespace of lower-case letters, digits and -, at"
                                + " most 63)",
                        "providers.p.scale_to_zero.scale_up.kubernetes.name: \"-vllm\" (expected:"
                                + " a name of lower-case letters, digits, - and ., at most 253)",
                        "providers.p.scale_to_zero.scale_up.kubernetes.replicas: 0 (expected:"
                                + " 1..1000)",
                        "providers.p.scale_to_zero.scale_up.kubernetes.kubeconfig:"
                                + " \"/no/such/kubeconfig\" (expected: a readable kubeconfig"
                                + " file)");
    }

    @Test
    void requiresBothActionsAndAZoneAndRefusesUnknownKeys() {
        assertThat(
                        problems(
                                provider(
                                        """
                                        scale_to_zero:
                                          idel: 5m
                                          schedule: {days: mon-fri, from: "08:00", to: "08:00"}
                                          scale_up: {}
                                        """)))
                .containsExactly(
                        "providers.p.scale_to_zero.idel: unknown key (expected: one of idle,"
                                + " schedule, health, wake_timeout, hourly_cost_usd, scale_down,"
                                + " scale_up)",
                        "providers.p.scale_to_zero.schedule.zone: missing (expected: a time zone"
                                + " ID such as Europe/Berlin or UTC)",
                        "providers.p.scale_to_zero.scale_down: missing (expected: external, or a"
                                + " mapping with one of webhook, kubernetes)",
                        "providers.p.scale_to_zero.scale_up: {} (expected: external, or a mapping"
                                + " with one of webhook, kubernetes)");
        assertThat(
                        problems(
                                provider(
                                        "scale_to_zero:\n"
                                                + "  schedule: {from: \"08:00\", to: \"08:00\","
                                                + " zone: UTC}\n"
                                                + ("  " + WEBHOOK_DOWN)
                                                + ("  " + WEBHOOK_UP))))
                .containsExactly(
                        "providers.p.scale_to_zero.schedule.to: \"08:00\" (expected: a time other"
                                + " than from; earlier than from for a window over midnight)");
        assertThat(
                        problems(
                                provider(
                                        """
                                        scale_to_zero:
                                          scale_down: {kubernetes: {kind: Deployment, namespace: ml, name: v, replicas: 1}}
                                          scale_up: {webhook: {url: "http://h/up", speed: 1}}
                                        """)))
                .containsExactly(
                        "providers.p.scale_to_zero.scale_down.kubernetes.replicas: 1 (expected: no"
                                + " replicas under scale_down: it sets 0)",
                        "providers.p.scale_to_zero.scale_up.webhook.speed: unknown key (expected:"
                                + " one of method, url, headers, body, timeout)");
    }

    @Test
    void describeMasksWebhookHeadersAndQueriesAndParsesBack() throws Exception {
        GatewayConfig config =
                ConfigLoader.parse(
                        provider(
                                """
                                scale_to_zero:
                                  schedule: {days: "mon-fri", from: "07:00", to: "24:00", zone: Europe/Berlin}
                                  hourly_cost_usd: 3.2
                                  scale_down:
                                    webhook:
                                      url: "https://hooks.example/down?token=${T}"
                                      headers: {Authorization: "Bearer ${T}"}
                                  scale_up:
                                    webhook: {url: "https://hooks.example/up", body: "{{direction}}"}
                                """),
                        "gateway.yaml",
                        Map.of("T", "tok-123"));

        String described = ConfigLoader.describe(config);

        assertThat(described)
                .doesNotContain("tok-123")
                .contains("url: https://hooks.example/down?****")
                .contains("Authorization: '****'")
                .contains("days:\n        - mon\n")
                .contains("to: 24:00");
        String withoutSecrets =
                described
                        .replace("?****", "")
                        .replace("headers:\n            Authorization: '****'", "headers: {}");
        GatewayConfig reparsed = ConfigLoader.parse(withoutSecrets, "described", Map.of());
        ScaleToZeroConfig original = config.providers().get("p").scaleToZero();
        assertThat(reparsed.providers().get("p").scaleToZero().schedule())
                .isEqualTo(original.schedule());
        assertThat(reparsed.providers().get("p").scaleToZero().scaleUp())
                .isEqualTo(original.scaleUp());
        assertThat(reparsed.providers().get("p").scaleToZero().hourlyCostUsd())
                .isEqualByComparingTo("3.2");
    }

    @Test
    void neverShowsAWebhookHeaderValue() throws IOException {
        String yaml =
                provider(
                        """
                        scale_to_zero:
                          scale_down:
                            webhook: {url: "http://h/down", headers: {X-Plain: "a\\u0001b"}}
                          scale_up:
                            webhook: {url: "http://u:pw@h/up"}
                        """);

        assertThat(problems(yaml))
                .containsExactly(
                        "providers.p.scale_to_zero.scale_down.webhook.headers.X-Plain: ****"
                                + " (expected: a value without control characters)",
                        "providers.p.scale_to_zero.scale_up.webhook.url: \"http://****@h/up\""
                                + " (expected: an absolute http(s) URL without user info; use"
                                + " headers)");
    }

    private static java.util.Set<DayOfWeek> days(String days) throws ConfigException {
        return scale(
                        "schedule: {days: " + days + ", zone: UTC}\n" + WEBHOOK_DOWN + WEBHOOK_UP,
                        Map.of())
                .schedule()
                .days();
    }

    private static ScaleToZeroConfig scale(String section, Map<String, String> env)
            throws ConfigException {
        return ConfigLoader.parse(provider("scale_to_zero:\n" + section.indent(2)), "g.yaml", env)
                .providers()
                .get("p")
                .scaleToZero();
    }

    private static String provider(String extraLines) {
        return """
                providers:
                  p:
                    kind: openai
                    base_url: http://vllm:8000/v1
                    models: [llama-*]
                """
                + extraLines.indent(4);
    }
}
