package dev.evalgate.gateway.sim;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as the simulator received it, so tests can check what the gateway sent upstream.
 *
 * @param method the HTTP method
 * @param uri the request target, query string included
 * @param headers the headers by lower-case name; repeated headers joined with {@code ", "}
 * @param body the body decoded as UTF-8, empty if none
 */
public record RecordedRequest(String method, String uri, Map<String, String> headers, String body) {

    /** Copies the headers so the record never changes. */
    public RecordedRequest {
        headers = Collections.unmodifiableMap(new TreeMap<>(headers));
    }

    /** The value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
