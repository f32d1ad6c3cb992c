package dev.evalgate.gateway.route;

import dev.evalgate.gateway.config.AliasConfig;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.config.ProviderConfig;
import java.util.List;

/**
 * Picks the provider for a requested model: an alias first (which also renames the model sent
 * upstream), else the first provider, in declaration order, that lists the model by name or glob.
 */
public final class ModelRouter {

    private final GatewayConfig config;

    /** A router over the configured providers and aliases. */
    public ModelRouter(GatewayConfig config) {
        this.config = config;
    }

    /** Where a request goes, or null when no provider serves {@code model}. */
    public Target resolve(String model) {
        AliasConfig alias = config.aliases().get(model);
        if (alias != null) {
            return new Target(
                    config.providers().get(alias.provider()),
                    alias.model(),
                    null,
                    !alias.model().equals(model));
        }
        for (ProviderConfig p : config.providers().values()) {
            if (p.serves(model)) {
                return new Target(p, model, null, false);
            }
        }
        return null;
    }

    /** Patterns (globs included) every provider declares, for error messages. */
    public List<String> modelPatterns() {
        List<String> all = new java.util.ArrayList<>();
        config.providers().values().forEach(p -> all.addAll(p.models()));
        all.addAll(config.aliases().keySet());
        return all;
    }

    /**
     * Where a request goes.
     *
     * @param provider the provider to call
     * @param upstreamModel the model name the provider receives
     * @param tier the tier that chose it, or null
     * @param rewritesModel true when the body's {@code model} must be rewritten before going
     *     upstream
     */
    public record Target(
            ProviderConfig provider, String upstreamModel, String tier, boolean rewritesModel) {}
}
