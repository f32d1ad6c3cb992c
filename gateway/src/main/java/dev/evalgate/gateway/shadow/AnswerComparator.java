package dev.evalgate.gateway.shadow;

import dev.evalgate.gateway.config.RouteConfig;

/**
 * Whether two answers' assistant texts agree, by one of the rules a route's shadow names: {@code
 * exact}, {@code json-equal}, {@code json-valid-both}, {@code normalized-text} or {@code verdict}.
 */
@FunctionalInterface
public interface AnswerComparator {

    /** True when {@code primary} and {@code shadow} agree. */
    boolean agree(String primary, String shadow);

    /** The comparator a route's shadow names. */
    static AnswerComparator of(RouteConfig.Shadow shadow) {
        return of(shadow.comparator(), shadow.verdictRegex());
    }

    /**
     * The comparator called {@code name}; {@code verdictRegex} (or null: the first word) picks the
     * label of {@code verdict}.
     */
    static AnswerComparator of(String name, String verdictRegex) {
        return switch (name) {
            case "exact" -> String::equals;
            case "json-equal" -> Comparators::jsonEqual;
            case "json-valid-both" ->
                    (a, b) -> Comparators.json(a) != null && Comparators.json(b) != null;
            case "normalized-text" ->
                    (a, b) -> Comparators.normalize(a).equals(Comparators.normalize(b));
            case "verdict" -> Comparators.verdict(verdictRegex);
            default -> throw new IllegalArgumentException("unknown comparator: " + name);
        };
    }
}
