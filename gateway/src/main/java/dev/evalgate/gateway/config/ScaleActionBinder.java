package dev.evalgate.gateway.config;

import dev.evalgate.gateway.scale.KubernetesActionConfig;
import dev.evalgate.gateway.scale.ScaleActionConfig;
import dev.evalgate.gateway.scale.WebhookActionConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates and binds {@code scale_down} and {@code scale_up}: a webhook or a Kubernetes scale. */
final class ScaleActionBinder {

    /** The placeholders a webhook body may use. */
    static final List<String> PLACEHOLDERS =
            List.of("provider", "direction", "replicas", "reason", "idle_seconds");

    private static final List<String> KEYS = List.of("webhook", "kubernetes");
    private static final List<String> WEBHOOK_KEYS =
            List.of("method", "url", "headers", "body", "timeout");
    private static final List<String> KUBERNETES_KEYS =
            List.of("kind", "namespace", "name", "replicas", "kubeconfig", "context");
    private static final List<String> METHODS = List.of("POST", "PUT", "PATCH", "GET", "DELETE");
    private static final List<String> KINDS = List.of("Deployment", "StatefulSet");
    // Headers the JDK HTTP client sets itself and refuses to take from a caller.
    private static final List<String> RESTRICTED =
            List.of("connection", "content-length", "expect", "host", "upgrade");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String EXPECTED = "external, or a mapping with one of webhook, kubernetes";

    private ScaleActionBinder() {}

    /** The action at {@code parent.key}, or null after recording problems. */
    static ScaleActionConfig bind(Fields parent, String key, boolean down) {
        Problems problems = parent.problems();
        if (!parent.has(key)) {
            problems.missing(parent.path(key), EXPECTED);
            return null;
        }
        if (parent.get(key).isTextual() && parent.get(key).textValue().equals("external")) {
            return ScaleActionConfig.EXTERNAL;
        }
        int before = problems.count();
        Fields f = Fields.of(parent.get(key), parent.path(key), problems, EXPECTED, KEYS);
        boolean webhook = f.has("webhook");
        boolean kubernetes = f.has("kubernetes");
        if (webhook && kubernetes) {
            problems.add(f.path(), "both webhook and kubernetes (expected: one of them)");
        } else if (!webhook && !kubernetes && f.isEmpty() && problems.count() == before) {
            problems.invalid(f.path(), parent.get(key), EXPECTED);
        }
        WebhookActionConfig w = webhook ? webhook(f) : null;
        KubernetesActionConfig k = kubernetes ? kubernetes(f, down) : null;
        if (problems.count() != before) {
            return null;
        }
        return w != null ? ScaleActionConfig.of(w) : ScaleActionConfig.of(k);
    }

    private static WebhookActionConfig webhook(Fields parent) {
        Fields f =
                Fields.of(
                        parent.get("webhook"),
                        parent.path("webhook"),
                        parent.problems(),
                        "a mapping of " + String.join(", ", WEBHOOK_KEYS),
                        WEBHOOK_KEYS);
        String method = f.string("method", WebhookActionConfig.DEFAULT_METHOD);
        if (method != null && !METHODS.contains(method)) {
            f.problems().invalidText(f.path("method"), method, String.join(" | ", METHODS));
        }
        URI url = HttpUrls.read(f, "url", true);
        Map<String, String> headers = headers(f);
        String body = f.string("body", null);
        if (body != null) {
            Matcher m = PLACEHOLDER.matcher(body);
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    f.problems()
                            .add(
                                    f.path("body"),
                                    "unknown placeholder {{"
                                            + m.group(1)
                                            + "}} (expected: {{"
                                            + String.join("}}, {{", PLACEHOLDERS)
                                            + "}})");
                }
            }
        }
        Duration timeout =
                f.duration(
                        "timeout",
                        WebhookActionConfig.DEFAULT_TIMEOUT,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(5));
        if (url == null) {
            return null;
        }
        return new WebhookActionConfig(method, url, headers, body, timeout);
    }

    /** Headers of a webhook call; every value is treated as a secret in problems. */
    private static Map<String, String> headers(Fields f) {
        return UpstreamValues.headers(
                f,
                RESTRICTED,
                "set by the HTTP client (expected: none of " + String.join(", ", RESTRICTED) + ")",
                name -> true);
    }

    private static KubernetesActionConfig kubernetes(Fields parent, boolean down) {
        Fields f =
                Fields.of(
                        parent.get("kubernetes"),
                        parent.path("kubernetes"),
                        parent.problems(),
                        "a mapping of " + String.join(", ", KUBERNETES_KEYS),
                        KUBERNETES_KEYS);
        String kind = f.requiredString("kind", String.join(" | ", KINDS));
        if (kind != null && !KINDS.contains(kind)) {
            f.problems().invalidText(f.path("kind"), kind, String.join(" | ", KINDS));
        }
        String namespace = f.requiredString("namespace", "a Kubernetes namespace");
        if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
            f.problems()
                    .invalidText(
                            f.path("namespace"),
                            namespace,
                            "a namespace of lower-case letters, digits and -, at most 63");
        }
        String name = f.requiredString("name", "the workload's name");
        if (name != null && (name.length() > 253 || !NAME.matcher(name).matches())) {
            f.problems()
                    .invalidText(
                            f.path("name"),
                            name,
                            "a name of lower-case letters, digits, - and ., at most 253");
        }
        int replicas = 0;
        if (down && f.has("replicas")) {
            f.problems()
                    .invalid(
                            f.path("replicas"),
                            f.get("replicas"),
                            "no replicas under scale_down: it sets 0");
        } else if (!down) {
            replicas = f.integer("replicas", 1, 1000, 1);
        }
        String kubeconfig = f.string("kubeconfig", null);
        if (kubeconfig != null && !readableFile(kubeconfig)) {
            f.problems()
                    .invalidText(f.path("kubeconfig"), kubeconfig, "a readable kubeconfig file");
        }
        String context = f.string("context", null);
        return new KubernetesActionConfig(kind, namespace, name, replicas, kubeconfig, context);
    }

    private static boolean readableFile(String text) {
        try {
            Path path = Path.of(text);
            return Files.isRegularFile(path) && Files.isReadable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
