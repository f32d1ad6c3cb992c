package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.pricing.catalog.InvalidCatalogException;
import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.catalog.PriceCatalog;
import dev.evalgate.pricing.catalog.PriceRates;
import dev.evalgate.pricing.ratio.RatioBands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates and binds the {@code pricing:} section. A {@code catalog} file is read here, at load
 * time, only to check it; the config keeps its path.
 */
final class PricingBinder {

    private static final List<String> KEYS = List.of("catalog", "models", "run_retention", "ratio");
    private static final List<String> RATIO_KEYS =
            List.of("window_days", "elevated", "warning", "critical");
    private static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Duration MIN_RETENTION = Duration.ofHours(1);
    private static final Duration MAX_RETENTION = Duration.ofDays(3650);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final String RATE = "a number of US dollars, such as 2.50";
    private static final String PERCENT = "a percentage, more than 0 and at most 100";

    private final Problems problems;
    private final Set<String> modelProviders = new LinkedHashSet<>();
    private Set<String> catalogProviders;
    private boolean catalogFailed;

    PricingBinder(Problems problems) {
        this.problems = problems;
    }

    PricingConfig bind(JsonNode node) {
        PricingConfig d = PricingConfig.defaults();
        Fields f = Fields.of(node, "pricing", problems, "a mapping", KEYS);
        Path catalog = f.has("catalog") ? catalog(f) : d.catalog();
        Map<String, Map<String, ModelPrice>> models = models(f);
        Duration retention =
                f.duration("run_retention", d.runRetention(), MIN_RETENTION, MAX_RETENTION);
        Fields r = Fields.of(f.get("ratio"), f.path("ratio"), problems, "a mapping", RATIO_KEYS);
        int window = r.integer("window_days", 1, 366, d.ratioWindowDays());
        RatioBands bands = bands(r, d.ratioBands());
        return new PricingConfig(catalog, models, retention, window, bands);
    }

    /**
     * True when {@code provider} is priced by the catalog in use or by {@code pricing.models},
     * compared as the catalog compares them (case-insensitively); also true when the catalog could
     * not be read, which is already a problem.
     */
    boolean prices(String provider) {
        String name = normalize(provider);
        return catalogFailed || modelProviders.contains(name) || catalogProviders().contains(name);
    }

    /** The providers {@link #prices} accepts, for a problem's {@code expected:} part. */
    String pricedProviders() {
        Set<String> all = new LinkedHashSet<>(catalogProviders());
        all.addAll(modelProviders);
        return String.join(", ", all);
    }

    private Set<String> catalogProviders() {
        if (catalogProviders == null) {
            catalogProviders = PriceCatalog.loadDefault().providers();
        }
        return catalogProviders;
    }

    private Path catalog(Fields f) {
        String text = f.string("catalog", null);
        if (text == null) {
            catalogFailed = true;
            return null;
        }
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            problems.invalidText(f.path("catalog"), text, "a file path");
            catalogFailed = true;
            return null;
        }
        if (Files.isDirectory(path)) {
            problems.invalidText(
                    f.path("catalog"), text, "a readable price catalog file; a directory");
            catalogFailed = true;
            return path;
        }
        try (InputStream in = Files.newInputStream(path)) {
            catalogProviders = PriceCatalog.load(in, text).providers();
        } catch (InvalidCatalogException e) {
            String shown = Problems.render(f.get("catalog"), false);
            e.problems().forEach(p -> problems.add(f.path("catalog"), shown + ": " + p));
            catalogFailed = true;
        } catch (IOException | UncheckedIOException e) {
            IOException cause =
                    e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            problems.invalidText(
                    f.path("catalog"),
                    text,
                    "a readable price catalog file; " + ConfigLoader.readFailure(cause));
            catalogFailed = true;
        }
        return path;
    }

    private Map<String, Map<String, ModelPrice>> models(Fields f) {
        Map<String, Map<String, ModelPrice>> result = new LinkedHashMap<>();
        Fields all =
                Fields.anyKeys(
                        f.get("models"),
                        f.path("models"),
                        problems,
                        "a mapping of provider names to their models");
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : all.entries()) {
            String provider = e.getKey();
            String at = all.path(provider);
            if (!PROVIDER.matcher(provider).matches()) {
                problems.invalidText(
                        all.path(), provider, "a provider name of letters, digits, _ . -");
            } else {
                distinct(seen, provider, at);
                modelProviders.add(normalize(provider));
            }
            Fields byModel =
                    Fields.anyKeys(e.getValue(), at, problems, "a mapping of model ids to rates");
            Map<String, ModelPrice> prices = new LinkedHashMap<>();
            Map<String, String> seenModels = new HashMap<>();
            for (Map.Entry<String, JsonNode> m : byModel.entries()) {
                String model = m.getKey();
                if (model.isBlank()) {
                    problems.invalidText(at, model, "a non-empty model id");
                    continue;
                }
                distinct(seenModels, model, byModel.path(model));
                ModelPrice price = price(m.getValue(), byModel.path(model));
                if (price != null) {
                    prices.put(model, price);
                }
            }
            result.put(provider, prices);
        }
        return result;
    }

    /** Records a key the catalog would merge with an earlier one that differs only in case. */
    private void distinct(Map<String, String> seen, String key, String at) {
        String earlier = seen.putIfAbsent(normalize(key), at);
        if (earlier != null) {
            problems.add(
                    at, "same as " + earlier + " (expected: names that differ in more than case)");
        }
    }

    /** One model's rates, by the rules of {@link PriceRates}; null after recording a problem. */
    private ModelPrice price(JsonNode node, String at) {
        int before = problems.count();
        Fields f =
                Fields.of(
                        node,
                        at,
                        problems,
                        "a mapping of " + String.join(", ", PriceRates.NAMES),
                        PriceRates.NAMES);
        Map<String, BigDecimal> figures = new LinkedHashMap<>();
        for (String name : PriceRates.NAMES) {
            BigDecimal figure = f.decimal(name, RATE);
            String problem = figure == null ? null : PriceRates.problemWith(figure);
            if (problem != null) {
                problems.invalid(f.path(name), f.get(name), problem);
            } else if (figure != null) {
                figures.put(name, figure);
            } else if (!f.has(name) && PriceRates.REQUIRED.contains(name)) {
                problems.missing(f.path(name), "a rate in US dollars per million tokens");
            }
        }
        return problems.count() == before ? PriceRates.toPrice(figures) : null;
    }

    /** The ratio bands, given in percent; defaults for the thresholds not written. */
    private RatioBands bands(Fields r, RatioBands d) {
        BigDecimal elevated = percent(r, "elevated", d.elevatedFrom());
        BigDecimal warning = percent(r, "warning", d.warningFrom());
        BigDecimal critical = percent(r, "critical", d.criticalFrom());
        if (elevated == null || warning == null || critical == null) {
            return d; // already reported: comparing a stand-in would only add noise
        }
        if (!below(r, "elevated", elevated, "warning", warning)
                || !below(r, "warning", warning, "critical", critical)) {
            return d;
        }
        return new RatioBands(
                elevated.movePointLeft(2), warning.movePointLeft(2), critical.movePointLeft(2));
    }

    /** A threshold in percent: the default when absent, null when invalid (reported). */
    private BigDecimal percent(Fields r, String key, BigDecimal defaultFraction) {
        if (!r.has(key)) {
            return defaultFraction.movePointRight(2);
        }
        BigDecimal p = r.decimal(key, PERCENT);
        if (p != null && (p.signum() <= 0 || p.compareTo(HUNDRED) > 0)) {
            problems.invalid(r.path(key), r.get(key), PERCENT);
            return null;
        }
        return p;
    }

    /**
     * Checks {@code low < high}, reporting a violation at the threshold that was written (the
     * higher one when both were).
     */
    private boolean below(
            Fields r, String lowKey, BigDecimal low, String highKey, BigDecimal high) {
        if (low.compareTo(high) < 0) {
            return true;
        }
        if (r.has(highKey)) {
            problems.add(
                    r.path(highKey),
                    shown(r, highKey, high)
                            + " (expected: above "
                            + lowKey
                            + ", "
                            + shown(r, lowKey, low)
                            + ")");
        } else {
            problems.add(
                    r.path(lowKey),
                    shown(r, lowKey, low)
                            + " (expected: below "
                            + highKey
                            + ", "
                            + shown(r, highKey, high)
                            + ")");
        }
        return false;
    }

    private static String shown(Fields r, String key, BigDecimal percent) {
        return r.has(key)
                ? Problems.render(r.get(key), false)
                : percent.toPlainString() + " by default";
    }

    private static String normalize(String provider) {
        return provider.strip().toLowerCase(Locale.ROOT);
    }
}
