package dev.evalgate.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.http.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Builds the request sent to a provider from the client's request. */
public final class UpstreamRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UpstreamRequests() {}

    /**
     * The upstream request: the provider's base path plus the endpoint, the client's query
     * parameters plus the provider's, the client's forwardable headers, the provider's credential
     * (unless the client's own goes through) and extra headers, and {@code body} unchanged.
     *
     * @param body the request body; ownership passes to the returned request
     * @param passthrough true when the client's credential goes upstream
     */
    public static FullHttpRequest build(
            ProviderConfig provider,
            Endpoint endpoint,
            String clientUri,
            HttpHeaders clientHeaders,
            ByteBuf body,
            boolean passthrough) {
        FullHttpRequest out =
                new DefaultFullHttpRequest(
                        HttpVersion.HTTP_1_1,
                        HttpMethod.POST,
                        uri(provider, endpoint, clientUri),
                        body);
        HttpHeaders h = out.headers();
        boolean clientCredential = passthrough && hasCredential(clientHeaders);
        HeaderPolicy.copyRequestHeaders(clientHeaders, h, clientCredential);
        h.set(HttpHeaderNames.HOST, hostHeader(provider));
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        h.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
        if (!h.contains(HttpHeaderNames.CONTENT_TYPE)) {
            h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        if (!clientCredential && provider.apiKey() != null) {
            String header = provider.authHeader();
            h.set(
                    header,
                    "authorization".equals(header)
                            ? "Bearer " + provider.apiKey()
                            : provider.apiKey());
        }
        for (Map.Entry<String, String> e : provider.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        return out;
    }

    /** A copy of {@code body} with its top-level {@code model} replaced (alias routing). */
    public static ByteBuf rewriteModel(ByteBufAllocator alloc, ByteBuf body, String model)
            throws IOException {
        ObjectNode tree =
                (ObjectNode)
                        JSON.readTree(
                                (java.io.InputStream) new ByteBufInputStream(body.duplicate()));
        tree.put("model", model);
        ByteBuf out = alloc.buffer(body.readableBytes() + model.length());
        try (ByteBufOutputStream os = new ByteBufOutputStream(out)) {
            JSON.writeValue((java.io.OutputStream) os, tree);
        } catch (IOException | RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    private static boolean hasCredential(HttpHeaders headers) {
        for (String name : HeaderPolicy.CREDENTIALS) {
            if (headers.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static String uri(ProviderConfig provider, Endpoint endpoint, String clientUri) {
        String path = provider.baseUrl().getRawPath();
        if (path == null) {
            path = "";
        }
        QueryStringEncoder enc = new QueryStringEncoder(path + endpoint.path());
        Map<String, List<String>> clientParams = new QueryStringDecoder(clientUri).parameters();
        for (Map.Entry<String, List<String>> p : clientParams.entrySet()) {
            if (!provider.query().containsKey(p.getKey())) {
                for (String v : p.getValue()) {
                    enc.addParam(p.getKey(), v);
                }
            }
        }
        for (Map.Entry<String, String> q : provider.query().entrySet()) {
            enc.addParam(q.getKey(), q.getValue());
        }
        return enc.toString();
    }

    private static String hostHeader(ProviderConfig provider) {
        String host = provider.baseUrl().getHost();
        int port = provider.baseUrl().getPort();
        return port > 0 ? host + ":" + port : host;
    }
}
