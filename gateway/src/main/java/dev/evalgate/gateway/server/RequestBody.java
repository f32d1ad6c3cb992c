package dev.evalgate.gateway.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;

/**
 * The few top-level fields of a request body the gateway needs before going upstream, read in one
 * streaming pass that also proves the body is well-formed JSON (no tree is built).
 *
 * @param model the top-level {@code model}, or null if absent
 * @param stream the top-level {@code stream}, false if absent
 * @param includeUsage {@code stream_options.include_usage}, false if absent
 * @param responseFormat {@code response_format.type}, or null
 * @param maxTokens the output bound ({@code max_tokens}, {@code max_completion_tokens} or {@code
 *     max_output_tokens}, the largest given), or -1 when absent
 */
record RequestBody(
        String model, boolean stream, boolean includeUsage, String responseFormat, long maxTokens) {

    /** Deepest nesting accepted; deeper bodies are refused as invalid, not parsed recursively. */
    static final int MAX_NESTING_DEPTH = 128;

    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_NESTING_DEPTH)
                                    .maxNumberLength(1000)
                                    .build())
                    .build();

    /** Thrown for a body that is not one JSON object with well-typed known fields. */
    static final class InvalidBodyException extends Exception {
        private final String param;

        InvalidBodyException(String message, String param) {
            super(message, null, false, false);
            this.param = param;
        }

        String param() {
            return param;
        }
    }

    /** Scans {@code body} without consuming it (reader index unchanged). */
    static RequestBody scan(ByteBuf body) throws InvalidBodyException {
        if (!body.isReadable()) {
            throw new InvalidBodyException(
                    "The request body is empty; expected a JSON object.", null);
        }
        String model = null;
        boolean stream = false;
        boolean includeUsage = false;
        String responseFormat = null;
        long maxTokens = -1;
        try (JsonParser p = open(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidBodyException("The request body must be a JSON object.", null);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new InvalidBodyException("'model' must be a string.", "model");
                    }
                    model = p.getText();
                } else if ("stream".equals(name)) {
                    if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                        stream = value == JsonToken.VALUE_TRUE;
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw new InvalidBodyException("'stream' must be a boolean.", "stream");
                    }
                } else if ("stream_options".equals(name) && value == JsonToken.START_OBJECT) {
                    includeUsage = booleanField(p, "include_usage");
                } else if ("response_format".equals(name) && value == JsonToken.START_OBJECT) {
                    responseFormat = stringField(p, "type");
                } else if (value == JsonToken.VALUE_NUMBER_INT
                        && (name.equals("max_tokens")
                                || name.equals("max_completion_tokens")
                                || name.equals("max_output_tokens"))) {
                    // Beyond a long: the largest bound if positive; zero, like any negative, if
                    // negative.
                    long n =
                            p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                    ? (p.getBigIntegerValue().signum() < 0 ? 0 : Long.MAX_VALUE)
                                    : p.getLongValue();
                    maxTokens = Math.max(maxTokens, Math.max(0, n));
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new InvalidBodyException(
                        "The request body must be exactly one JSON object.", null);
            }
        } catch (IOException e) {
            throw new InvalidBodyException(
                    "The request body is not valid JSON: " + describe(e) + ".", null);
        }
        return new RequestBody(model, stream, includeUsage, responseFormat, maxTokens);
    }

    /** True when the object the parser is on (its START_OBJECT) has {@code field: true}. */
    private static boolean booleanField(JsonParser p, String field) throws IOException {
        boolean found = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals(name) && value == JsonToken.VALUE_TRUE) {
                found = true;
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    /** The string {@code field} of the object the parser is on, or null. */
    private static String stringField(JsonParser p, String field) throws IOException {
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals(name) && value == JsonToken.VALUE_STRING) {
                found = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private static JsonParser open(ByteBuf body) throws IOException {
        if (body.hasArray()) {
            return JSON.createParser(
                    body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
        }
        return JSON.createParser((java.io.InputStream) new ByteBufInputStream(body.duplicate()));
    }

    /** The parser's message without the source excerpt (which could echo prompt text). */
    private static String describe(IOException e) {
        String msg = e.getMessage() == null ? "malformed" : e.getMessage();
        int cut = msg.indexOf('\n');
        msg = cut >= 0 ? msg.substring(0, cut) : msg;
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                && jpe.getLocation() != null) {
            msg = jpe.getOriginalMessage();
            int nl = msg.indexOf('\n');
            msg = nl >= 0 ? msg.substring(0, nl) : msg;
            msg +=
                    " at line "
                            + jpe.getLocation().getLineNr()
                            + ", column "
                            + jpe.getLocation().getColumnNr();
        }
        return msg.length() > 300 ? msg.substring(0, 300) + "…" : msg;
    }
}
