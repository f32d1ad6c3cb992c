package dev.evalgate.gateway.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.gateway.scale.KubernetesScaleAction.KubernetesScaleException;
import dev.evalgate.gateway.scale.ScaleContext.Direction;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Kubernetes action against fabric8's mock API server (expectations mode, HTTPS): the request
 * it sends is one merge PATCH of the workload's {@code scale} subresource (issue 8).
 */
@EnableKubernetesMockClient
class KubernetesScaleActionTest {

    private static final String TOKEN = "s3cr3t-token-never-in-a-message";

    KubernetesMockServer server;

    @TempDir Path tmp;

    /** The {@code other} context's server in the last kubeconfig written: a closed port. */
    private String other;

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({
        "Deployment, 0, deployments",
        "Deployment, 2, deployments",
        "StatefulSet, 0, statefulsets",
        "StatefulSet, 1, statefulsets"
    })
    void patchesTheScaleSubresourceWithTheReplicasAskedFor(String kind, int replicas, String plural)
            throws Exception {
        String path = "/apis/apps/v1/namespaces/evals/" + plural + "/vllm/scale";
        server.expect().patch().withPath(path).andReturn(200, scale(replicas)).once();

        try (KubernetesScaleAction action = onMockClient(kind, "evals")) {
            action.execute(context(replicas)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        assertThat(server.getRequestCount()).isEqualTo(1);
        RecordedRequest request = server.getLastRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getPath()).isEqualTo(path);
        assertThat(request.getHeader("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(request.getUtf8Body()).isEqualTo("{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    @Test
    void describesTheWorkloadAndTakesTheClientsNamespaceWhenNoneIsGiven() {
        try (KubernetesScaleAction deployment = onMockClient("Deployment", "evals");
                KubernetesScaleAction statefulSet = onMockClient("statefulset", null)) {
            assertThat(deployment.describe()).isEqualTo("kubernetes Deployment evals/vllm");
            assertThat(statefulSet.describe()).isEqualTo("kubernetes StatefulSet test/vllm");
        }
    }

    @Test
    void notFoundFailsTheStageNamingTheWorkloadAndTheStatus() {
        server.expect()
                .patch()
                .withPath("/apis/apps/v1/namespaces/evals/deployments/vllm/scale")
                .andReturn(404, status(404, "NotFound", "deployments.apps \\\"vllm\\\" not found"))
                .once();

        try (KubernetesScaleAction action = onMockClient("Deployment", "evals")) {
            CompletableFuture<Void> stage = action.execute(context(1)).toCompletableFuture();

            assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            KubernetesScaleException.class,
                            e -> assertThat(e.status()).isEqualTo(404))
                    .hasMessage(
                            "kubernetes Deployment evals/vllm: scale to 1 replicas refused:"
                                    + " HTTP 404 (NotFound: deployments.apps \"vllm\" not found)");
        }
    }

    @Test
    void forbiddenFailsTheStageWithTheApiServersReasonAndNoCredential() throws Exception {
        String forbidden =
                "statefulsets.apps \\\"vllm\\\" is forbidden: User"
                        + " \\\"system:serviceaccount:evals:evalgate\\\" cannot patch resource"
                        + " \\\"statefulsets/scale\\\" in API group \\\"apps\\\"";
        server.expect()
                .patch()
                .withPath("/apis/apps/v1/namespaces/evals/statefulsets/vllm/scale")
                .andReturn(403, status(403, "Forbidden", forbidden))
                .once();
        Path kubeconfig = kubeconfig(server.url("/"), "mock");

        try (KubernetesScaleAction action =
                KubernetesScaleAction.create(
                        new KubernetesActionConfig(
                                "StatefulSet", "evals", "vllm", 1, kubeconfig.toString(), null))) {
            CompletableFuture<Void> stage = action.execute(context(0)).toCompletableFuture();

            assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(KubernetesScaleException.class)
                    .hasMessageStartingWith(
                            "kubernetes StatefulSet evals/vllm: scale to 0 replicas refused:"
                                    + " HTTP 403 (Forbidden: statefulsets.apps \"vllm\" is"
                                    + " forbidden")
                    .hasMessageContaining("cannot patch resource \"statefulsets/scale\"")
                    .hasMessageNotContaining(TOKEN);
        }
        assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void kubeconfigFileAndContextPickServerCredentialsAndNamespace() throws Exception {
        server.expect()
                .patch()
                .withPath("/apis/apps/v1/namespaces/from-context/deployments/vllm/scale")
                .andReturn(200, scale(3))
                .once();
        // The current context points at a closed port: only the named one reaches the server.
        Path kubeconfig = kubeconfig(server.url("/"), "other");

        try (KubernetesScaleAction action =
                KubernetesScaleAction.create(
                        new KubernetesActionConfig(
                                "Deployment", null, "vllm", 3, kubeconfig.toString(), "mock"))) {
            assertThat(action.describe()).isEqualTo("kubernetes Deployment from-context/vllm");

            action.execute(context(3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        RecordedRequest request = server.getLastRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getPath())
                .isEqualTo("/apis/apps/v1/namespaces/from-context/deployments/vllm/scale");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getUtf8Body()).isEqualTo("{\"spec\":{\"replicas\":3}}");
    }

    @Test
    void withoutAKubeconfigFileFabric8sAutoConfigurationIsUsed() throws Exception {
        server.expect()
                .patch()
                .withPath("/apis/apps/v1/namespaces/evals/deployments/vllm/scale")
                .andReturn(200, scale(1))
                .once();
        // Outside a cluster, auto-configuration reads the kubeconfig the kubeconfig property names.
        Path kubeconfig = kubeconfig(server.url("/"), "mock");
        String before = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", kubeconfig.toString());
        try (KubernetesScaleAction action =
                KubernetesScaleAction.create(
                        new KubernetesActionConfig("Deployment", "evals", "vllm", 1, null, null))) {
            action.execute(context(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            if (before == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", before);
            }
        }

        assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void unreachableApiServerFailsTheStageNamingTheWorkload() throws Exception {
        Path kubeconfig = kubeconfig(server.url("/"), "other");
        String closedPort = other.substring(other.lastIndexOf(':') + 1);

        try (KubernetesScaleAction action =
                KubernetesScaleAction.create(
                        new KubernetesActionConfig(
                                "Deployment", "evals", "vllm", 1, kubeconfig.toString(), null))) {
            CompletableFuture<Void> stage = action.execute(context(1)).toCompletableFuture();

            assertThatThrownBy(() -> stage.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            KubernetesScaleException.class, e -> assertThat(e.status()).isZero())
                    .hasMessageStartingWith(
                            "kubernetes Deployment evals/vllm: scale to 1 replicas failed: ")
                    .hasMessageEndingWith("(API server 127.0.0.1:" + closedPort + ")")
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void sendsFromItsOwnThreadAndCompletesThereNeverOnTheCallers() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        server.expect()
                .patch()
                .withPath("/apis/apps/v1/namespaces/evals/deployments/vllm/scale")
                .andReply(
                        200,
                        request -> {
                            try {
                                gate.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return scale(1);
                        })
                .once();

        try (KubernetesScaleAction action = onMockClient("Deployment", "evals")) {
            CompletableFuture<Void> stage = action.execute(context(1)).toCompletableFuture();
            CompletableFuture<String> completedOn =
                    stage.thenApply(v -> Thread.currentThread().getName());

            assertThat(stage).isNotDone();
            gate.countDown();

            assertThat(completedOn.get(10, TimeUnit.SECONDS)).isEqualTo("evalgate-k8s-scale-vllm");
        }
    }

    @Test
    void aClosedActionFailsAtOnce() {
        KubernetesScaleAction action = onMockClient("Deployment", "evals");
        action.close();

        assertThat(action.execute(context(1)))
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableThat()
                .withMessageContaining("kubernetes Deployment evals/vllm: the action is closed");
    }

    @Test
    void rejectsAnUnknownKindBadNamesAndAMissingKubeconfig() {
        assertThatThrownBy(() -> onMockClient("DaemonSet", "evals"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind: DaemonSet (expected: Deployment or StatefulSet)");
        assertThatThrownBy(
                        () ->
                                KubernetesScaleAction.create(
                                        new KubernetesActionConfig(
                                                "Deployment", "evals", "../secrets", 1, null, null),
                                        server.createClient()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name: ../secrets (expected: a Kubernetes name");
        Path missing = tmp.resolve("no-such-kubeconfig");
        assertThatThrownBy(
                        () ->
                                KubernetesScaleAction.create(
                                        new KubernetesActionConfig(
                                                "Deployment",
                                                "evals",
                                                "vllm",
                                                1,
                                                missing.toString(),
                                                null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kubeconfig: " + missing + " (expected: a readable kubeconfig file)");
    }

    @Test
    void rejectsAContextTheKubeconfigDoesNotHaveRatherThanUsingTheCurrentOne() throws Exception {
        Path kubeconfig = kubeconfig(server.url("/"), "mock");

        assertThatThrownBy(
                        () ->
                                KubernetesScaleAction.create(
                                        new KubernetesActionConfig(
                                                "Deployment",
                                                "evals",
                                                "vllm",
                                                1,
                                                kubeconfig.toString(),
                                                "prod")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "context: prod (expected: a context of the kubeconfig, one of [mock,"
                                + " other])");
    }

    private KubernetesScaleAction onMockClient(String kind, String namespace) {
        return KubernetesScaleAction.create(
                new KubernetesActionConfig(kind, namespace, "vllm", 1, null, null),
                server.createClient());
    }

    private static ScaleContext context(int replicas) {
        return new ScaleContext(
                "vllm", replicas == 0 ? Direction.DOWN : Direction.UP, replicas, "idle", 900);
    }

    private static String scale(int replicas) {
        return """
               {"kind":"Scale","apiVersion":"autoscaling/v1",\
               "metadata":{"name":"vllm","namespace":"evals"},\
               "spec":{"replicas":%d},"status":{"replicas":%d}}"""
                .formatted(replicas, replicas);
    }

    private static String status(int code, String reason, String message) {
        return """
               {"kind":"Status","apiVersion":"v1","status":"Failure",\
               "message":"%s","reason":"%s","code":%d}"""
                .formatted(message, reason, code);
    }

    /**
     * A kubeconfig with context {@code mock} (the mock server, namespace from-context) and {@code
     * other} (a closed port); {@code current} is its current context.
     */
    private Path kubeconfig(String mockUrl, String current) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        other = "https://127.0.0.1:" + closed;
        Path file = tmp.resolve("kubeconfig-" + current);
        Files.writeString(
                file,
                """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                      insecure-skip-tls-verify: true
                  - name: other
                    cluster:
                      server: %s
                      insecure-skip-tls-verify: true
                users:
                  - name: evalgate
                    user:
                      token: %s
                contexts:
                  - name: mock
                    context: {cluster: mock, user: evalgate, namespace: from-context}
                  - name: other
                    context: {cluster: other, user: evalgate}
                current-context: %s
                """
                        .formatted(mockUrl, other, TOKEN, current));
        return file;
    }
}
