package dev.evalgate.gateway.server;

import dev.evalgate.gateway.http.Endpoint;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * A parsed request target: {@code [/run/<run-id>]/v1/<endpoint>} or an admin path.
 *
 * @param raw the path without query string
 * @param runId the run id from a {@code /run/<id>} prefix, or null
 * @param endpoint the API endpoint, or null for a non-API path
 * @param invalidRunId true when the path had a {@code /run/} prefix with an unusable id
 * @param invalidQuery true when the query string is not valid percent-encoded UTF-8 (it is decoded
 *     again to forward it upstream, where a failure would be too late to answer cleanly)
 */
record RequestPath(
        String raw, String runId, Endpoint endpoint, boolean invalidRunId, boolean invalidQuery) {

    private static final String RUN_PREFIX = "/run/";
    private static final String API_PREFIX = "/v1";

    /** Longest accepted run id. */
    static final int MAX_RUN_ID_LENGTH = 128;

    static RequestPath parse(String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        String path = decoder.rawPath();
        boolean invalidQuery = false;
        try {
            decoder.parameters();
        } catch (IllegalArgumentException e) {
            invalidQuery = true;
        }
        String rest = path;
        String runId = null;
        if (path.startsWith(RUN_PREFIX)) {
            int slash = path.indexOf('/', RUN_PREFIX.length());
            String id =
                    slash < 0
                            ? path.substring(RUN_PREFIX.length())
                            : path.substring(RUN_PREFIX.length(), slash);
            if (!validRunId(id)) {
                return new RequestPath(path, null, null, true, invalidQuery);
            }
            runId = id;
            rest = slash < 0 ? "" : path.substring(slash);
        }
        Endpoint endpoint = null;
        if (rest.startsWith(API_PREFIX + "/")) {
            endpoint = Endpoint.forPath(rest.substring(API_PREFIX.length()));
        }
        return new RequestPath(path, runId, endpoint, false, invalidQuery);
    }

    /**
     * Run ids are 1..128 characters of {@code [A-Za-z0-9._:-]}, not {@code .} or {@code ..}: they
     * appear in reports and admin URLs, so nothing that could traverse or inject passes.
     */
    static boolean validRunId(String id) {
        return !id.equals(".") && !id.equals("..") && onlyLabelChars(id, MAX_RUN_ID_LENGTH, "._:-");
    }

    /**
     * True when {@code value} is 1 to {@code max} characters of {@code A-Z a-z 0-9} and {@code
     * extra}: the alphabet of every id the gateway takes from a client (run ids, pipelines,
     * checks).
     */
    static boolean onlyLabelChars(String value, int max, String extra) {
        if (value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || extra.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
