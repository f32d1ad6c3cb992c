package dev.evalgate.gateway.config;

import java.util.List;

/**
 * One routing rule: requests that match go to a target (then its fallbacks, in order).
 *
 * @param name the route's name, sent back as {@code X-Eval-Route}
 * @param match what a request must look like (every given field must match)
 * @param target where matching requests go
 * @param fallbacks targets tried in order when the target is exhausted or its circuit is open
 * @param attempts tries per target, the first included (1: no retry)
 * @param shadow a sample of requests also sent to another tier and compared, or null
 * @param semantic the route's semantic cache tier ({@code cache.semantic}), or null when off
 */
public record RouteConfig(
        String name,
        Match match,
        Target target,
        List<Target> fallbacks,
        int attempts,
        Shadow shadow,
        Semantic semantic) {

    /** Creates the route; the list is copied. */
    public RouteConfig {
        fallbacks = List.copyOf(fallbacks);
    }

    /**
     * Conditions on a request; an empty list matches anything. Values within a list are
     * alternatives; lists are combined with AND.
     *
     * @param checks {@code X-Eval-Check} values
     * @param models requested model names or globs (before routing)
     * @param pipelines {@code X-Eval-Pipeline} names or globs
     * @param endpoints {@code chat/completions}, {@code completions}, {@code embeddings}, {@code
     *     messages}
     * @param responseFormats {@code response_format.type} values: {@code json_object}, {@code
     *     json_schema}, {@code text}
     */
    public record Match(
            List<String> checks,
            List<String> models,
            List<String> pipelines,
            List<String> endpoints,
            List<String> responseFormats) {
        /** Creates the match; lists are copied. */
        public Match {
            checks = List.copyOf(checks);
            models = List.copyOf(models);
            pipelines = List.copyOf(pipelines);
            endpoints = List.copyOf(endpoints);
            responseFormats = List.copyOf(responseFormats);
        }
    }

    /**
     * A destination: a provider and the model sent to it, named by a tier or given directly.
     *
     * @param tier the tier it came from, or null
     * @param provider a declared provider
     * @param model the upstream model
     */
    public record Target(String tier, String provider, String model) {}

    /**
     * Proxy fidelity: a sample of the route's requests is sent again, in the background, to another
     * tier, and the two answers are compared.
     *
     * @param tier the declared tier the shadow calls go to
     * @param rate the share of requests shadowed, 0..1
     * @param comparator {@code exact}, {@code json-equal}, {@code json-valid-both}, {@code
     *     normalized-text} or {@code verdict}
     * @param verdictRegex for {@code verdict}: the label is its first capture group (or whole
     *     match); null: the first word
     */
    public record Shadow(String tier, double rate, String comparator, String verdictRegex) {}

    /**
     * The semantic tier of a route: a request whose exact key misses may be answered with the
     * answer of an earlier request of the same frame whose final user text is similar enough.
     *
     * <p>The embedder is written {@code embedder: local} (the default) or {@code embedder: {model:
     * text-embedding-3-small}}: the latter embeds through this gateway's own {@code
     * /v1/embeddings}, so the model is routed by the aliases, routes and provider model lists like
     * any request, and its calls are cached, metered and billed to the run, pipeline and tenant of
     * the request that needed them.
     *
     * @param threshold the lowest cosine similarity that counts as the same text, in 0.5..1.0
     * @param embedder {@value #LOCAL}: the in-process all-MiniLM-L6-v2; {@code gateway:<model>}:
     *     the embeddings model {@code <model>} served through this gateway (see {@link #gateway}).
     *     The string goes into frame keys, so vectors of different embedders never meet
     * @param maxChars longest final user text embedded; a longer one is answered by the exact tier
     *     alone
     */
    public record Semantic(double threshold, String embedder, int maxChars) {
        /** The threshold used when a route does not name one. */
        public static final double DEFAULT_THRESHOLD =
                dev.evalgate.cache.semantic.Cosine.DEFAULT_THRESHOLD;

        /** The longest text embedded when a route does not say. */
        public static final int DEFAULT_MAX_CHARS = 2000;

        /** The in-process embedder's name in the config. */
        public static final String LOCAL = "local";

        /** How an embedder served through this gateway is spelt in {@link #embedder}. */
        public static final String GATEWAY_PREFIX = "gateway:";

        /** The {@link #embedder} value of embeddings model {@code model} served by this gateway. */
        public static String gateway(String model) {
            return GATEWAY_PREFIX + model;
        }

        /** The embeddings model served through this gateway, or null for {@value #LOCAL}. */
        public String gatewayModel() {
            return embedder.startsWith(GATEWAY_PREFIX)
                    ? embedder.substring(GATEWAY_PREFIX.length())
                    : null;
        }
    }
}
