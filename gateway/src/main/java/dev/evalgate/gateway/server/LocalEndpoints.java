package dev.evalgate.gateway.server;

import dev.evalgate.gateway.http.GatewayError;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** What the gateway answers itself outside the API: metrics, liveness, readiness. */
final class LocalEndpoints {

    private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(StandardCharsets.UTF_8);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private LocalEndpoints() {}

    /** The answer for {@code path}; an unknown path is a 404 naming what exists. */
    static FullHttpResponse answer(String path, GatewayServices services) throws Rejection {
        return switch (path) {
            case "/metrics" ->
                    response(
                            services.metrics().scrape().getBytes(StandardCharsets.UTF_8),
                            PROMETHEUS_TEXT);
            case "/healthz" -> json(OK);
            case "/readyz" -> {
                if (services.lifecycle().draining()) {
                    throw new Rejection(
                            GatewayError.SHUTTING_DOWN, "The gateway is shutting down.");
                }
                yield json(READY);
            }
            default ->
                    throw new Rejection(
                            GatewayError.NOT_FOUND,
                            "Unknown path "
                                    + ApiRequests.shorten(path)
                                    + ". The gateway serves /v1/chat/completions, /v1/completions,"
                                    + " /v1/embeddings, /v1/messages and /v1/models, also below"
                                    + " /run/<run-id>.");
        };
    }

    /** A 200 JSON response with this body. */
    static FullHttpResponse json(byte[] body) {
        return response(body, HttpHeaderValues.APPLICATION_JSON.toString());
    }

    private static FullHttpResponse response(byte[] body, String contentType) {
        FullHttpResponse r =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
