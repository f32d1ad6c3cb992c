package dev.evalgate.gateway.route;

import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.config.ModelPattern;
import dev.evalgate.gateway.config.RouteConfig;
import dev.evalgate.gateway.config.TierConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides where a request goes: the first configured route whose match holds sends it to its target
 * (then its fallbacks); a request no route matches goes to the model it asked for (through an alias
 * if there is one), unchanged.
 */
public final class RouteTable {

    /** {@code X-Eval-Route} of requests no route matched. */
    public static final String DIRECT = "direct";

    private final GatewayConfig config;
    private final ModelRouter models;

    /** A table over the configured routes and models. */
    public RouteTable(GatewayConfig config) {
        this.config = config;
        this.models = new ModelRouter(config);
    }

    /**
     * What a request looks like to the routes.
     *
     * @param model the requested model
     * @param check {@code X-Eval-Check}, or null
     * @param pipeline {@code X-Eval-Pipeline}, or null
     * @param endpoint e.g. {@code chat/completions}
     * @param responseFormat {@code response_format.type}, or null
     */
    public record Request(
            String model, String check, String pipeline, String endpoint, String responseFormat) {}

    /**
     * A routing decision.
     *
     * @param route the route's name, or {@value #DIRECT}
     * @param targets the target, then its fallbacks
     * @param attempts tries per target
     * @param shadow the route's shadow, or null
     * @param semantic the route's semantic cache tier, or null when it has none
     */
    public record Decision(
            String route,
            List<ModelRouter.Target> targets,
            int attempts,
            RouteConfig.Shadow shadow,
            RouteConfig.Semantic semantic) {
        /** The first target. */
        public ModelRouter.Target primary() {
            return targets.get(0);
        }
    }

    /** The decision, or null when no route matches and no provider serves the model. */
    public Decision resolve(Request r) {
        for (RouteConfig route : config.routes()) {
            if (matches(route.match(), r)) {
                List<ModelRouter.Target> targets = new ArrayList<>();
                targets.add(target(route.target(), r.model()));
                for (RouteConfig.Target t : route.fallbacks()) {
                    targets.add(target(t, r.model()));
                }
                return new Decision(
                        route.name(),
                        List.copyOf(targets),
                        route.attempts(),
                        route.shadow(),
                        route.semantic());
            }
        }
        ModelRouter.Target direct = models.resolve(r.model());
        return direct == null ? null : new Decision(DIRECT, List.of(direct), 1, null, null);
    }

    /**
     * A shadow call's decision: the route the request matches (for attribution), with the given
     * tier as its only target, no retries and no shadow of its own. Null when the tier is not
     * declared. Only requests sent with {@code X-Eval-Traffic: shadow} get here.
     */
    public Decision resolveShadow(Request r, String tier) {
        TierConfig t = config.tiers().get(tier);
        if (t == null) {
            return null;
        }
        Decision normal = resolve(r);
        String route = normal == null ? DIRECT : normal.route();
        ModelRouter.Target target =
                target(new RouteConfig.Target(t.name(), t.provider(), t.model()), r.model());
        return new Decision(route, List.of(target), 1, null, null);
    }

    /** The target of a declared tier for a request that asked for {@code requested}; or null. */
    public ModelRouter.Target tierTarget(String tier, String requested) {
        TierConfig t = config.tiers().get(tier);
        return t == null
                ? null
                : target(new RouteConfig.Target(t.name(), t.provider(), t.model()), requested);
    }

    /** The public model names, for {@code GET /v1/models} and error messages. */
    public List<String> modelPatterns() {
        return models.modelPatterns();
    }

    private ModelRouter.Target target(RouteConfig.Target t, String requested) {
        return new ModelRouter.Target(
                config.providers().get(t.provider()),
                t.model(),
                t.tier(),
                !t.model().equals(requested));
    }

    static boolean matches(RouteConfig.Match m, Request r) {
        return anyEqual(m.checks(), r.check())
                && anyGlob(m.models(), r.model())
                && anyGlob(m.pipelines(), r.pipeline())
                && anyEqual(m.endpoints(), r.endpoint())
                && anyEqual(m.responseFormats(), r.responseFormat());
    }

    private static boolean anyEqual(List<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }

    private static boolean anyGlob(List<String> patterns, String value) {
        if (patterns.isEmpty()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        for (String p : patterns) {
            if (ModelPattern.matches(p, value)) {
                return true;
            }
        }
        return false;
    }
}
