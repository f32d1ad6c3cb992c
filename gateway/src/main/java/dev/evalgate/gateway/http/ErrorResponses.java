package dev.evalgate.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.evalgate.gateway.config.ProviderKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds the gateway's own error answers in the shape of the protocol the client speaks: OpenAI's
 * {@code {"error":{"message","type","param","code"}}} or Anthropic's {@code
 * {"type":"error","error":{"type","message"}}}.
 */
public final class ErrorResponses {

    private static final JsonFactory JSON = new JsonFactory();

    private ErrorResponses() {}

    /**
     * A complete error response.
     *
     * @param protocol the client's protocol (decides the body shape)
     * @param error what went wrong (decides status, type, code)
     * @param message a sentence for a human; never contains secrets or prompts
     * @param param the offending parameter, or null
     * @param requestId the gateway's request id, sent as {@code x-request-id}
     */
    public static FullHttpResponse of(
            ByteBufAllocator alloc,
            ProviderKind protocol,
            GatewayError error,
            String message,
            String param,
            String requestId) {
        ByteBuf body = alloc.buffer(128 + message.length());
        try (JsonGenerator g =
                JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(body))) {
            g.writeStartObject();
            if (protocol == ProviderKind.ANTHROPIC) {
                g.writeStringField("type", "error");
                g.writeObjectFieldStart("error");
                g.writeStringField("type", error.type());
                g.writeStringField("message", message);
                g.writeEndObject();
            } else {
                g.writeObjectFieldStart("error");
                g.writeStringField("message", message);
                g.writeStringField("type", error.type());
                g.writeStringField("param", param);
                g.writeStringField("code", error.code());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            body.release();
            throw new UncheckedIOException(e);
        }
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(GatewayHeaders.REQUEST_ID, requestId);
        return response;
    }
}
