package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates and binds {@code tiers:} and {@code routes:}. */
final class RouteBinder {

    private static final List<String> TIER_KEYS = List.of("provider", "model");
    private static final List<String> ROUTE_KEYS =
            List.of("name", "match", "target", "fallbacks", "attempts", "shadow", "cache");
    private static final List<String> ROUTE_CACHE_KEYS = List.of("semantic");
    private static final List<String> SEMANTIC_KEYS = List.of("threshold", "embedder", "max_chars");
    private static final List<String> EMBEDDER_KEYS = List.of("model");
    private static final String EMBEDDER_FORMAT =
            "local (the in-process all-MiniLM-L6-v2) or {model: <an embeddings model this gateway"
                    + " serves>}";
    private static final List<String> SHADOW_KEYS =
            List.of("tier", "rate", "comparator", "verdict_regex");

    /** The comparators a route's shadow may name. */
    static final List<String> COMPARATORS =
            List.of("exact", "json-equal", "json-valid-both", "normalized-text", "verdict");

    private static final List<String> MATCH_KEYS =
            List.of("check", "model", "pipeline", "endpoint", "response_format");
    private static final List<String> TARGET_KEYS = List.of("tier", "provider", "model");
    private static final List<String> ENDPOINTS =
            List.of("chat/completions", "completions", "embeddings", "messages");
    private static final List<String> RESPONSE_FORMATS =
            List.of("text", "json_object", "json_schema");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String TARGET_FORMAT =
            "{tier: <tier>} or {provider: <provider>, model: <model>}";

    private final Problems problems;
    private final Set<String> providers;
    private final Map<String, TierConfig> tiers = new LinkedHashMap<>();

    RouteBinder(Problems problems, Set<String> providers) {
        this.problems = problems;
        this.providers = providers;
    }

    Map<String, TierConfig> tiers(JsonNode node) {
        Fields all = Fields.anyKeys(node, "tiers", problems, "a mapping of tier names");
        for (Map.Entry<String, JsonNode> e : all.entries()) {
            String name = e.getKey();
            String at = all.path(name);
            if (!NAME.matcher(name).matches()) {
                problems.invalidText("tiers", name, "a name of letters, digits, _ . -");
            }
            Fields f =
                    Fields.of(
                            e.getValue(), at, problems, "a mapping of provider, model", TIER_KEYS);
            String provider = provider(f);
            String model = f.requiredString("model", "a non-empty upstream model name");
            tiers.put(name, new TierConfig(name, provider, model));
        }
        return tiers;
    }

    List<RouteConfig> routes(JsonNode node) {
        List<RouteConfig> routes = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return routes;
        }
        if (!node.isArray()) {
            problems.invalid("routes", node, "a list of routes");
            return routes;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = Problems.index("routes", i);
            Fields f =
                    Fields.of(
                            node.get(i),
                            at,
                            problems,
                            "a mapping of " + String.join(", ", ROUTE_KEYS),
                            ROUTE_KEYS);
            String name = f.requiredString("name", "a route name");
            if (name != null && !NAME.matcher(name).matches()) {
                problems.invalidText(f.path("name"), name, "letters, digits, _ . - (at most 64)");
            } else if (name != null && !names.add(name)) {
                problems.add(
                        f.path("name"),
                        "duplicate route name \"" + name + "\" (expected: unique names)");
            }
            RouteConfig.Match match = match(f.get("match"), f.path("match"));
            RouteConfig.Target target = null;
            if (!f.has("target")) {
                problems.missing(f.path("target"), TARGET_FORMAT);
            } else {
                target = target(f.get("target"), f.path("target"));
            }
            List<RouteConfig.Target> fallbacks = new ArrayList<>();
            JsonNode fb = f.get("fallbacks");
            if (fb != null && !fb.isNull()) {
                if (!fb.isArray()) {
                    problems.invalid(f.path("fallbacks"), fb, "a list of " + TARGET_FORMAT);
                } else {
                    for (int j = 0; j < fb.size(); j++) {
                        RouteConfig.Target t =
                                target(fb.get(j), Problems.index(f.path("fallbacks"), j));
                        if (t != null) {
                            fallbacks.add(t);
                        }
                    }
                }
            }
            int attempts = f.integer("attempts", 1, 10, 1);
            RouteConfig.Shadow shadow = null;
            JsonNode sh = f.get("shadow");
            if (sh != null && !sh.isNull()) {
                shadow = shadow(sh, f.path("shadow"));
            }
            RouteConfig.Semantic semantic = null;
            JsonNode cache = f.get("cache");
            if (cache != null && !cache.isNull()) {
                semantic = semantic(cache, f.path("cache"));
            }
            if (name != null && target != null) {
                routes.add(
                        new RouteConfig(
                                name, match, target, fallbacks, attempts, shadow, semantic));
            }
        }
        return routes;
    }

    /** A route's {@code cache:} block; its semantic tier or null. */
    private RouteConfig.Semantic semantic(JsonNode node, String at) {
        Fields cache = Fields.of(node, at, problems, "a mapping of semantic", ROUTE_CACHE_KEYS);
        JsonNode sem = cache.get("semantic");
        if (sem == null || sem.isNull() || (sem.isBoolean() && !sem.booleanValue())) {
            return null;
        }
        String semAt = cache.path("semantic");
        if (sem.isBoolean()) {
            return new RouteConfig.Semantic(
                    RouteConfig.Semantic.DEFAULT_THRESHOLD,
                    RouteConfig.Semantic.LOCAL,
                    RouteConfig.Semantic.DEFAULT_MAX_CHARS);
        }
        Fields f =
                Fields.of(
                        sem,
                        semAt,
                        problems,
                        "true, false or a mapping of " + String.join(", ", SEMANTIC_KEYS),
                        SEMANTIC_KEYS);
        double threshold = RouteConfig.Semantic.DEFAULT_THRESHOLD;
        JsonNode t = f.get("threshold");
        if (t != null) {
            if (!t.isNumber() || t.doubleValue() < 0.5 || t.doubleValue() > 1.0) {
                problems.invalid(f.path("threshold"), t, "a cosine similarity in 0.5..1.0");
            } else {
                threshold = t.doubleValue();
            }
        }
        String embedder = embedder(f.get("embedder"), f.path("embedder"));
        int maxChars = f.integer("max_chars", 1, 100_000, RouteConfig.Semantic.DEFAULT_MAX_CHARS);
        return new RouteConfig.Semantic(threshold, embedder, maxChars);
    }

    /**
     * A semantic tier's {@code embedder}: {@code local} (also when absent) or {@code {model: M}},
     * bound as {@link RouteConfig.Semantic#gateway}; {@code local} stands in after a problem.
     */
    private String embedder(JsonNode node, String at) {
        if (node == null
                || (node.isTextual() && node.textValue().equals(RouteConfig.Semantic.LOCAL))) {
            return RouteConfig.Semantic.LOCAL;
        }
        if (!node.isObject()) {
            problems.invalid(at, node, EMBEDDER_FORMAT);
            return RouteConfig.Semantic.LOCAL;
        }
        Fields f = Fields.of(node, at, problems, EMBEDDER_FORMAT, EMBEDDER_KEYS);
        String model =
                f.requiredString("model", "the name of an embeddings model this gateway serves");
        return model == null ? RouteConfig.Semantic.LOCAL : RouteConfig.Semantic.gateway(model);
    }

    private RouteConfig.Shadow shadow(JsonNode node, String at) {
        Fields f =
                Fields.of(
                        node,
                        at,
                        problems,
                        "a mapping of " + String.join(", ", SHADOW_KEYS),
                        SHADOW_KEYS);
        if (f.keys().isEmpty() && !node.isObject()) {
            return null;
        }
        String tier = f.requiredString("tier", "a declared tier");
        if (tier != null && !tiers.containsKey(tier)) {
            problems.invalidText(
                    f.path("tier"),
                    tier,
                    tiers.isEmpty()
                            ? "a declared tier"
                            : "one of " + String.join(", ", tiers.keySet()));
            tier = null;
        }
        double rate = -1;
        JsonNode r = f.get("rate");
        if (r == null) {
            problems.missing(f.path("rate"), "a number in 0.0..1.0");
        } else if (!r.isNumber() || r.doubleValue() < 0 || r.doubleValue() > 1) {
            problems.invalid(f.path("rate"), r, "a number in 0.0..1.0");
        } else {
            rate = r.doubleValue();
        }
        String comparator = f.string("comparator", "exact");
        if (comparator != null && !COMPARATORS.contains(comparator)) {
            problems.invalidText(
                    f.path("comparator"), comparator, "one of " + String.join(", ", COMPARATORS));
            comparator = null;
        }
        String regex = f.string("verdict_regex", null);
        if (regex != null) {
            if (!"verdict".equals(comparator)) {
                problems.invalidText(
                        f.path("verdict_regex"), regex, "only with comparator: verdict");
                regex = null;
            } else {
                try {
                    Pattern.compile(regex);
                } catch (java.util.regex.PatternSyntaxException e) {
                    problems.invalidText(
                            f.path("verdict_regex"), regex, "a Java regular expression");
                    regex = null;
                }
            }
        }
        boolean bad = tier == null || rate < 0 || comparator == null;
        return bad ? null : new RouteConfig.Shadow(tier, rate, comparator, regex);
    }

    private RouteConfig.Match match(JsonNode node, String at) {
        Fields f =
                Fields.of(
                        node,
                        at,
                        problems,
                        "a mapping of " + String.join(", ", MATCH_KEYS),
                        MATCH_KEYS);
        List<String> endpoints = strings(f, "endpoint");
        for (String e : endpoints) {
            if (!ENDPOINTS.contains(e)) {
                problems.invalidText(
                        f.path("endpoint"), e, "one of " + String.join(", ", ENDPOINTS));
            }
        }
        List<String> formats = strings(f, "response_format");
        for (String r : formats) {
            if (!RESPONSE_FORMATS.contains(r)) {
                problems.invalidText(
                        f.path("response_format"),
                        r,
                        "one of " + String.join(", ", RESPONSE_FORMATS));
            }
        }
        return new RouteConfig.Match(
                strings(f, "check"),
                strings(f, "model"),
                strings(f, "pipeline"),
                endpoints,
                formats);
    }

    /** A string or a list of non-empty strings. */
    private List<String> strings(Fields f, String key) {
        List<String> out = new ArrayList<>();
        JsonNode v = f.get(key);
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual() && !v.textValue().isEmpty()) {
            out.add(v.textValue());
            return out;
        }
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                String s =
                        f.text(
                                v.get(i),
                                Problems.index(f.path(key), i),
                                "a non-empty string",
                                false);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
        problems.invalid(f.path(key), v, "a string or a list of strings");
        return out;
    }

    private RouteConfig.Target target(JsonNode node, String at) {
        Fields f = Fields.of(node, at, problems, TARGET_FORMAT, TARGET_KEYS);
        if (f.has("tier")) {
            if (f.has("provider") || f.has("model")) {
                problems.add(
                        at, "both a tier and a provider/model (expected: " + TARGET_FORMAT + ")");
                return null;
            }
            String tier = f.requiredString("tier", "a declared tier");
            TierConfig t = tier == null ? null : tiers.get(tier);
            if (tier != null && t == null) {
                problems.invalidText(
                        f.path("tier"),
                        tier,
                        tiers.isEmpty()
                                ? "a declared tier"
                                : "one of " + String.join(", ", tiers.keySet()));
                return null;
            }
            return t == null ? null : new RouteConfig.Target(t.name(), t.provider(), t.model());
        }
        String provider = provider(f);
        String model = f.requiredString("model", "a non-empty upstream model name");
        return provider == null || model == null
                ? null
                : new RouteConfig.Target(null, provider, model);
    }

    private String provider(Fields f) {
        String provider = f.requiredString("provider", "a declared provider");
        if (provider != null && !providers.contains(provider)) {
            problems.invalidText(
                    f.path("provider"),
                    provider,
                    providers.isEmpty()
                            ? "a declared provider"
                            : "one of " + String.join(", ", providers));
            return null;
        }
        return provider;
    }
}
