package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.gateway.scale.ScaleToZeroConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates and binds the {@code providers:} section. */
final class ProviderBinder {

    private static final List<String> KEYS =
            List.of(
                    "kind",
                    "base_url",
                    "api_key",
                    "auth_header",
                    "models",
                    "headers",
                    "query",
                    "connect_timeout",
                    "first_byte_timeout",
                    "idle_timeout",
                    "max_connections",
                    "max_concurrency",
                    "max_queue",
                    "price_as",
                    "scale_to_zero");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern PRICE_AS = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final List<String> AUTH_HEADERS =
            List.of("authorization", "x-api-key", "api-key");
    private static final String KINDS = "openai | anthropic";
    private static final String MODELS = "a non-empty list of model names or globs";

    private final Problems problems;
    private final Set<String> declared = new LinkedHashSet<>();
    private final Map<String, String> exactModelOwners = new HashMap<>();

    ProviderBinder(Problems problems) {
        this.problems = problems;
    }

    /** The valid providers by name, in order; problems recorded for the others. */
    Map<String, ProviderConfig> bind(JsonNode node, boolean present) {
        Map<String, ProviderConfig> result = new LinkedHashMap<>();
        if (!present) {
            problems.missing("providers", "at least one provider");
            return result;
        }
        if (node.isNull() || (node.isObject() && node.isEmpty())) {
            problems.invalid("providers", node, "at least one provider");
            return result;
        }
        Fields all = Fields.anyKeys(node, "providers", problems, "a mapping of provider names");
        for (Map.Entry<String, JsonNode> e : all.entries()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                problems.invalidText(
                        "providers", name, "a provider name matching " + NAME.pattern());
            }
            declared.add(name);
            ProviderConfig provider = provider(name, all.path(name), e.getValue());
            if (provider != null) {
                result.put(name, provider);
            }
        }
        return result;
    }

    /** Every provider name in the section, valid or not, in order. */
    Set<String> declared() {
        return declared;
    }

    /** The first provider that lists {@code model} exactly (not by glob), or null. */
    String exactModelOwner(String model) {
        return exactModelOwners.get(model);
    }

    private ProviderConfig provider(String name, String at, JsonNode node) {
        int before = problems.count();
        Fields f = Fields.of(node, at, problems, "a mapping of " + String.join(", ", KEYS), KEYS);
        ProviderKind kind = kind(f);
        URI baseUrl = UpstreamValues.baseUrl(f);
        String apiKey = null;
        if (f.has("api_key")) {
            apiKey =
                    f.text(
                            f.get("api_key"),
                            f.path("api_key"),
                            "a non-empty string; leave api_key out for passthrough",
                            true);
        }
        String authHeader = kind == null ? null : kind.defaultAuthHeader();
        if (f.has("auth_header")) {
            authHeader = f.string("auth_header", authHeader);
            if (authHeader != null && !AUTH_HEADERS.contains(authHeader)) {
                problems.invalidText(
                        f.path("auth_header"), authHeader, String.join(" | ", AUTH_HEADERS));
            }
        }
        List<String> models = models(name, f);
        Map<String, String> headers = UpstreamValues.headers(f);
        Map<String, String> query = UpstreamValues.query(f);
        Duration connect = f.duration("connect_timeout", ProviderConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration firstByte =
                f.duration("first_byte_timeout", ProviderConfig.DEFAULT_FIRST_BYTE_TIMEOUT);
        Duration idle = f.duration("idle_timeout", ProviderConfig.DEFAULT_IDLE_TIMEOUT);
        int maxConnections =
                f.integer("max_connections", 1, 10_000, ProviderConfig.DEFAULT_MAX_CONNECTIONS);
        int maxConcurrency = f.integer("max_concurrency", 0, 100_000, 0);
        int maxQueue = f.integer("max_queue", 0, 1_000_000, ProviderConfig.DEFAULT_MAX_QUEUE);
        String priceAs = f.string("price_as", null);
        if (priceAs != null && !PRICE_AS.matcher(priceAs).matches()) {
            problems.invalidText(
                    f.path("price_as"), priceAs, "a provider name of letters, digits, _ . -");
        }
        ScaleToZeroConfig scaleToZero = ScaleBinder.bind(f, baseUrl);
        if (problems.count() != before) {
            return null;
        }
        return new ProviderConfig(
                name,
                kind,
                baseUrl,
                apiKey,
                authHeader,
                models,
                headers,
                query,
                connect,
                firstByte,
                idle,
                maxConnections,
                maxConcurrency,
                maxQueue,
                priceAs,
                scaleToZero);
    }

    private ProviderKind kind(Fields f) {
        String name = f.requiredString("kind", KINDS);
        if (name == null) {
            return null;
        }
        ProviderKind kind = ProviderKind.fromConfigName(name);
        if (kind == null) {
            problems.invalidText(f.path("kind"), name, KINDS);
        }
        return kind;
    }

    private List<String> models(String provider, Fields f) {
        List<String> models = new ArrayList<>();
        if (!f.has("models")) {
            problems.missing(f.path("models"), MODELS);
            return models;
        }
        JsonNode list = f.get("models");
        if (!list.isArray() || list.isEmpty()) {
            problems.invalid(f.path("models"), list, MODELS);
            return models;
        }
        for (int i = 0; i < list.size(); i++) {
            String model =
                    f.text(
                            list.get(i),
                            Problems.index(f.path("models"), i),
                            "a non-empty model name or glob",
                            false);
            if (model != null) {
                models.add(model);
                if (!ModelPattern.isGlob(model)) {
                    exactModelOwners.putIfAbsent(model, provider);
                }
            }
        }
        return models;
    }
}
