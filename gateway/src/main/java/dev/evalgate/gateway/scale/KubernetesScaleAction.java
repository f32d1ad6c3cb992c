package dev.evalgate.gateway.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales a Deployment or StatefulSet through the Kubernetes API's {@code scale} subresource: one
 * merge PATCH of {@code /apis/apps/v1/namespaces/<ns>/<deployments|statefulsets>/<name>/scale} with
 * {@code {"spec":{"replicas":N}}}, sent through fabric8's client (its kubeconfig, service account,
 * TLS and token refresh) on the JDK's HTTP client.
 *
 * <p>A PATCH rather than the client's {@code scale(int)}, which reads the Scale, PUTs it back and
 * reads the workload: one request instead of three, and the role needs only {@code patch} on {@code
 * deployments/scale} (or {@code statefulsets/scale}).
 *
 * <p>Threading: {@link #execute} returns at once; the request is built and sent on this action's
 * own daemon thread and the stage completes there, never on the caller's thread (an event loop).
 */
public final class KubernetesScaleAction implements ScaleAction {

    private static final Logger log = LoggerFactory.getLogger(KubernetesScaleAction.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MERGE_PATCH = "application/merge-patch+json";

    /**
     * fabric8 retries a refused connection or a 5xx 10 times by default, backing off up to 3.2 s
     * (about 20 s in all): a wake should fail within a second and let the caller decide.
     */
    private static final int RETRIES = 3;

    private static final int MAX_MESSAGE = 300;
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private final String path;
    private final String description;
    private final KubernetesClient client;
    private final ExecutorService executor;

    private KubernetesScaleAction(
            String kind, String plural, String namespace, String name, KubernetesClient client) {
        this.path = "apis/apps/v1/namespaces/" + namespace + "/" + plural + "/" + name + "/scale";
        this.description = "kubernetes " + kind + " " + namespace + "/" + name;
        this.client = client;
        this.executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "evalgate-k8s-scale-" + name);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * The action for {@code config}, with a client from its kubeconfig file (and context) when
     * given, else fabric8's auto-configuration: the in-cluster service account, or the default
     * kubeconfig outside a cluster. Reads the kubeconfig: call it at startup, not on an event loop.
     * Nothing is sent until {@link #execute}.
     *
     * @throws IllegalArgumentException if the kind, namespace or name is not valid, or the
     *     kubeconfig is not a readable file
     */
    public static KubernetesScaleAction create(KubernetesActionConfig config) {
        plural(config.kind());
        Config clientConfig = clientConfig(config);
        clientConfig.setRequestRetryBackoffLimit(RETRIES);
        KubernetesClient client =
                new KubernetesClientBuilder()
                        .withConfig(clientConfig)
                        .withHttpClientFactory(new JdkHttpClientFactory())
                        .build();
        try {
            return create(config, client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * The action for {@code config} on {@code client}, which it then owns and closes; a null
     * namespace is the client's own (the service account's, or the kubeconfig context's).
     */
    static KubernetesScaleAction create(KubernetesActionConfig config, KubernetesClient client) {
        String plural = plural(config.kind());
        String namespace = config.namespace() != null ? config.namespace() : client.getNamespace();
        if (namespace == null) {
            namespace = "default";
        }
        check("namespace", namespace, NAMESPACE, 63);
        check("name", config.name(), NAME, 253);
        String kind = plural.equals("deployments") ? "Deployment" : "StatefulSet";
        return new KubernetesScaleAction(kind, plural, namespace, config.name(), client);
    }

    private static Config clientConfig(KubernetesActionConfig config) {
        Config clientConfig;
        if (config.kubeconfig() == null) {
            clientConfig = Config.autoConfigure(config.context());
        } else {
            File file = new File(config.kubeconfig());
            if (!file.isFile() || !file.canRead()) {
                throw new IllegalArgumentException(
                        "kubeconfig: " + file + " (expected: a readable kubeconfig file)");
            }
            clientConfig = Config.fromKubeconfig(config.context(), file);
        }
        // fabric8 falls back to the current context when the named one is missing: that would
        // scale a workload of another cluster.
        String context = config.context();
        if (context != null
                && (clientConfig.getCurrentContext() == null
                        || !context.equals(clientConfig.getCurrentContext().getName()))) {
            List<String> known =
                    clientConfig.getContexts() == null
                            ? List.of()
                            : clientConfig.getContexts().stream()
                                    .map(NamedContext::getName)
                                    .sorted()
                                    .toList();
            throw new IllegalArgumentException(
                    "context: "
                            + context
                            + " (expected: a context of the kubeconfig, one of "
                            + known
                            + ")");
        }
        return clientConfig;
    }

    private static String plural(String kind) {
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "deployment" -> "deployments";
            case "statefulset" -> "statefulsets";
            default ->
                    throw new IllegalArgumentException(
                            "kind: " + kind + " (expected: Deployment or StatefulSet)");
        };
    }

    private static void check(String what, String value, Pattern pattern, int max) {
        if (value == null || value.length() > max || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what
                            + ": "
                            + value
                            + " (expected: a Kubernetes name, lower-case letters, digits and"
                            + " '-', at most "
                            + max
                            + " characters)");
        }
    }

    /**
     * Patches the workload's scale to {@code context.replicas()}. The stage completes when the API
     * server accepted it, exceptionally with a {@link KubernetesScaleException} naming the workload
     * when it refused (with its HTTP status) or could not be reached.
     */
    @Override
    public CompletionStage<Void> execute(ScaleContext context) {
        int replicas = context.replicas();
        if (replicas < 0) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException(
                            description + ": replicas " + replicas + " (expected: 0 or more)"));
        }
        try {
            // Built and sent on the action's thread: fabric8's interceptors may read a token file.
            return CompletableFuture.supplyAsync(() -> send(replicas), executor)
                    .thenCompose(sent -> sent)
                    .handleAsync((response, error) -> outcome(replicas, response, error), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new KubernetesScaleException(description + ": the action is closed", 0, e));
        }
    }

    private CompletableFuture<HttpResponse<String>> send(int replicas) {
        String base = client.getMasterUrl().toString();
        HttpRequest.Builder builder =
                client.getHttpClient()
                        .newHttpRequestBuilder()
                        .uri(base + (base.endsWith("/") ? "" : "/") + path)
                        .method("PATCH", MERGE_PATCH, "{\"spec\":{\"replicas\":" + replicas + "}}");
        Integer timeout = client.getConfiguration().getRequestTimeout();
        if (timeout != null && timeout > 0) {
            builder.timeout(timeout, TimeUnit.MILLISECONDS);
        }
        return client.getHttpClient().sendAsync(builder.build(), String.class);
    }

    private Void outcome(int replicas, HttpResponse<String> response, Throwable error) {
        String what = description + ": scale to " + replicas + " replicas";
        if (error != null) {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            throw new KubernetesScaleException(
                    what + " failed: " + describe(cause) + " (API server " + apiServer() + ")",
                    0,
                    cause);
        }
        if (!response.isSuccessful()) {
            throw new KubernetesScaleException(
                    what + " refused: HTTP " + response.code() + statusOf(response.body()),
                    response.code(),
                    null);
        }
        log.debug("{}: accepted", what);
        return null;
    }

    /** The reason and message of a Kubernetes {@code Status} body, else its first characters. */
    private static String statusOf(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode status = JSON.readTree(body);
            if (status.hasNonNull("message")) {
                String reason = status.path("reason").asText("");
                return " ("
                        + (reason.isEmpty() ? "" : reason + ": ")
                        + cut(status.get("message").asText())
                        + ")";
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // a proxy's HTML page, say: show its start
        }
        return " (" + cut(body) + ")";
    }

    /** Host and port of the API server: never its user info or path. */
    private String apiServer() {
        java.net.URL url = client.getMasterUrl();
        return url.getHost() + ":" + (url.getPort() < 0 ? url.getDefaultPort() : url.getPort());
    }

    /**
     * The exception's class and the first message down its causes (a ConnectException has none).
     */
    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                String message = cut(t.getMessage());
                return e.getClass().getSimpleName()
                        + (t == e ? "" : " (" + t.getClass().getSimpleName() + ")")
                        + ": "
                        + message;
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String cut(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE) + "…";
    }

    /** {@code kubernetes <Kind> <namespace>/<name>}. */
    @Override
    public String describe() {
        return description;
    }

    /** Closes the client and stops the action's thread; a later {@link #execute} fails. */
    @Override
    public void close() {
        executor.shutdown();
        client.close();
    }

    /**
     * The Kubernetes API refused a scale (with its HTTP status) or could not be reached (status 0).
     * The message names the workload and never holds a credential.
     */
    public static final class KubernetesScaleException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        KubernetesScaleException(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The API server's HTTP status, or 0 if it gave none. */
        public int status() {
            return status;
        }
    }
}
