package dev.evalgate.gateway.embed;

import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.http.GatewayHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whom an embeddings call made for a client request is billed to: that request's run, pipeline and
 * traffic kind, and the client's credentials, sent again as headers so the call lands in the same
 * run, pipeline and tenant (and passes the same gateway key check).
 *
 * <p>The credentials are copied in memory for the call only: never logged, never stored; {@link
 * #toString} shows header names alone.
 */
public final class EmbeddingCaller {

    /** Client headers that carry credentials, copied unchanged. */
    static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "x-api-key", "api-key");

    private final List<Map.Entry<String, String>> headers;

    private EmbeddingCaller(List<Map.Entry<String, String>> headers) {
        this.headers = List.copyOf(headers);
    }

    /**
     * The caller of a request with {@code context} and {@code client} headers: its credential
     * headers, {@code X-Eval-Run} (also for a run named by the {@code /run/<id>/v1} path), {@code
     * X-Eval-Pipeline}, and {@code X-Eval-Traffic} when the client set it.
     */
    public static EmbeddingCaller of(RequestContext context, HttpHeaders client) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        for (String name : CREDENTIAL_HEADERS) {
            for (String value : client.getAll(name)) {
                h.add(Map.entry(name, value));
            }
        }
        if (context.runId() != null) {
            h.add(Map.entry(GatewayHeaders.EVAL_RUN.toString(), context.runId()));
        }
        if (context.pipeline() != null) {
            h.add(Map.entry(GatewayHeaders.EVAL_PIPELINE.toString(), context.pipeline()));
        }
        String traffic = client.get(GatewayHeaders.EVAL_TRAFFIC);
        if (traffic != null && !traffic.isEmpty()) {
            h.add(Map.entry(GatewayHeaders.EVAL_TRAFFIC.toString(), traffic));
        }
        return new EmbeddingCaller(h);
    }

    /** The headers the embeddings call carries, in order. */
    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The header names only: values may be credentials. */
    @Override
    public String toString() {
        return "EmbeddingCaller" + headers.stream().map(Map.Entry::getKey).toList();
    }
}
