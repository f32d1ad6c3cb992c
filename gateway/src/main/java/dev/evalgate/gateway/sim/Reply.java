package dev.evalgate.gateway.sim;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What to answer: a status and either a whole JSON body or the events of a stream. */
final class Reply {
    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final HttpResponseStatus status;
    private final byte[] body;
    private final List<String> events;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String contentType;

    private Reply(HttpResponseStatus status, byte[] body, List<String> events) {
        this.status = status;
        this.body = body;
        this.events = events;
    }

    static Reply json(HttpResponseStatus status, byte[] body) {
        return new Reply(status, body, null);
    }

    static Reply ok(Object json) {
        return json(HttpResponseStatus.OK, Json.bytes(json));
    }

    /** A stream of already formatted SSE events, each ending in a blank line. */
    static Reply stream(List<String> events) {
        return new Reply(HttpResponseStatus.OK, null, List.copyOf(events));
    }

    static Reply error(SimError error, Protocol protocol, String message, String param) {
        return json(error.status(), error.body(protocol, message, param));
    }

    /** This reply under another content type than its shape implies. */
    Reply contentType(String type) {
        contentType = type;
        return this;
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    HttpResponseStatus status() {
        return status;
    }

    boolean isStream() {
        return events != null;
    }

    byte[] body() {
        return body;
    }

    List<String> events() {
        return events;
    }

    String contentType() {
        if (contentType != null) {
            return contentType;
        }
        return isStream() ? EVENT_STREAM : JSON;
    }

    Map<String, String> headers() {
        return headers;
    }
}
