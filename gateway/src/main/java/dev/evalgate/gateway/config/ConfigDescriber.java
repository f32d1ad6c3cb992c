package dev.evalgate.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.cost.Micros;
import dev.evalgate.pricing.ratio.RatioBands;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Prints the effective config in the YAML schema, defaults filled in and secrets masked: API keys,
 * credential-like header and query values, and the hashes of gateway keys.
 */
final class ConfigDescriber {

    private static final YAMLMapper YAML =
            YAMLMapper.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .build();

    private ConfigDescriber() {}

    static String describe(GatewayConfig config) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        ServerConfig s = config.server();
        root.putObject("server")
                .put("host", s.host())
                .put("port", s.port())
                .put("max_body_bytes", Units.formatSize(s.maxBodyBytes()))
                .put("drain_timeout", Units.formatDuration(s.drainTimeout()))
                .put("io_threads", s.ioThreads())
                .put("request_read_timeout", Units.formatDuration(s.requestReadTimeout()))
                .put("idle_timeout", Units.formatDuration(s.idleTimeout()));
        ObjectNode providers = root.putObject("providers");
        for (ProviderConfig p : config.providers().values()) {
            ObjectNode n = providers.putObject(p.name());
            n.put("kind", p.kind().configName()).put("base_url", p.baseUrl().toString());
            if (p.apiKey() != null) {
                n.put("api_key", Problems.MASK);
            }
            n.put("auth_header", p.authHeader());
            ArrayNode models = n.putArray("models");
            p.models().forEach(models::add);
            n.set("headers", masked(p.headers()));
            n.set("query", masked(p.query()));
            n.put("connect_timeout", Units.formatDuration(p.connectTimeout()))
                    .put("first_byte_timeout", Units.formatDuration(p.firstByteTimeout()))
                    .put("idle_timeout", Units.formatDuration(p.idleTimeout()))
                    .put("max_connections", p.maxConnections())
                    .put("max_concurrency", p.maxConcurrency())
                    .put("max_queue", p.maxQueue());
            if (p.priceAs() != null) {
                n.put("price_as", p.priceAs());
            }
            if (p.scaleToZero() != null) {
                ScaleDescriber.describe(n.putObject("scale_to_zero"), p.scaleToZero());
            }
        }
        ObjectNode aliases = root.putObject("aliases");
        config.aliases()
                .forEach(
                        (name, a) ->
                                aliases.putObject(name)
                                        .put("provider", a.provider())
                                        .put("model", a.model()));
        ArrayNode keys = root.putObject("auth").putArray("keys");
        for (AuthConfig.GatewayKey key : config.auth().keys()) {
            keys.addObject().put("tenant", key.tenant()).put("sha256", Problems.MASK);
        }
        CacheConfig c = config.cache();
        ObjectNode cache =
                root.putObject("cache")
                        .put("enabled", c.enabled())
                        .put("namespace", c.namespace())
                        .put("mode", c.mode().configName())
                        .put("ttl", Units.formatDuration(c.ttl()))
                        .put("min_ttl", Units.formatDuration(c.minTtl()))
                        .put("max_ttl", Units.formatDuration(c.maxTtl()))
                        .put("l1_max_bytes", Units.formatSize(c.l1MaxBytes()))
                        .put("max_entry_bytes", Units.formatSize(c.maxEntryBytes()))
                        .put("lookup_timeout", Units.formatDuration(c.lookupTimeout()));
        if (c.redis() != null) {
            cache.putObject("redis").put("url", Problems.MASK).put("cluster", c.redis().cluster());
        }
        ObjectNode pipelines = cache.putObject("pipelines");
        c.pipelineModes().forEach((glob, mode) -> pipelines.put(glob, mode.configName()));
        ObjectNode tiers = root.putObject("tiers");
        config.tiers()
                .forEach(
                        (name, t) ->
                                tiers.putObject(name)
                                        .put("provider", t.provider())
                                        .put("model", t.model()));
        ArrayNode routes = root.putArray("routes");
        for (RouteConfig r : config.routes()) {
            ObjectNode n = routes.addObject().put("name", r.name());
            ObjectNode m = n.putObject("match");
            list(m, "check", r.match().checks());
            list(m, "model", r.match().models());
            list(m, "pipeline", r.match().pipelines());
            list(m, "endpoint", r.match().endpoints());
            list(m, "response_format", r.match().responseFormats());
            target(n.putObject("target"), r.target());
            ArrayNode fallbacks = n.putArray("fallbacks");
            r.fallbacks().forEach(t -> target(fallbacks.addObject(), t));
            n.put("attempts", r.attempts());
            RouteConfig.Shadow sh = r.shadow();
            if (sh != null) {
                ObjectNode o =
                        n.putObject("shadow")
                                .put("tier", sh.tier())
                                .put("rate", sh.rate())
                                .put("comparator", sh.comparator());
                if (sh.verdictRegex() != null) {
                    o.put("verdict_regex", sh.verdictRegex());
                }
            }
        }
        pricing(root.putObject("pricing"), config.pricing());
        budgets(root.putObject("budgets"), config.budgets());
        try {
            return YAML.writeValueAsString(root).stripTrailing();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pricing(ObjectNode node, PricingConfig pricing) {
        if (pricing.catalog() != null) {
            node.put("catalog", pricing.catalog().toString());
        }
        ObjectNode models = node.putObject("models");
        pricing.models()
                .forEach(
                        (provider, prices) -> {
                            ObjectNode byModel = models.putObject(provider);
                            prices.forEach(
                                    (model, price) -> rates(byModel.putObject(model), price));
                        });
        node.put("run_retention", Units.formatDuration(pricing.runRetention()));
        RatioBands bands = pricing.ratioBands();
        node.putObject("ratio")
                .put("window_days", pricing.ratioWindowDays())
                .put("elevated", bands.elevatedFrom().movePointRight(2))
                .put("warning", bands.warningFrom().movePointRight(2))
                .put("critical", bands.criticalFrom().movePointRight(2));
    }

    /** Every figure, the defaulted ones included, as the builder filled them in. */
    private static void rates(ObjectNode node, ModelPrice p) {
        node.put("input", p.input())
                .put("cached_input", p.cachedInput())
                .put("output", p.output())
                .put("cache_write", p.cacheWrite())
                .put("cache_read", p.cacheRead())
                .put("per_request", p.perRequest())
                .put("gpu_hour", p.gpuHour());
    }

    private static void budgets(ObjectNode node, BudgetConfig budgets) {
        node.put("action", budgets.action().configName());
        if (budgets.downgradeTier() != null) {
            node.put("downgrade_tier", budgets.downgradeTier());
        }
        node.put("assumed_max_tokens", budgets.assumedMaxTokens())
                .put("reservation_timeout", Units.formatDuration(budgets.reservationTimeout()));
        ObjectNode pipelines = node.putObject("pipelines");
        budgets.pipelines()
                .forEach(
                        (glob, b) -> {
                            ObjectNode n = pipelines.putObject(glob);
                            if (b.runMicros() != null) {
                                n.put("run_usd", usd(b.runMicros()));
                            }
                            if (b.dailyMicros() != null) {
                                n.put("daily_usd", usd(b.dailyMicros()));
                            }
                            if (b.action() != null) {
                                n.put("action", b.action().configName());
                            }
                        });
    }

    private static BigDecimal usd(long micros) {
        return Micros.toUsd(micros).stripTrailingZeros();
    }

    private static void list(ObjectNode node, String key, java.util.List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = node.putArray(key);
            values.forEach(a::add);
        }
    }

    private static void target(ObjectNode node, RouteConfig.Target t) {
        if (t.tier() != null) {
            node.put("tier", t.tier());
        } else {
            node.put("provider", t.provider()).put("model", t.model());
        }
    }

    private static ObjectNode masked(Map<String, String> values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        values.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e ->
                                node.put(
                                        e.getKey(),
                                        Secrets.isSensitiveName(e.getKey())
                                                ? Problems.MASK
                                                : e.getValue()));
        return node;
    }
}
