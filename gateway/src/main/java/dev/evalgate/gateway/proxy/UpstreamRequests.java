package dev.evalgate.gateway.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.http.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds the request sent to a provider from the client's request. */
public final class UpstreamRequests {

    /** Reads bodies the gateway has already scanned and validated. */
    private static final JsonFactory JSON = new JsonFactory();

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

    /**
     * A copy of {@code body} with the value of its top-level {@code model} replaced (alias
     * routing), or the member added first when there is none. Every other byte is copied as is: a
     * tree round trip would round {@code 0.70000000000000001} to {@code 0.7}, turn {@code 1e400}
     * into the string {@code "Infinity"} and an unpaired surrogate escape into {@code "?"},
     * changing both the request and its cache key.
     *
     * @throws IOException if {@code body} is not a JSON object, or its {@code model} is not a
     *     string
     */
    public static ByteBuf rewriteModel(ByteBufAllocator alloc, ByteBuf body, String model)
            throws IOException {
        byte[] json = ByteBufUtil.getBytes(body);
        int from;
        int to;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the body is not a JSON object");
            }
            from = (int) p.currentTokenLocation().getByteOffset() + 1;
            to = -1;
            while (to < 0 && p.nextToken() == JsonToken.FIELD_NAME) {
                boolean isModel = "model".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (isModel && value != JsonToken.VALUE_STRING) {
                    throw new IOException("'model' is not a string");
                }
                if (isModel) {
                    from = (int) p.currentTokenLocation().getByteOffset();
                    p.finishToken();
                    to = (int) p.currentLocation().getByteOffset();
                } else {
                    p.skipChildren();
                }
            }
        }
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(model);
        ByteBuf out = alloc.buffer(json.length + quoted.length + 12);
        out.writeBytes(json, 0, from);
        if (to < 0) {
            out.writeCharSequence("\"model\":", StandardCharsets.US_ASCII);
        }
        out.writeByte('"').writeBytes(quoted).writeByte('"');
        if (to < 0) {
            boolean empty = json[nextNonSpace(json, from)] == '}';
            out.writeCharSequence(empty ? "" : ",", StandardCharsets.US_ASCII);
            to = from;
        }
        return out.writeBytes(json, to, json.length - to);
    }

    private static int nextNonSpace(byte[] json, int from) {
        int i = from;
        while (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r') {
            i++;
        }
        return i;
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
