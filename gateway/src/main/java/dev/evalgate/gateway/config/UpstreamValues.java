package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates what a provider adds to every upstream request: base URL, headers, query. */
final class UpstreamValues {

    private static final String URL = "an absolute http(s) URL";
    private static final Pattern USER_INFO = Pattern.compile("//[^/?#]*@");

    /** A header name (an RFC 9110 token). */
    static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** A header value: no control characters but tab. */
    static final Pattern HEADER_VALUE = Pattern.compile("[^\\x00-\\x08\\x0A-\\x1F\\x7F]*");

    private static final List<String> RESERVED_HEADERS =
            List.of(
                    "host",
                    "content-length",
                    "connection",
                    "transfer-encoding",
                    "authorization",
                    "x-api-key",
                    "api-key");

    private UpstreamValues() {}

    /** The required {@code base_url}, without a trailing {@code /}, or null after a problem. */
    static URI baseUrl(Fields f) {
        URI uri =
                HttpUrls.read(
                        f, "base_url", true, "use query: for parameters", "use api_key or headers");
        if (uri == null) {
            return null;
        }
        String trimmed = uri.toString();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return URI.create(trimmed);
    }

    /** The URL as shown in a problem: user info, query and fragment may hold credentials. */
    static String redact(String url) {
        return USER_INFO
                .matcher(url)
                .replaceFirst("//" + Problems.MASK + "@")
                .replaceFirst("\\?[^#]*", "?" + Problems.MASK)
                .replaceFirst("#.*", "#" + Problems.MASK);
    }

    /** The optional {@code headers} map; the gateway's own headers are refused. */
    static Map<String, String> headers(Fields f) {
        return headers(
                f,
                RESERVED_HEADERS,
                "set by the gateway (expected: none of "
                        + String.join(", ", RESERVED_HEADERS)
                        + "; use api_key and auth_header for the key)",
                Secrets::isSensitiveName);
    }

    /**
     * An optional {@code headers} map of names and string values: {@code reserved} names (lower
     * case) are refused with {@code reservedProblem}; values of names {@code secretName} accepts
     * are masked in problems.
     */
    static Map<String, String> headers(
            Fields f,
            List<String> reserved,
            String reservedProblem,
            java.util.function.Predicate<String> secretName) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        Fields all = Fields.anyKeys(f.get("headers"), f.path("headers"), f.problems(), "a mapping");
        for (Map.Entry<String, JsonNode> e : all.entries()) {
            String name = e.getKey();
            String at = all.path(name);
            String lower = name.toLowerCase(Locale.ROOT);
            boolean secret = secretName.test(name);
            if (!TOKEN.matcher(name).matches()) {
                f.problems()
                        .invalidText(
                                all.path(),
                                name,
                                "a header name of letters, digits and !#$%&'*+-.^_`|~");
            } else if (reserved.contains(lower)) {
                f.problems().add(at, reservedProblem);
            } else if (seen.containsKey(lower)) {
                f.problems()
                        .add(
                                at,
                                "duplicate of "
                                        + seen.get(lower)
                                        + " (expected: each header once; names ignore case)");
            }
            seen.putIfAbsent(lower, at);
            String value = stringValue(all, e.getValue(), at, secret);
            if (value != null && !HEADER_VALUE.matcher(value).matches()) {
                if (secret) {
                    f.problems()
                            .invalidSecret(at, e.getValue(), "a value without control characters");
                } else {
                    f.problems().invalid(at, e.getValue(), "a value without control characters");
                }
            } else if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    /** The optional {@code query} map of parameters appended to every upstream URL. */
    static Map<String, String> query(Fields f) {
        Map<String, String> query = new LinkedHashMap<>();
        Fields all = Fields.anyKeys(f.get("query"), f.path("query"), f.problems(), "a mapping");
        for (Map.Entry<String, JsonNode> e : all.entries()) {
            String name = e.getKey();
            if (name.isEmpty()) {
                f.problems().invalidText(all.path(), name, "a non-empty parameter name");
            }
            String at = all.path(name);
            String value = stringValue(all, e.getValue(), at, Secrets.isSensitiveName(name));
            if (value != null) {
                query.put(name, value);
            }
        }
        return query;
    }

    /** A string value, which may be empty ({@code ?flag=}), or null after a problem. */
    private static String stringValue(Fields f, JsonNode value, String at, boolean secret) {
        if (value.isTextual()) {
            return value.textValue();
        }
        return f.text(value, at, "a string", secret);
    }
}
