package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a substituted YAML tree against the schema and binds it to {@link GatewayConfig}. Every
 * problem is recorded; the config is returned only when there is none.
 */
final class ConfigBinder {

    private static final List<String> ROOT_KEYS =
            List.of(
                    "server",
                    "providers",
                    "aliases",
                    "auth",
                    "cache",
                    "tiers",
                    "routes",
                    "pricing",
                    "budgets");
    private static final List<String> SERVER_KEYS =
            List.of(
                    "host",
                    "port",
                    "max_body_bytes",
                    "drain_timeout",
                    "io_threads",
                    "request_read_timeout",
                    "idle_timeout");
    private static final List<String> ALIAS_KEYS = List.of("provider", "model");
    private static final List<String> AUTH_KEYS = List.of("keys");
    private static final List<String> KEY_KEYS = List.of("tenant", "sha256");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final String SHA256_FORMAT =
            "sha256: then 64 lowercase hex digits, the SHA-256 of the key";

    private final Problems problems;

    ConfigBinder(Problems problems) {
        this.problems = problems;
    }

    /** The config, or null when a problem was recorded (now or before this call). */
    GatewayConfig bind(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            problems.add(Problems.ROOT, "empty (expected: a mapping with at least providers)");
            return null;
        }
        Fields doc =
                Fields.of(
                        root,
                        Problems.ROOT,
                        problems,
                        "a mapping of " + String.join(", ", ROOT_KEYS),
                        ROOT_KEYS);
        ServerConfig server = server(doc.get("server"));
        ProviderBinder providers = new ProviderBinder(problems);
        Map<String, ProviderConfig> providerConfigs =
                providers.bind(doc.get("providers"), doc.has("providers"));
        Map<String, AliasConfig> aliases = aliases(doc.get("aliases"), providers);
        AuthConfig auth = auth(doc.get("auth"));
        CacheConfig cache = new CacheBinder(problems).bind(doc.get("cache"));
        RouteBinder routing = new RouteBinder(problems, providers.declared());
        Map<String, TierConfig> tiers = routing.tiers(doc.get("tiers"));
        List<RouteConfig> routes = routing.routes(doc.get("routes"));
        PricingBinder pricing = new PricingBinder(problems);
        PricingConfig pricingConfig = pricing.bind(doc.get("pricing"));
        checkPriceAs(providerConfigs, pricing);
        BudgetConfig budgets = new BudgetBinder(problems, tiers.keySet()).bind(doc.get("budgets"));
        if (!problems.isEmpty()) {
            return null;
        }
        checkEmbedders(routes, providerConfigs, aliases);
        if (!problems.isEmpty()) {
            return null;
        }
        return new GatewayConfig(
                server,
                providerConfigs,
                aliases,
                auth,
                cache,
                tiers,
                routes,
                pricingConfig,
                budgets);
    }

    /** A provider's {@code price_as} must name a provider the prices in use know. */
    private void checkPriceAs(Map<String, ProviderConfig> providers, PricingBinder pricing) {
        for (ProviderConfig p : providers.values()) {
            if (p.priceAs() != null && !pricing.prices(p.priceAs())) {
                problems.invalidText(
                        Problems.child(Problems.child("providers", p.name()), "price_as"),
                        p.priceAs(),
                        "a provider the price catalog or pricing.models prices: "
                                + pricing.pricedProviders());
            }
        }
    }

    /**
     * A semantic tier's gateway embedder must name a model something here may serve: an alias, a
     * provider's models, or a route's {@code match.model} (a route without one may match any model,
     * so it counts too). Called only without earlier problems, so route indexes are exact.
     */
    private void checkEmbedders(
            List<RouteConfig> routes,
            Map<String, ProviderConfig> providers,
            Map<String, AliasConfig> aliases) {
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig.Semantic semantic = routes.get(i).semantic();
            String model = semantic == null ? null : semantic.gatewayModel();
            if (model == null
                    || aliases.containsKey(model)
                    || providers.values().stream().anyMatch(p -> p.serves(model))
                    || routes.stream().anyMatch(r -> mayMatch(r.match().models(), model))) {
                continue;
            }
            problems.invalidText(
                    Problems.index("routes", i) + ".cache.semantic.embedder.model",
                    model,
                    "a model this gateway serves: an alias, one of a provider's models or a"
                            + " route's match.model");
        }
    }

    private static boolean mayMatch(List<String> patterns, String model) {
        return patterns.isEmpty()
                || patterns.stream().anyMatch(p -> ModelPattern.matches(p, model));
    }

    private ServerConfig server(JsonNode node) {
        ServerConfig d = ServerConfig.defaults();
        Fields f = Fields.of(node, "server", problems, "a mapping", SERVER_KEYS);
        String host = f.string("host", d.host());
        int port = f.integer("port", 0, 65535, d.port());
        long maxBody = f.size("max_body_bytes", 1L << 10, 1L << 30, d.maxBodyBytes());
        Duration drain = f.duration("drain_timeout", d.drainTimeout());
        int ioThreads = f.integer("io_threads", 0, 256, d.ioThreads());
        Duration read = f.duration("request_read_timeout", d.requestReadTimeout());
        Duration idle = f.duration("idle_timeout", d.idleTimeout());
        return new ServerConfig(host, port, maxBody, drain, ioThreads, read, idle);
    }

    private Map<String, AliasConfig> aliases(JsonNode node, ProviderBinder providers) {
        Map<String, AliasConfig> aliases = new LinkedHashMap<>();
        Fields all = Fields.anyKeys(node, "aliases", problems, "a mapping of model names");
        for (Map.Entry<String, JsonNode> e : all.entries()) {
            String name = e.getKey();
            String at = all.path(name);
            if (name.isEmpty()) {
                problems.invalidText("aliases", name, "a non-empty model name");
            }
            String owner = providers.exactModelOwner(name);
            if (owner != null) {
                problems.add(
                        at,
                        "ambiguous (expected: a name not in "
                                + Problems.child(Problems.child("providers", owner), "models")
                                + ")");
            }
            Fields f =
                    Fields.of(
                            e.getValue(), at, problems, "a mapping of provider, model", ALIAS_KEYS);
            String provider = f.requiredString("provider", "a declared provider");
            if (provider != null && !providers.declared().contains(provider)) {
                problems.invalidText(
                        f.path("provider"),
                        provider,
                        providers.declared().isEmpty()
                                ? "a declared provider"
                                : "one of " + String.join(", ", providers.declared()));
            }
            String model = f.requiredString("model", "a non-empty upstream model name");
            aliases.put(name, new AliasConfig(provider, model));
        }
        return aliases;
    }

    private AuthConfig auth(JsonNode node) {
        Fields f = Fields.of(node, "auth", problems, "a mapping", AUTH_KEYS);
        JsonNode keys = f.get("keys");
        if (keys == null || keys.isNull()) {
            return AuthConfig.passthrough();
        }
        if (!keys.isArray()) {
            problems.invalid(f.path("keys"), keys, "a list of {tenant, sha256}");
            return AuthConfig.passthrough();
        }
        List<AuthConfig.GatewayKey> result = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String at = Problems.index(f.path("keys"), i);
            Fields k =
                    Fields.of(keys.get(i), at, problems, "a mapping of tenant, sha256", KEY_KEYS);
            String tenant = k.requiredString("tenant", "letters, digits, _ . -");
            if (tenant != null && !TENANT.matcher(tenant).matches()) {
                problems.invalidText(k.path("tenant"), tenant, "letters, digits, _ . -");
            }
            String hash = null;
            if (!k.has("sha256")) {
                problems.missing(k.path("sha256"), SHA256_FORMAT);
            } else {
                hash = k.text(k.get("sha256"), k.path("sha256"), SHA256_FORMAT, true);
            }
            if (hash != null && !SHA256.matcher(hash).matches()) {
                problems.invalidSecret(k.path("sha256"), k.get("sha256"), SHA256_FORMAT);
                hash = null;
            }
            if (hash != null && seen.containsKey(hash)) {
                problems.add(
                        k.path("sha256"),
                        "duplicate of "
                                + seen.get(hash)
                                + " (expected: a different key for every entry)");
            } else if (hash != null) {
                seen.put(hash, k.path("sha256"));
            }
            if (tenant != null && hash != null) {
                result.add(new AuthConfig.GatewayKey(tenant, hash.substring("sha256:".length())));
            }
        }
        return new AuthConfig(result);
    }
}
