package dev.evalgate.pricing.catalog;

import java.util.List;

/**
 * A price catalog file that cannot be used, with each of its problems as {@code path: value
 * (expected: …)} or {@code line n, column m: …}, so a caller can report them one by one.
 */
public final class InvalidCatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The problems, in file order; never empty. */
    private final List<String> problems;

    InvalidCatalogException(String message, List<String> problems, Throwable cause) {
        super(message, cause);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<String> problems() {
        return problems;
    }
}
