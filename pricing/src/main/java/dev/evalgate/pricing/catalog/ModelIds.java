package dev.evalgate.pricing.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The id arithmetic behind {@link PriceCatalog#resolve}: normalising and version qualifiers. */
final class ModelIds {

    /**
     * One trailing version qualifier: {@code -latest}, a date ({@code -2024-08-06}, {@code
     * -20241022}) or a four-digit snapshot ({@code -0613}, {@code -0125}).
     */
    private static final Pattern QUALIFIER =
            Pattern.compile("-(?:latest|\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4})$");

    private ModelIds() {}

    /** The form ids are compared in: trimmed and lower-cased. */
    static String normalize(String id) {
        return id.strip().toLowerCase(Locale.ROOT);
    }

    /** The id without its last version qualifier, or empty if it does not end in one. */
    static Optional<String> dropQualifier(String id) {
        Matcher m = QUALIFIER.matcher(id);
        if (!m.find() || m.start() == 0) {
            return Optional.empty();
        }
        return Optional.of(id.substring(0, m.start()));
    }
}
