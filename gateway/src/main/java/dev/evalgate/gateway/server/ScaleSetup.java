package dev.evalgate.gateway.server;

import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.scale.ScaleToZeroConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** What scale to zero takes from the providers' config: their sections and probe headers. */
final class ScaleSetup {

    private ScaleSetup() {}

    /** The {@code scale_to_zero} sections by provider name, in declaration order. */
    static Map<String, ScaleToZeroConfig> sections(GatewayConfig config) {
        Map<String, ScaleToZeroConfig> sections = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            if (p.scaleToZero() != null) {
                sections.put(p.name(), p.scaleToZero());
            }
        }
        return sections;
    }

    /**
     * The headers of each provider's health probes: its {@code api_key} (as its {@code auth_header}
     * carries it) and {@code headers}, as every upstream request gets them, but only when the
     * health URL is on the provider's own scheme, host and port: a server started with an API key
     * answers its models list only to a request that has it, and a key is never sent to another
     * host.
     */
    static Map<String, Map<String, String>> healthHeaders(GatewayConfig config) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            if (p.scaleToZero() != null && sameOrigin(p.baseUrl(), p.scaleToZero().healthUrl())) {
                Map<String, String> h = new LinkedHashMap<>();
                if (p.apiKey() != null) {
                    h.put(
                            p.authHeader(),
                            "authorization".equals(p.authHeader())
                                    ? "Bearer " + p.apiKey()
                                    : p.apiKey());
                }
                h.putAll(p.headers());
                all.put(p.name(), h);
            }
        }
        return all;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() > 0) {
            return u.getPort();
        }
        return Objects.equals(u.getScheme().toLowerCase(Locale.ROOT), "https") ? 443 : 80;
    }
}
