package dev.evalgate.pricing.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prices per provider and model, from a dated catalog file plus configured overrides. Immutable and
 * safe to share.
 *
 * <p>The default catalog ({@value #DEFAULT_RESOURCE}) carries the list prices of OpenAI, Anthropic
 * and hosted 8B models on the date in its {@code version}; every run report names that version, so
 * a figure can always be traced to the prices it was computed with.
 *
 * <p>{@link #resolve} matches a model id to an entry of the given provider by these rules, in
 * order:
 *
 * <ol>
 *   <li>Ids compare trimmed and case-insensitively; an entry matches by its id or any of its
 *       aliases. Such a match is {@linkplain PriceMatch#exact() exact}.
 *   <li>Otherwise one trailing version qualifier is dropped and the lookup repeated, until an entry
 *       matches or no qualifier is left. Qualifiers are {@code -latest}, a date ({@code
 *       -2024-08-06}, {@code -20241022}) and a four-digit snapshot ({@code -0613}). So {@code
 *       gpt-4o-2024-08-06} resolves to {@code gpt-4o}, {@code claude-3-5-sonnet-20241022} and
 *       {@code claude-3-5-sonnet-latest} to {@code claude-3-5-sonnet}. Dropping the fewest
 *       qualifiers means the longest known prefix wins.
 *   <li>Nothing else is dropped: a prefix matches only when all that follows it is qualifiers. A
 *       variant such as {@code gpt-4o-mini-2024-07-18} can therefore never resolve to {@code
 *       gpt-4o}, nor {@code claude-opus-4-5} to {@code claude-opus-4}, nor a fine-tuned {@code
 *       ft:gpt-4o-…} to its base model: an id the rules do not place is unknown, and the caller
 *       prices it at zero and flags it.
 * </ol>
 *
 * <p>Providers are the catalog's names ({@code openai}, {@code anthropic}, {@code groq}, {@code
 * together}, {@code fireworks}), compared case-insensitively; an unknown provider resolves nothing.
 */
public final class PriceCatalog {

    /** The classpath resource of the shipped catalog. */
    public static final String DEFAULT_RESOURCE = "/evalgate-prices.yaml";

    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String OVERRIDDEN = "+overrides";

    private final String version;
    private final Map<String, String> sources;
    private final Map<String, Map<String, Entry>> byProvider;

    private record Entry(String id, ModelPrice price) {}

    private PriceCatalog(
            String version,
            Map<String, String> sources,
            Map<String, Map<String, Entry>> byProvider) {
        this.version = version;
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        Map<String, Map<String, Entry>> copy = new LinkedHashMap<>();
        byProvider.forEach(
                (provider, entries) ->
                        copy.put(
                                provider,
                                Collections.unmodifiableMap(new LinkedHashMap<>(entries))));
        this.byProvider = Collections.unmodifiableMap(copy);
    }

    /** The shipped catalog. */
    public static PriceCatalog loadDefault() {
        InputStream in = PriceCatalog.class.getResourceAsStream(DEFAULT_RESOURCE);
        if (in == null) {
            throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
        }
        return load(in, DEFAULT_RESOURCE);
    }

    /**
     * A catalog read from YAML (or JSON, which is YAML) and closes the stream.
     *
     * @param name names the source in error messages
     * @throws InvalidCatalogException listing every problem if the file is not a valid catalog
     * @throws UncheckedIOException if the stream cannot be read
     */
    public static PriceCatalog load(InputStream in, String name) {
        ObjectMapper mapper =
                new ObjectMapper(new YAMLFactory())
                        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        CatalogFile file;
        try (in) {
            file = mapper.readValue(in, CatalogFile.class);
        } catch (JacksonException e) {
            String problem =
                    e.getLocation() == null
                            ? e.getOriginalMessage()
                            : "line "
                                    + e.getLocation().getLineNr()
                                    + ", column "
                                    + e.getLocation().getColumnNr()
                                    + ": "
                                    + e.getOriginalMessage().lines().findFirst().orElse("");
            throw new InvalidCatalogException(
                    "price catalog " + name + ": " + e.getOriginalMessage(), List.of(problem), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fromFile(file, name);
    }

    private static PriceCatalog fromFile(CatalogFile file, String name) {
        List<String> problems = new ArrayList<>();
        if (file == null || file.version() == null || !VERSION.matcher(file.version()).matches()) {
            problems.add(
                    "version: "
                            + (file == null ? null : file.version())
                            + " (expected: a date, yyyy-mm-dd)");
        }
        Map<String, Map<String, Entry>> byProvider = new LinkedHashMap<>();
        if (file != null && file.providers() != null) {
            file.providers()
                    .forEach(
                            (provider, models) ->
                                    byProvider.put(
                                            ModelIds.normalize(provider),
                                            entries(provider, models, problems)));
        }
        if (byProvider.isEmpty()) {
            problems.add("providers: none (expected: at least one provider with models)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidCatalogException(
                    "price catalog "
                            + name
                            + " ("
                            + problems.size()
                            + (problems.size() == 1 ? " problem" : " problems")
                            + "):\n  "
                            + String.join("\n  ", problems),
                    problems,
                    null);
        }
        Map<String, String> sources = file.sources() == null ? Map.of() : file.sources();
        return new PriceCatalog(file.version(), sources, byProvider);
    }

    private static Map<String, Entry> entries(
            String provider, Map<String, CatalogFile.Entry> models, List<String> problems) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (models == null) {
            return entries;
        }
        models.forEach(
                (id, written) -> {
                    String path = "providers." + provider + "." + id;
                    if (written == null || written.input() == null || written.output() == null) {
                        problems.add(path + ": incomplete (expected: input and output rates)");
                        return;
                    }
                    ModelPrice price;
                    try {
                        price = PriceRates.toPrice(figures(written));
                    } catch (IllegalArgumentException e) {
                        problems.add(path + "." + e.getMessage());
                        return;
                    }
                    Entry entry = new Entry(id, price);
                    List<String> keys = new ArrayList<>(List.of(id));
                    if (written.aliases() != null) {
                        keys.addAll(written.aliases());
                    }
                    for (String key : keys) {
                        Entry previous = entries.putIfAbsent(ModelIds.normalize(key), entry);
                        if (previous != null) {
                            problems.add(
                                    path
                                            + ": "
                                            + key
                                            + " (expected: an id not already used by "
                                            + previous.id()
                                            + ")");
                        }
                    }
                });
        return entries;
    }

    private static Map<String, BigDecimal> figures(CatalogFile.Entry written) {
        Map<String, BigDecimal> figures = new LinkedHashMap<>();
        figures.put("input", written.input());
        figures.put("cached_input", written.cachedInput());
        figures.put("output", written.output());
        figures.put("cache_write", written.cacheWrite());
        figures.put("cache_read", written.cacheRead());
        figures.put("per_request", written.perRequest());
        figures.put("gpu_hour", written.gpuHour());
        figures.values().removeIf(Objects::isNull);
        return figures;
    }

    /**
     * The catalog's date ({@code 2026-11-01}), followed by {@code +overrides} when configuration
     * changed or added prices.
     */
    public String version() {
        return version;
    }

    /** Where each provider's prices were taken from, by provider. */
    public Map<String, String> sources() {
        return sources;
    }

    /** The providers the catalog prices, lower-cased. */
    public Set<String> providers() {
        return byProvider.keySet();
    }

    /** A provider's models by catalog id (aliases left out), in file order; empty if unknown. */
    public Map<String, ModelPrice> models(String provider) {
        Map<String, ModelPrice> models = new LinkedHashMap<>();
        byProvider
                .getOrDefault(ModelIds.normalize(provider), Map.of())
                .values()
                .forEach(entry -> models.putIfAbsent(entry.id(), entry.price()));
        return Collections.unmodifiableMap(models);
    }

    /**
     * A catalog with these prices added, or replacing the entries they name (an entry's aliases
     * follow it). The version gains {@code +overrides} unless {@code overrides} is empty.
     *
     * @param overrides prices by provider, then by model id
     */
    public PriceCatalog withOverrides(Map<String, Map<String, ModelPrice>> overrides) {
        Objects.requireNonNull(overrides, "overrides");
        if (overrides.values().stream().allMatch(Map::isEmpty)) {
            return this;
        }
        Map<String, Map<String, Entry>> merged = new LinkedHashMap<>();
        byProvider.forEach(
                (provider, entries) -> merged.put(provider, new LinkedHashMap<>(entries)));
        overrides.forEach(
                (provider, models) -> {
                    Map<String, Entry> entries =
                            merged.computeIfAbsent(
                                    ModelIds.normalize(provider), p -> new LinkedHashMap<>());
                    models.forEach(
                            (id, price) -> {
                                Objects.requireNonNull(price, id);
                                Entry previous = entries.get(ModelIds.normalize(id));
                                Entry replacement =
                                        new Entry(previous == null ? id : previous.id(), price);
                                if (previous != null) {
                                    entries.replaceAll(
                                            (key, entry) ->
                                                    entry.id().equals(previous.id())
                                                            ? replacement
                                                            : entry);
                                }
                                entries.put(ModelIds.normalize(id), replacement);
                            });
                });
        String base = version.endsWith(OVERRIDDEN) ? version : version + OVERRIDDEN;
        return new PriceCatalog(base, sources, merged);
    }

    /**
     * The price of {@code model} served by {@code provider}, by the rules in the class comment;
     * empty when the model is unknown.
     */
    public Optional<PriceMatch> resolve(String provider, String model) {
        Map<String, Entry> entries = byProvider.get(ModelIds.normalize(provider));
        if (entries == null || model == null) {
            return Optional.empty();
        }
        String candidate = ModelIds.normalize(model);
        boolean exact = true;
        while (true) {
            Entry entry = entries.get(candidate);
            if (entry != null) {
                return Optional.of(new PriceMatch(entry.price(), entry.id(), exact));
            }
            String shorter = ModelIds.dropQualifier(candidate).orElse(null);
            if (shorter == null) {
                return Optional.empty();
            }
            candidate = shorter;
            exact = false;
        }
    }

    @Override
    public String toString() {
        return "PriceCatalog[version=" + version + ", providers=" + providers() + "]";
    }
}
