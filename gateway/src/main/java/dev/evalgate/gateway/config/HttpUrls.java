package dev.evalgate.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Validates the absolute http(s) URLs of the config: base URLs, health checks, webhooks. */
final class HttpUrls {

    static final String URL = "an absolute http(s) URL";

    private HttpUrls() {}

    /**
     * The URL at {@code key}, or null after recording a problem (or when absent and not required).
     * A query is allowed (it may carry a token, so a rejected URL is shown redacted); user info and
     * fragments are not.
     */
    static URI read(Fields f, String key, boolean required) {
        return read(f, key, required, null, "use headers");
    }

    /**
     * {@link #read(Fields, String, boolean)} with the rules that differ by field: {@code queryHint}
     * non-null refuses a query and says what to use instead; {@code userInfoHint} says what to use
     * instead of user info.
     */
    static URI read(Fields f, String key, boolean required, String queryHint, String userInfoHint) {
        String text = required ? f.requiredString(key, URL) : f.string(key, null);
        if (text == null) {
            return null;
        }
        String at = f.path(key);
        String shown = UpstreamValues.redact(text);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            f.problems().invalidText(at, shown, URL);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.isOpaque()) {
            f.problems().invalidText(at, shown, URL);
        } else if (uri.getRawUserInfo() != null) {
            f.problems().invalidText(at, shown, URL + " without user info; " + userInfoHint);
        } else if (uri.getHost() == null) {
            f.problems().invalidText(at, shown, URL + " with a host");
        } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
            f.problems().invalidText(at, shown, URL + " with a port in 1..65535");
        } else if (queryHint != null && uri.getRawQuery() != null) {
            f.problems().invalidText(at, shown, URL + " without a query; " + queryHint);
        } else if (uri.getRawFragment() != null) {
            f.problems().invalidText(at, shown, URL + " without a fragment");
        } else {
            return uri;
        }
        return null;
    }
}
