package dev.evalgate.gateway.config;

import java.util.List;
import java.util.Map;

/**
 * The gateway's whole configuration, validated and immutable. Built by {@link ConfigLoader} from
 * one YAML file (or the embedded default); never changed after start.
 *
 * @param server listener settings
 * @param providers upstream providers by name, in declaration order
 * @param aliases public model names mapped to a provider and its upstream model, in order
 * @param auth gateway keys; empty means passthrough mode
 * @param cache the eval cache
 * @param tiers named model classes routes send to
 * @param routes routing rules, first match wins
 * @param pricing how calls are priced and spend is kept
 * @param budgets spend limits
 */
public record GatewayConfig(
        ServerConfig server,
        Map<String, ProviderConfig> providers,
        Map<String, AliasConfig> aliases,
        AuthConfig auth,
        CacheConfig cache,
        Map<String, TierConfig> tiers,
        List<RouteConfig> routes,
        PricingConfig pricing,
        BudgetConfig budgets) {

    /** Creates the config; the maps keep their iteration order. */
    public GatewayConfig {
        providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
        aliases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(aliases));
        tiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tiers));
        routes = List.copyOf(routes);
    }

    /** A copy with other listener settings (the CLI's {@code --port}, tests, the demo). */
    public GatewayConfig withServer(ServerConfig newServer) {
        return new GatewayConfig(
                newServer, providers, aliases, auth, cache, tiers, routes, pricing, budgets);
    }

    /** A copy with other cache settings. */
    public GatewayConfig withCache(CacheConfig newCache) {
        return new GatewayConfig(
                server, providers, aliases, auth, newCache, tiers, routes, pricing, budgets);
    }

    /** True when no gateway keys are configured: clients' own credentials go upstream. */
    public boolean passthrough() {
        return auth.keys().isEmpty();
    }
}
