package dev.evalgate.gateway.sim;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A received request copied off its buffers, so it outlives them. */
record SimRequest(
        String method,
        String uri,
        String path,
        Map<String, String> headers,
        String body,
        boolean keepAlive) {

    /** Copies {@code request}; the caller still owns and releases it. */
    static SimRequest copyOf(FullHttpRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.headers()
                .forEach(
                        entry ->
                                headers.merge(
                                        entry.getKey().toLowerCase(Locale.ROOT),
                                        entry.getValue(),
                                        (a, b) -> a + ", " + b));
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        return new SimRequest(
                request.method().name(),
                uri,
                path,
                Map.copyOf(headers),
                request.content().toString(StandardCharsets.UTF_8),
                HttpUtil.isKeepAlive(request));
    }

    /** The value of header {@code lowerCaseName}, or {@code null}. */
    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    RecordedRequest toRecorded() {
        return new RecordedRequest(method, uri, headers, body);
    }
}
