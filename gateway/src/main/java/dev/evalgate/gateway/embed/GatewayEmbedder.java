package dev.evalgate.gateway.embed;

import dev.evalgate.gateway.cache.AsyncEmbedder;
import dev.evalgate.gateway.http.GatewayHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The semantic tier's embedder for routes with {@code embedder: {model: M}}: embeds a text by
 * POSTing {@code {"model": M, "input": text, "encoding_format": "float"}} to this gateway's own
 * {@code /v1/embeddings} over loopback, so the model is routed by the aliases, routes and provider
 * model lists, and the call is cached (a text embedded before is an exact hit, no provider call),
 * metered and billed to the run, pipeline and tenant of the request that needed it ({@link
 * EmbeddingCaller}). The call itself never enters a semantic tier ({@code X-Eval-Cache-Semantic:
 * off}).
 *
 * <p>The answer's {@code data[0].embedding} is L2-normalised. A call that fails, answers non-2xx,
 * has no usable vector or takes longer than the timeout fails its stage; the semantic tier then
 * counts an error and the request goes on as an ordinary miss.
 *
 * <p>Threading: the JDK client sends asynchronously and completes on its own threads, never on an
 * event loop and never holding a semantic worker while it waits. Thread-safe.
 */
public final class GatewayEmbedder {

    /** Longest an embeddings call may take, answer body included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final Duration timeout;
    private volatile URI endpoint;

    /** An embedder with the default {@link #TIMEOUT}; it embeds nothing before {@link #bindTo}. */
    public GatewayEmbedder() {
        this(TIMEOUT);
    }

    /** An embedder whose calls fail after {@code timeout}. */
    GatewayEmbedder(Duration timeout) {
        this.timeout = timeout;
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .build();
    }

    /**
     * Tells the embedder where the gateway listens, once it does; a wildcard address is reached
     * over loopback.
     */
    public void bindTo(InetSocketAddress listening) {
        InetAddress a = listening.getAddress();
        InetAddress host =
                a == null || a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a;
        String h = host.getHostAddress();
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        endpoint = URI.create("http://" + h + ":" + listening.getPort() + "/v1/embeddings");
    }

    /** Embeds with {@code model} on behalf of {@code caller}. */
    public AsyncEmbedder forCaller(String model, EmbeddingCaller caller) {
        return text -> embed(model, text, caller);
    }

    /**
     * Embeds {@code text} with {@code model} through the gateway on behalf of {@code caller}.
     * Returns at once; the future completes with a unit vector, or exceptionally.
     */
    public CompletableFuture<float[]> embed(String model, String text, EmbeddingCaller caller) {
        URI to = endpoint;
        if (to == null) {
            return CompletableFuture.failedFuture(
                    new EmbeddingException("the gateway does not listen yet"));
        }
        HttpRequest request;
        try {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(to)
                            .timeout(timeout)
                            .header("content-type", "application/json")
                            .header(GatewayHeaders.EVAL_CACHE_SEMANTIC.toString(), "off")
                            .POST(
                                    HttpRequest.BodyPublishers.ofByteArray(
                                            EmbeddingResponses.requestOf(model, text)));
            for (Map.Entry<String, String> h : caller.headers()) {
                b.header(h.getKey(), h.getValue());
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            // A header value the JDK client refuses; the message would name it, so drop it.
            return CompletableFuture.failedFuture(
                    new EmbeddingException("a caller header cannot be sent again"));
        }
        CompletableFuture<HttpResponse<byte[]>> sent =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<float[]> vector =
                sent.thenApply(r -> EmbeddingResponses.vectorOf(r.statusCode(), r.body()))
                        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        vector.whenComplete(
                (v, e) -> {
                    if (e != null) {
                        sent.cancel(true);
                    }
                });
        return vector;
    }
}
