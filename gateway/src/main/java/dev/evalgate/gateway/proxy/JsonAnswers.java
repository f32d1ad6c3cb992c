package dev.evalgate.gateway.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;

/**
 * Whether a plain 2xx answer is what an LLM API answers: one JSON object or array under a JSON
 * content type. Anything else (a proxy's HTML page, a body cut short under a matching length, bytes
 * that do not parse) is relayed nowhere as a success and never cached.
 */
public final class JsonAnswers {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonAnswers() {}

    /**
     * Why {@code body} under {@code contentType} is not a JSON answer, in words for an error
     * message (never its content), or null when it is one.
     *
     * @param contentType the answer's {@code content-type}, or null when it sent none
     */
    public static String problem(String contentType, byte[] body) {
        if (contentType != null && !isJsonType(contentType)) {
            return "content-type " + mediaType(contentType) + " instead of JSON";
        }
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                return "a body that is not valid JSON";
            }
            parser.skipChildren();
            return parser.nextToken() == null ? null : "a body that is not valid JSON";
        } catch (IOException e) {
            return "a body that is not valid JSON";
        }
    }

    /** True for {@code application/json} and {@code application/*+json}, any parameters. */
    static boolean isJsonType(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/json")
                || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
